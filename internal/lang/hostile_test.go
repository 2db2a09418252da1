package lang

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/sandbox"
	"github.com/perfcon/perfcon/internal/sandbox/sandboxtest"
)

func TestHostileBuildsAsOrdinaryUser(t *testing.T) {
	sandboxtest.AsOrdinaryUser(t, "^TestHostileBuildsAreContained$")
}

// Code that attacks its compiler is a build error with a reason, and the
// stage goes on: a build that reads its own output pipe forever is
// stopped at the timeout, one that reads /dev/zero at the memory limit,
// and one that includes a file of this machine finds nothing there.
func TestHostileBuildsAreContained(t *testing.T) {
	file, secret := sandboxtest.Secret(t, "after.h")
	cases := []struct {
		lang, name, code string
		want             string // in the BuildError
	}{
		{"cpp", "own output", "#include \"/proc/self/fd/1\"\n", "did not finish within"},
		{"cpp", "dev zero", "#include \"/dev/zero\"\n", ""},
		{"cpp", "a file outside", "#include \"" + file + "\"\n", "No such file"},
		{"cpp", "shadow", "#include \"/etc/shadow\"\n", "No such file"},
		{"go", "embed outside", "package main\n\nimport _ \"embed\"\n\n//go:embed " + file + "\nvar s string\n\nfunc f(n int) int { return len(s) }\n", "pattern"},
		{"go", "cgo", "package main\n\n// #cgo LDFLAGS: -Wl,--version\n// #include \"" + file + "\"\nimport \"C\"\n\nfunc f(n int) int { return n }\n", ""},
		{"python", "deep nesting", "x = " + strings.Repeat("(", 100000) + strings.Repeat(")", 100000) + "\n", ""},
	}
	cache := t.TempDir()
	sb, err := sandbox.New(context.Background(), filepath.Join(cache, "sandbox"))
	if err != nil {
		t.Fatal(err)
	}
	probe, err := sb.Probe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range probe.Missing {
		if strings.HasPrefix(m, "fs ") || strings.HasPrefix(m, "user ") {
			t.Skipf("this machine can't give a build a root of its own: %s", probe.Isolation)
		}
	}
	b := &Builder{CacheDir: cache, Sandbox: sb, Timeout: 2 * time.Minute,
		Limits: sandbox.Limits{Memory: 512 << 20, Data: 1 << 30, Address: 64 << 30, Procs: 256, Files: 256,
			FileSize: 64 << 20, Disk: 64 << 20}}
	for _, c := range cases {
		t.Run(c.lang+" "+c.name, func(t *testing.T) {
			if _, err := exec.LookPath(tools[c.lang]); err != nil {
				t.Skipf("no %s", tools[c.lang])
			}
			a, _ := Lookup(c.lang)
			start := time.Now()
			b := &Builder{CacheDir: b.CacheDir, Sandbox: sb, Timeout: b.Timeout, Limits: b.Limits}
			if c.name == "own output" {
				b.Timeout = 5 * time.Second // the one that runs into it
			}
			_, err := b.Build(context.Background(), a, c.code, programs[c.lang].harness)
			var be *BuildError
			if !errors.As(err, &be) {
				t.Fatalf("error %v after %v, want a BuildError", err, time.Since(start))
			}
			if !strings.Contains(be.Output, c.want) {
				t.Errorf("build error %q, want it to say %q", be.Output, c.want)
			}
			if strings.Contains(be.Output, secret) {
				t.Errorf("the file outside reached the build's output: %q", be.Output)
			}
			if len(be.Output) > BuildOutputMax+200 {
				t.Errorf("build output of %d bytes kept, over the %d cap", len(be.Output), BuildOutputMax)
			}
			if c.name == "own output" && time.Since(start) > 30*time.Second {
				t.Errorf("the build took %v, past its 5 s timeout", time.Since(start))
			}
			t.Logf("%v: %s", time.Since(start).Round(time.Millisecond), firstLine(be.Output))
		})
	}
	// Good code still builds after all that.
	if _, err := exec.LookPath("g++"); err == nil {
		a, _ := Lookup("cpp")
		if _, err := b.Build(context.Background(), a, programs["cpp"].code, programs["cpp"].harness); err != nil {
			t.Errorf("good code after the attacks: %v", err)
		}
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return l
}

// Without a timeout of its own, a build has its language's bound, which
// PERFCON_BUILD_TIMEOUT sets: a compiler hung on its own output pipe is
// stopped there, not minutes later. A bound that is not a duration is an
// error that names it.
func TestBuildTimeoutIsTheLanguages(t *testing.T) {
	if _, err := exec.LookPath("g++"); err != nil {
		t.Skip("no g++")
	}
	cache := t.TempDir()
	a, _ := Lookup("cpp")
	t.Setenv("PERFCON_BUILD_TIMEOUT", "soon")
	_, err := (&Builder{CacheDir: cache}).Build(context.Background(), a, "int f(int n) { return n; }\n", programs["cpp"].harness)
	if err == nil || !strings.Contains(err.Error(), "PERFCON_BUILD_TIMEOUT") {
		t.Errorf("a bound that is not a duration: %v", err)
	}
	t.Setenv("PERFCON_BUILD_TIMEOUT", "3s")
	start := time.Now()
	_, err = (&Builder{CacheDir: cache}).Build(context.Background(), a, "#include \"/proc/self/fd/1\"\n", programs["cpp"].harness)
	took := time.Since(start)
	var be *BuildError
	if !errors.As(err, &be) || !strings.Contains(be.Output, "did not finish within 3s") {
		t.Fatalf("a hung include: %v after %v; want a BuildError at the 3 s bound", err, took)
	}
	if took > 20*time.Second {
		t.Errorf("the hung build took %v under a 3 s bound", took)
	}
	if BuildTimeouts["cpp"] >= time.Minute || BuildTimeouts["go"] >= time.Minute {
		t.Errorf("default build bounds %v: a C++ or Go file builds in seconds here", BuildTimeouts)
	}
}
