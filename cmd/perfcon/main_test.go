package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	// Benchmarks run perfcon as its own process, to measure its peak RSS:
	// VmHWM, since rusage's maxrss keeps the forking parent's high-water
	// mark across exec.
	if os.Getenv("PERFCON_RUN_CLI") == "1" {
		// As main runs it: SIGINT and SIGTERM stop it through its context.
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		if err := perfcon(ctx, os.Stdout, os.Stderr, os.Args[1:]); err != nil {
			fmt.Fprintln(os.Stderr, "perfcon:", err)
			os.Exit(1)
		}
		if status, err := os.ReadFile("/proc/self/status"); err == nil {
			for _, l := range strings.Split(string(status), "\n") {
				if strings.HasPrefix(l, "VmHWM:") {
					fmt.Fprintln(os.Stderr, l)
				}
			}
		}
		os.Exit(0)
	}
	testscript.Main(m, map[string]func(){
		"perfcon": func() {
			if err := perfcon(context.Background(), os.Stdout, os.Stderr, os.Args[1:]); err != nil {
				fmt.Fprintln(os.Stderr, "perfcon:", err)
				os.Exit(1)
			}
		},
	})
}

// The acceptance tests: testdata/script/*.txtar read like shell sessions.
func TestScripts(t *testing.T) {
	shareInShort(t)
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(e *testscript.Env) error {
			// Runs use the real toolchains; builds share one cache per script.
			for _, k := range []string{"PATH", "GOCACHE", "GOPATH", "GOMODCACHE", "HOME", "GOFLAGS", "GOPROXY"} {
				if v, ok := os.LookupEnv(k); ok {
					e.Setenv(k, v)
				}
			}
			return nil
		},
	})
}

// shareInShort runs a long test alongside the other long ones in short
// mode (make test), where packages share the machine anyway; make
// test-all runs them one after the other, so that their measurements do
// not share the CPUs.
func shareInShort(t *testing.T) {
	if testing.Short() {
		t.Parallel()
	}
}
