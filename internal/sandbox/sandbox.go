package sandbox

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

//go:embed csrc/helper.c
var helperSource string

// Limits bound one run. Zero leaves a limit unset.
type Limits struct {
	CPU time.Duration // CPU time (RLIMIT_CPU, whole seconds, rounded up)
	// Memory bounds the memory the program really uses: a memory cgroup
	// where one can be made; without one, Data is the only bound.
	Memory int64
	// Data bounds private writable mappings (RLIMIT_DATA), touched or
	// not: every thread's stack counts in full, so it needs room above
	// Memory.
	Data     int64
	Address  int64 // address space (RLIMIT_AS); runtimes such as Go reserve much more than they use
	Procs    int   // processes and threads: a pids cgroup where one can be made, else RLIMIT_NPROC
	Files    int   // open files (RLIMIT_NOFILE)
	FileSize int64 // the largest file it may write (RLIMIT_FSIZE)
	// Disk bounds the bytes the program may keep written at once in its
	// work folder, /tmp and /dev/shm together: they are one tmpfs of this
	// size (its pages count as the program's memory too).
	Disk int64
}

// Defaults are the limits of a run unless a caller sets its own. The
// kernel has no bound on a run's open files in all, only per process:
// Procs × Files (half a million) is what one run may hold.
var Defaults = Limits{Memory: 4 << 30, Data: 12 << 30, Address: 32 << 30, Procs: 1024, Files: 512,
	FileSize: 1 << 30, Disk: 1 << 30}

// Layers are what isolates a run; Exit.Missing names those that did not
// hold. "user" is a layer only for a user other than root, who needs a user
// namespace for the rest.
var Layers = []string{"net", "ipc", "fs", "dev", "proc", "pid", "disk", "seccomp", "procs", "memory"}

// systemPaths are the paths of this machine every program may read: the
// system's programs and libraries and the few files of /etc they read.
// Nothing else of the machine is in its root; a language adds its own
// (Cmd.ReadOnly).
var systemPaths = []string{
	"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
	"/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives",
	"/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/hosts", "/etc/localtime",
}

// Sandbox runs programs through the helper.
type Sandbox struct {
	helper string
	work   string // parent of the runs' work folders
	cg     cgroups
	system []string // systemPaths, and /etc's folders of installed Pythons
	hide   []string // folders of perfcon's that lie under a readable path
}

// New builds the helper into dir, once, and keeps the runs' work folders
// there.
func New(ctx context.Context, dir string) (*Sandbox, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	sum := sha256.New()
	sum.Write([]byte(helperSource))
	sum.Write([]byte(reportHeader))
	bin := filepath.Join(dir, "helper-"+hex.EncodeToString(sum.Sum(nil)[:6]), "helper")
	if _, err := os.Stat(bin); err != nil {
		if err := build(ctx, bin); err != nil {
			return nil, err
		}
	}
	s := &Sandbox{helper: bin, work: filepath.Join(dir, "work"), cg: findCgroups()}
	if err := os.MkdirAll(s.work, 0o755); err != nil {
		return nil, err
	}
	// The runs' folders are made by whoever runs, root or not.
	if err := os.Chmod(s.work, 0o1777); err != nil {
		return nil, err
	}
	s.system = append([]string{}, systemPaths...)
	if py, _ := filepath.Glob("/etc/python3*"); len(py) > 0 {
		s.system = append(s.system, py...)
	}
	// Perfcon's own folders (this cache, the project being run from, the
	// user's home) must not show through a readable path such as /usr.
	home, _ := os.UserHomeDir()
	wd, _ := os.Getwd()
	for _, p := range []string{dir, wd, home} {
		if p != "" && p != "/" && under(p, s.system) {
			s.hide = append(s.hide, p)
		}
	}
	s.removeLeftovers()
	return s, nil
}

// under says whether path lies strictly inside one of dirs.
func under(path string, dirs []string) bool {
	return slices.ContainsFunc(dirs, func(d string) bool {
		return strings.HasPrefix(path, strings.TrimSuffix(d, "/")+"/")
	})
}

// removeLeftovers removes the work folders and cgroups of runs whose
// perfcon is gone (killed, say): their names carry its pid.
func (s *Sandbox) removeLeftovers() {
	gone := func(name, prefix string) bool {
		rest, ok := strings.CutPrefix(name, prefix)
		pid, err := strconv.Atoi(strings.SplitN(rest, "-", 2)[0])
		return ok && err == nil && pid != os.Getpid() && syscall.Kill(pid, 0) == syscall.ESRCH
	}
	if ents, err := os.ReadDir(s.work); err == nil {
		for _, e := range ents {
			if gone(e.Name(), "run-") {
				os.RemoveAll(filepath.Join(s.work, e.Name()))
			}
		}
	}
	for _, parent := range s.cg.parents() {
		if ents, err := os.ReadDir(parent); err == nil {
			for _, e := range ents {
				if e.IsDir() && gone(e.Name(), "perfcon-") {
					os.Remove(filepath.Join(parent, e.Name()))
				}
			}
		}
	}
}

// build compiles the helper to a temporary name and renames it into
// place, so concurrent builders and a stop halfway leave a whole helper or
// none.
func build(ctx context.Context, bin string) error {
	if err := os.MkdirAll(filepath.Dir(filepath.Dir(bin)), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Dir(bin)), "helper.tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	src := filepath.Join(tmp, "helper.c")
	if err := os.WriteFile(src, []byte(helperSource), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, "report.h"), []byte(reportHeader), 0o644); err != nil {
		return err
	}
	cc := "cc"
	if _, err := exec.LookPath(cc); err != nil {
		cc = "gcc"
	}
	out, err := exec.CommandContext(ctx, cc, "-O2", "-o", filepath.Join(tmp, "helper"), src).CombinedOutput()
	if err != nil {
		return fmt.Errorf("building the sandbox helper with %s: %w\n%s", cc, err, out)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Dir(bin)); err != nil && !errors.Is(err, fs.ErrExist) && !isNotEmpty(err) {
		return err
	}
	return nil
}

func isNotEmpty(err error) bool { return errors.Is(err, syscall.ENOTEMPTY) }

// Probe runs a program that does nothing and says how a run is isolated
// on this machine: Exit.Isolation and Exit.Missing.
func (s *Sandbox) Probe(ctx context.Context) (Exit, error) {
	var stderr strings.Builder
	ex, err := s.Run(ctx, Cmd{Argv: []string{"/bin/true"}, Env: []string{"PATH=/usr/bin:/bin"}, Stderr: &stderr,
		Limits: Defaults}, nil)
	if err != nil {
		return ex, err
	}
	if ex.Code != 0 || ex.Signal != 0 {
		return ex, fmt.Errorf("a program that does nothing ended with exit %d, signal %d: %s",
			ex.Code, ex.Signal, strings.TrimSpace(stderr.String()))
	}
	return ex, nil
}

// Contains says whether an isolation description, from Probe or a run,
// bounds the processes a program may start: a fork bomb then stalls
// instead of filling the machine's process table.
func Contains(isolation string) bool {
	return strings.Contains(isolation, "procs by cgroup") || strings.Contains(isolation, "procs by rlimit")
}

// ExtraFD is the descriptor the program gets for Cmd.ExtraFiles[i].
func ExtraFD(i int) int { return 4 + i }
