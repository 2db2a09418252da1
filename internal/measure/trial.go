package measure

import (
	"context"
	"sort"
	"time"

	"github.com/perfcon/perfcon/internal/lang"
	"github.com/perfcon/perfcon/internal/table"
)

// Trial runs programs on one workload under the protocol: the iteration
// count is calibrated on the first program (code before), every program
// runs with that count, and rounds interleave the programs so that drift in
// the machine's speed falls on all of them alike.
type Trial struct {
	Runner     Runner
	Progs      []lang.Program
	Scale      int64
	Iterations int64
	// Ref is the calibration run of Progs[0]; its digest is the right
	// output for every program.
	Ref Result
	// Dead marks the programs that failed a run; rounds skip them.
	Dead []bool
}

// NewTrial calibrates the iterations on progs[0] at scale and bounds later
// runs by the profile's timeout relative to it. The error is Calibrate's:
// the returned trial still holds the iterations tried and the last run, so
// a caller can tell a machine error (Ref.Status empty) from code before
// failing or never reaching the profile's minimum time.
func NewTrial(ctx context.Context, r Runner, p Profile, scale int64, progs ...lang.Program) (*Trial, error) {
	t := &Trial{Runner: r, Progs: progs, Scale: scale, Dead: make([]bool, len(progs))}
	t.Runner.Timeout = p.Timeout
	n, ref, err := Calibrate(ctx, func(ctx context.Context, iter int64) (Result, error) {
		return t.Runner.Run(ctx, progs[0], iter, scale)
	}, p.MinTime, p.MaxIterations)
	t.Iterations, t.Ref = n, ref
	if err == nil {
		t.Runner.Timeout = p.RunTimeout(ref.Wall)
	}
	return t, err
}

// Round runs every live program once, in order, and hands each run to
// each. A run that prints other than Ref's digest is wrong_output; a
// program whose run is not ok is marked dead. The error is the machine's,
// each's, or the context's.
func (t *Trial) Round(ctx context.Context, each func(i int, res Result, started time.Time) error) error {
	for i, p := range t.Progs {
		if t.Dead[i] {
			continue
		}
		started := time.Now()
		res, err := t.Runner.Run(ctx, p, t.Iterations, t.Scale)
		if err != nil {
			return err
		}
		if res.Status == table.StatusOK && res.Digest != t.Ref.Digest {
			res.Status = table.StatusWrongOutput
		}
		t.Dead[i] = res.Status != table.StatusOK
		if err := each(i, res, started); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// Median is the median of d; zero when d is empty.
func Median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
