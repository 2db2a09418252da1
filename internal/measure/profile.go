package measure

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/perfcon/perfcon/internal/sandbox"
)

// Profile is a measurement protocol's settings.
type Profile struct {
	Name string
	// Use says what the profile is for, in help text.
	Use string
	// MinTime is how long code-before must run at the calibrated
	// iteration count.
	MinTime time.Duration
	// Repeats is the number of counted runs of each variant, after one
	// uncounted warm-up.
	Repeats int
	// MaxRepeats and Width make the repeats adaptive: after Repeats
	// rounds, rounds go on, up to MaxRepeats, while a variant's median
	// has a 95% confidence interval wider than Width times the median.
	// MaxRepeats at or under Repeats turns it off.
	MaxRepeats int
	Width      float64
	// MaxIterations bounds calibration.
	MaxIterations int64
	// Timeout bounds any one run; runs of variants other than code-before
	// are also bounded by TimeoutFactor times code-before's time.
	Timeout       time.Duration
	TimeoutFactor float64
	// ScaleTime is how long one iteration of code-before should take at
	// the scale a validated task runs at; Walls bound that search.
	ScaleTime time.Duration
	Walls     Walls
	// CPUs is k, how many CPUs each run of a wall-time task is given
	// (table.CostWall); a CPU-time task's runs get one.
	CPUs int
}

// Profiles are the named protocols: paper follows the study (5 s, at
// least 5 repeats); quick is the default run's; test is the tests' (a
// tenth of quick's time, fixed repeats), for checks of the pipeline
// rather than of speed.
var Profiles = map[string]Profile{
	"paper": {Name: "paper", Use: "as the study", MinTime: 5 * time.Second, Repeats: 5, MaxRepeats: 10, Width: 0.02, MaxIterations: 1 << 30,
		Timeout: 10 * time.Minute, TimeoutFactor: 10, ScaleTime: time.Second, Walls: Walls{Time: time.Minute, Memory: 4 << 30}, CPUs: 4},
	"quick": {Name: "quick", Use: "the default run", MinTime: 200 * time.Millisecond, Repeats: 5, MaxRepeats: 15, Width: 0.04, MaxIterations: 1 << 30,
		Timeout: time.Minute, TimeoutFactor: 20, ScaleTime: 20 * time.Millisecond, Walls: Walls{Time: 10 * time.Second, Memory: 1 << 30}, CPUs: 2},
	"test": {Name: "test", Use: "checks of the pipeline, not of speed", MinTime: 20 * time.Millisecond, Repeats: 5, MaxIterations: 1 << 30,
		Timeout: time.Minute, TimeoutFactor: 20, ScaleTime: 20 * time.Millisecond, Walls: Walls{Time: 10 * time.Second, Memory: 1 << 30}, CPUs: 2},
}

// ProfileNames lists the profiles, for help and errors.
func ProfileNames() string {
	return strings.Join(slices.Sorted(maps.Keys(Profiles)), ", ")
}

// Describe says what the profile asks of a run, for help text: code
// before's minimum time, the repeats (and the width they go on to), k,
// and what it is for.
func (p Profile) Describe() string {
	reps := fmt.Sprintf("%d repeats", p.Repeats)
	if p.MaxRepeats > p.Repeats {
		reps = fmt.Sprintf("%d to %d repeats to a %g%% width", p.Repeats, p.MaxRepeats, 100*p.Width)
	}
	d := fmt.Sprintf("%s (%v, %s, %d CPUs for wall-time tasks", p.Name, p.MinTime, reps, p.CPUs)
	if p.Use != "" {
		d += ": " + p.Use
	}
	return d + ")"
}

// ProfilesHelp describes every profile, for help text.
func ProfilesHelp() string {
	var d []string
	for _, name := range slices.Sorted(maps.Keys(Profiles)) {
		d = append(d, Profiles[name].Describe())
	}
	return "Profiles: " + strings.Join(d, "; ") + "."
}

// LookupProfile returns a named profile.
func LookupProfile(name string) (Profile, error) {
	p, ok := Profiles[name]
	if !ok {
		return Profile{}, fmt.Errorf("unknown profile %q (%s)", name, ProfileNames())
	}
	return p, nil
}

// Label names the profile as far as the iteration count goes: its name,
// with the minimum time when it was changed. Validation records it with
// the iterations it calibrated; measure reuses them under the same label.
func (p Profile) Label() string {
	named, ok := Profiles[p.Name]
	if !ok || (named.MinTime == p.MinTime && named.MaxIterations == p.MaxIterations && named.CPUs == p.CPUs) {
		return p.Name
	}
	l := fmt.Sprintf("%s (min time %v, at most %d iterations", p.Name, p.MinTime, p.MaxIterations)
	if named.CPUs != p.CPUs {
		l += fmt.Sprintf(", %d CPUs", p.CPUs)
	}
	return l + ")"
}

// RunTimeout is the bound on one run of a variant when code-before takes
// ref at the same iterations.
func (p Profile) RunTimeout(ref time.Duration) time.Duration {
	t := time.Duration(float64(ref) * p.TimeoutFactor)
	if t < 2*time.Second {
		t = 2 * time.Second
	}
	if p.Timeout > 0 && t > p.Timeout {
		t = p.Timeout
	}
	return t
}

// Limits are the sandbox limits of a run under the profile: memory at
// twice the memory wall, so the scale search meets its wall first; room
// above it for the full size of every thread's stack, which RLIMIT_DATA
// counts touched or not; and an address space with room for runtimes that
// reserve it up front.
func (p Profile) Limits() sandbox.Limits {
	l := sandbox.Defaults
	if p.Walls.Memory > 0 {
		l.Memory = 2 * p.Walls.Memory
		l.Data = l.Memory + 8<<30
		l.Address = 4 * l.Data
	}
	return l
}
