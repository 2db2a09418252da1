package measure

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"

	"github.com/perfcon/perfcon/internal/lang"
	"github.com/perfcon/perfcon/internal/table"
)

// Run is a counted run and when it started.
type Run struct {
	Result
	Started time.Time
}

// Kept runs of code before are what validation's speed test measured of
// it, kept in the build cache (CacheDir/runs) under everything that
// decides what a run costs: this host (its name and kernel), the profile,
// the runner (cost kind, how many CPUs, meter, counters), the built program (its
// folder in the build cache, named by the hash of all its build inputs,
// its command and environment), the iterations and the scale. The
// measurement stage reuses them, when they are recent enough
// (Settings.ReuseBefore), as code before's counted runs rather than run
// code before again: its runs, the slowest of a task, are taken once, on
// the same host, minutes apart, and every verdict on a generation holds
// it against code after, which runs again beside it.
type kept struct {
	Taken time.Time `json:"taken"`
	Runs  []keptRun `json:"runs"`
}

type keptRun struct {
	Started   time.Time     `json:"started"`
	Wall      time.Duration `json:"wall_ns"`
	User      time.Duration `json:"user_ns"`
	Sys       time.Duration `json:"sys_ns"`
	MaxRSS    int64         `json:"max_rss_bytes"`
	MeanRSS   int64         `json:"mean_rss_bytes"`
	Digest    string        `json:"digest"`
	Isolation string        `json:"sandbox"`
	Instr     *int64        `json:"instructions,omitempty"`
	Cycles    *int64        `json:"cycles,omitempty"`
}

// keepKey names the kept runs of prog under runner r at iterations and
// scale on this host, under the bench's profile.
func (b *Bench) keepKey(r Runner, prog lang.Program, iterations, scale int64) string {
	var uts unix.Utsname
	_ = unix.Uname(&uts)
	host, _ := os.Hostname()
	k, _ := json.Marshal(struct {
		Host, Kernel, Profile, Kind, Meter string
		CPUs                               int
		Count                              bool
		Prog                               lang.Program
		Iterations, Scale                  int64
	}{host, unix.ByteSliceToString(uts.Release[:]), b.Settings.Profile.Label(), cmp.Or(r.Kind, table.CostCPU),
		cmp.Or(r.Meter, MeterRusage), len(r.CPUs), r.Count, prog, iterations, scale})
	sum := sha256.Sum256(k)
	return hex.EncodeToString(sum[:16])
}

func (b *Bench) keepPath(key string) string {
	return filepath.Join(b.Settings.CacheDir, "runs", key+".json")
}

// Keep keeps the counted runs of trial's code before (its Costs' runs,
// given as runs, all ok) for the measurement stage to reuse. A bench
// without a cache keeps nothing; a failure to write is the machine's.
func (b *Bench) Keep(trial *Trial, runs []Run) error {
	if b.Settings.CacheDir == "" || len(runs) == 0 || len(trial.Progs) == 0 {
		return nil
	}
	k := kept{Taken: time.Now().UTC()}
	for _, r := range runs {
		if r.Status != table.StatusOK {
			return nil
		}
		k.Runs = append(k.Runs, keptRun{Started: r.Started.UTC(), Wall: r.Wall, User: r.User, Sys: r.Sys,
			MaxRSS: r.MaxRSS, MeanRSS: r.MeanRSS, Digest: r.Digest, Isolation: r.Isolation,
			Instr: r.Instructions, Cycles: r.Cycles})
	}
	data, err := json.Marshal(k)
	if err != nil {
		return err
	}
	path := b.keepPath(b.keepKey(trial.Runner, trial.Progs[0], trial.Iterations, trial.Scale))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".runs-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// kept gives the runs of prog kept under r at iterations and scale, when
// there are at least the profile's repeats of them, all ok with one
// digest, taken within the settings' ReuseBefore; nil otherwise.
func (b *Bench) kept(r Runner, prog lang.Program, iterations, scale int64) []Run {
	age := b.Settings.ReuseBefore
	if age <= 0 || b.Settings.CacheDir == "" {
		return nil
	}
	data, err := os.ReadFile(b.keepPath(b.keepKey(r, prog, iterations, scale)))
	if err != nil {
		return nil
	}
	var k kept
	if json.Unmarshal(data, &k) != nil || time.Since(k.Taken) > age || time.Since(k.Taken) < 0 ||
		len(k.Runs) < max(b.Settings.Profile.Repeats, 1) {
		return nil
	}
	runs := make([]Run, len(k.Runs))
	for i, kr := range k.Runs {
		if kr.Digest == "" || kr.Digest != k.Runs[0].Digest {
			return nil
		}
		runs[i] = Run{Started: kr.Started, Result: Result{Status: table.StatusOK, Wall: kr.Wall, User: kr.User, Sys: kr.Sys,
			MaxRSS: kr.MaxRSS, MeanRSS: kr.MeanRSS, Digest: kr.Digest, Isolation: kr.Isolation,
			Instructions: kr.Instr, Cycles: kr.Cycles, Kind: r.Kind}}
	}
	return runs
}
