package imports

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/table"
)

// The test binary doubles as a process running an import, for the test
// below to signal, as perfcon's main runs it: stopped by SIGINT or
// SIGTERM through its context, exiting 1 on an error.
func TestMain(m *testing.M) {
	if in := os.Getenv("PERFCON_IMPORT_IN"); in != "" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		_, err := Import(ctx, Options{Files: []string{in}, Out: os.Getenv("PERFCON_IMPORT_OUT"), Language: "python", Category: "api_misuse"})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if os.Getenv("PERFCON_IMPORT_HWM") != "" {
			// The peak of its resident memory, for the benchmark.
			status, _ := os.ReadFile("/proc/self/status")
			for _, l := range strings.Split(string(status), "\n") {
				if strings.HasPrefix(l, "VmHWM:") {
					fmt.Println(strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:")))
				}
			}
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func rowsOf(n, from int) string {
	var b strings.Builder
	for i := from; i < from+n; i++ {
		fmt.Fprintf(&b, "{\"id\": \"r-%d\", \"before\": \"x = %d\\n\", \"after\": \"x = %d\\n\"}\n", i, i, i+1)
	}
	return b.String()
}

// An import told to stop (SIGINT or SIGTERM) halfway through its file
// stops, exits non-zero, and leaves the table it would have replaced as
// it was, with no unfinished file beside it. The file is a pipe the test
// writes, so the signal surely comes while the import is reading.
func TestSignalStopsAnImport(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "commits.parquet")
			old := []table.Commit{{TaskID: "old-1", Source: table.SourceImported, Language: "python", Category: "api_misuse",
				CodeBefore: "a = 0\n", CodeAfter: "a = 1\n"}}
			if err := table.WriteFile(out, old); err != nil {
				t.Fatal(err)
			}
			in := filepath.Join(dir, "in.jsonl")
			if err := syscall.Mkfifo(in, 0o600); err != nil {
				t.Skip(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "PERFCON_IMPORT_IN="+in, "PERFCON_IMPORT_OUT="+out)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			pipe, err := os.OpenFile(in, os.O_WRONLY, 0) // waits for the import to open it
			if err != nil {
				t.Fatal(err)
			}
			if _, err := pipe.WriteString(rowsOf(5000, 0)); err != nil {
				t.Fatal(err)
			}
			time.Sleep(200 * time.Millisecond)
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			time.Sleep(200 * time.Millisecond)
			pipe.WriteString(rowsOf(5000, 5000)) // the rest, as a file would go on
			pipe.Close()
			err = cmd.Wait()
			if err == nil || cmd.ProcessState.ExitCode() != 1 {
				t.Fatalf("the import ended with %v, want exit status 1\n%s", err, stderr.String())
			}
			if !strings.Contains(stderr.String(), "context canceled") {
				t.Errorf("it said %q, want that it was stopped", stderr.String())
			}
			rows, err := table.ReadFile[table.Commit](out)
			if err != nil || len(rows) != 1 || rows[0].TaskID != "old-1" {
				t.Errorf("the table after the stopped import: %d rows, %v; want the old one", len(rows), err)
			}
			left, _ := filepath.Glob(filepath.Join(dir, ".*"))
			if len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}
