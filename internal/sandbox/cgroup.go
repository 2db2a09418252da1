package sandbox

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// cgroups are where a run's cgroups are made: under this process's own
// cgroups of the v1 pids and memory controllers, where it may write them,
// else under its cgroup v2 folder, when that is delegated to it with both
// controllers.
type cgroups struct {
	pids, memory string // v1
	v2           string
	why          string // why there are none
}

// findCgroups looks for cgroups this process may make children in.
func findCgroups() cgroups {
	self, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return cgroups{why: err.Error()}
	}
	var g cgroups
	var v2path string
	for _, line := range strings.Split(string(self), "\n") {
		f := strings.SplitN(line, ":", 3)
		if len(f) != 3 {
			continue
		}
		if f[0] == "0" && f[1] == "" {
			v2path = f[2]
		}
		for _, c := range strings.Split(f[1], ",") {
			dir := filepath.Join("/sys/fs/cgroup", c, f[2])
			switch {
			case c != "pids" && c != "memory":
			case !writable(dir):
				g.why = "cgroup " + dir + " is not writable"
			case c == "pids":
				g.pids = dir
			default:
				g.memory = dir
			}
		}
	}
	if g.pids != "" && g.memory != "" {
		return g
	}
	if mnt := cgroup2Mount(); mnt != "" && v2path != "" {
		if dir, err := delegate(filepath.Join(mnt, v2path)); err == nil {
			return cgroups{v2: dir}
		} else if g.pids == "" && g.memory == "" {
			g.why = err.Error()
		}
	}
	if g.why == "" && g.pids == "" && g.memory == "" {
		g.why = "no cgroup of the pids or memory controller"
	}
	return g
}

func writable(dir string) bool { return syscall.Access(dir, 2 /* W_OK */) == nil }

// cgroup2Mount is where the cgroup v2 hierarchy is mounted, or "".
func cgroup2Mount() string {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// ... mount-point ... - fstype source options
		pre, post, ok := strings.Cut(sc.Text(), " - ")
		if fields := strings.Fields(pre); ok && len(fields) >= 5 && strings.HasPrefix(post, "cgroup2 ") {
			return fields[4]
		}
	}
	return ""
}

// delegate readies a cgroup v2 folder for runs' cgroups with the memory
// and pids controllers. A folder that holds processes (this one) can't
// give controllers to children, so this process moves to a leaf of its
// own first, as a delegated subtree's owner does.
func delegate(dir string) (string, error) {
	ctrl, err := os.ReadFile(filepath.Join(dir, "cgroup.controllers"))
	if err != nil {
		return "", err
	}
	have := strings.Fields(string(ctrl))
	for _, c := range []string{"memory", "pids"} {
		if !slices.Contains(have, c) {
			return "", fmt.Errorf("cgroup v2 %s lacks the %s controller", dir, c)
		}
	}
	if !writable(dir) {
		return "", fmt.Errorf("cgroup v2 %s is not delegated to this user", dir)
	}
	enable := filepath.Join(dir, "cgroup.subtree_control")
	if on, err := os.ReadFile(enable); err == nil && slices.Contains(strings.Fields(string(on)), "memory") &&
		slices.Contains(strings.Fields(string(on)), "pids") {
		return dir, nil
	}
	err = os.WriteFile(enable, []byte("+memory +pids"), 0o644)
	if errors.Is(err, syscall.EBUSY) {
		leaf := filepath.Join(dir, fmt.Sprintf("perfcon-%d-self", os.Getpid()))
		if err := os.Mkdir(leaf, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(leaf, "cgroup.procs"), []byte("0"), 0o644); err != nil {
			return "", fmt.Errorf("moving perfcon to its own cgroup v2 leaf: %w", err)
		}
		err = os.WriteFile(enable, []byte("+memory +pids"), 0o644)
	}
	if err != nil {
		return "", fmt.Errorf("enabling memory and pids in cgroup v2 %s: %w", dir, err)
	}
	return dir, nil
}

// parents are the folders runs' cgroups are made in.
func (g cgroups) parents() []string {
	var out []string
	for _, p := range []string{g.pids, g.memory, g.v2} {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

var cgroupSeq atomic.Int64

// runCgroups are the cgroups of one run.
type runCgroups struct {
	pids, memory string // the same folder under v2
	v2           bool
}

// make makes a run's cgroups, bounding its processes and memory. A
// controller that can't be had is left out; the helper reports what it
// joined.
func (g cgroups) make(procs int, memory int64) runCgroups {
	name := fmt.Sprintf("perfcon-%d-%d", os.Getpid(), cgroupSeq.Add(1))
	var r runCgroups
	if g.v2 != "" {
		dir := filepath.Join(g.v2, name)
		if os.Mkdir(dir, 0o755) != nil {
			return r
		}
		r.v2 = true
		if procs > 0 && os.WriteFile(filepath.Join(dir, "pids.max"), []byte(strconv.Itoa(procs)), 0o644) == nil {
			r.pids = dir
		}
		if memory > 0 && os.WriteFile(filepath.Join(dir, "memory.max"), []byte(strconv.FormatInt(memory, 10)), 0o644) == nil {
			os.WriteFile(filepath.Join(dir, "memory.swap.max"), []byte("0"), 0o644)
			r.memory = dir
		}
		if r.pids == "" && r.memory == "" {
			removeCgroup(dir)
		}
		return r
	}
	one := func(parent, file string, limit int64) string {
		if parent == "" || limit <= 0 {
			return ""
		}
		dir := filepath.Join(parent, name)
		if os.Mkdir(dir, 0o755) != nil {
			return ""
		}
		if os.WriteFile(filepath.Join(dir, file), []byte(strconv.FormatInt(limit, 10)), 0o644) != nil {
			removeCgroup(dir)
			return ""
		}
		return dir
	}
	r.pids = one(g.pids, "pids.max", int64(procs))
	r.memory = one(g.memory, "memory.limit_in_bytes", memory)
	return r
}

// dirs are the folders the helper joins: one under v2, where a cgroup
// has every controller.
func (r runCgroups) dirs() []string { return slices.Compact(nonEmpty(r.pids, r.memory)) }

func nonEmpty(s ...string) []string {
	var out []string
	for _, x := range s {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// oomKilled says whether the kernel killed a process of the run's memory
// cgroup for its limit.
func (r runCgroups) oomKilled() bool {
	if r.memory == "" {
		return false
	}
	file, key := "memory.oom_control", "oom_kill" // v1
	if r.v2 {
		file = "memory.events"
	}
	b, err := os.ReadFile(filepath.Join(r.memory, file))
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == key && f[1] != "0" {
			return true
		}
	}
	return false
}

// remove removes the run's cgroups once their last process is gone.
func (r runCgroups) remove() {
	for _, d := range r.dirs() {
		removeCgroup(d)
	}
}

func removeCgroup(dir string) {
	for i := 0; i < 50; i++ {
		if err := os.Remove(dir); err == nil || errors.Is(err, fs.ErrNotExist) {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}
