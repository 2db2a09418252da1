// Package slurm runs a perfcon stage's shards on a Slurm cluster: one
// array job of n tasks, each running the stage with --shard i/n on its
// node. It waits for the array (sbatch --wait), submits the shards that
// wrote no part again, up to a number of retries, and merges the parts
// into the table. The shards' logs are kept under <tables>/.slurm/.
package slurm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/perfcon/perfcon/internal/shard"
)

// Options say how a stage's shards are submitted.
type Options struct {
	// Shards is the number of array tasks, each a shard of the stage's
	// tasks.
	Shards int
	// Partition, Time and Mem are sbatch's --partition, --time and --mem
	// of each shard ("": the cluster's defaults); CPUs its --cpus-per-task.
	Partition, Time, Mem string
	CPUs                 int
	// Exclusive gives each shard a node of its own.
	Exclusive bool
	// Retries is the number of times a failed shard is submitted again.
	Retries int
	// Extra holds more sbatch flags, as --account=lab.
	Extra []string
	// Program is the perfcon binary the shards run, on a file system every
	// node sees ("": this process's executable).
	Program string
	// Log gets the driver's progress and what sbatch says (nil: nothing).
	Log io.Writer
}

// Stage returns the name of the stage args run: measure, validate,
// describe or generate, the stages that take shards.
func Stage(args []string) (string, error) {
	switch {
	case len(args) >= 1 && (args[0] == "measure" || args[0] == "describe" || args[0] == "generate"):
		return args[0], nil
	case len(args) >= 2 && args[0] == "executables" && args[1] == "validate":
		return "validate", nil
	}
	return "", fmt.Errorf("slurm runs measure, executables validate, describe or generate, not %q", strings.Join(args, " "))
}

// Run runs the stage args name (perfcon's arguments after its global
// flags, as "measure --profile paper") over the tables in the folder
// tables, as o.Shards shards of one array job, from the current folder.
// After each array it calls merge, which merges the shards' parts into
// the table (the stage with --merge): it runs with shard.RunEnv naming
// this run, so that parts of earlier runs do not count, and returns a
// *shard.MissingError when shards wrote no part. Those are submitted
// again, up to o.Retries times; then Run fails naming them and their logs.
func Run(ctx context.Context, tables string, args []string, merge func(context.Context) error, o Options) error {
	stage, err := Stage(args)
	if err != nil {
		return err
	}
	for _, a := range args {
		if a == "--shard" || strings.HasPrefix(a, "--shard=") || a == "--merge" || strings.HasPrefix(a, "--merge=") {
			return fmt.Errorf("slurm sets --shard and --merge itself")
		}
	}
	if o.Shards < 1 {
		return fmt.Errorf("slurm: %d shards: want at least 1", o.Shards)
	}
	log := o.Log
	if log == nil {
		log = io.Discard
	}
	if _, err := exec.LookPath("sbatch"); err != nil {
		return fmt.Errorf("slurm: %w (is this a Slurm submit host?)", err)
	}
	self := o.Program
	if self == "" {
		if self, err = os.Executable(); err != nil {
			return err
		}
	}
	tables, err = filepath.Abs(tables)
	if err != nil {
		return err
	}
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	dir := filepath.Join(tables, ".slurm", fmt.Sprintf("%s-%s", stage, time.Now().UTC().Format("20060102T150405.000")))
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	script := filepath.Join(dir, "shard.sh")
	line := append([]string{self, "--tables", tables}, args...)
	for i := range line {
		line[i] = shellQuote(line[i])
	}
	body := "#!/bin/sh\n# A shard of perfcon " + stage + ", run by perfcon slurm.\nexec " + strings.Join(line, " ") +
		` --shard "$SLURM_ARRAY_TASK_ID/` + strconv.Itoa(o.Shards) + "\"\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		return err
	}
	// The shards' parts carry this run's name, and the merge takes no
	// other: a part an earlier run left is made again.
	prev, had := os.LookupEnv(shard.RunEnv)
	os.Setenv(shard.RunEnv, filepath.Base(dir))
	defer func() {
		if had {
			os.Setenv(shard.RunEnv, prev)
		} else {
			os.Unsetenv(shard.RunEnv)
		}
	}()
	todo := make([]int, o.Shards)
	for i := range todo {
		todo[i] = i
	}
	for attempt := 0; ; attempt++ {
		fmt.Fprintf(log, "slurm: submitting %s shards %s of %d (attempt %d of %d); logs in %s\n",
			stage, ranges(todo), o.Shards, attempt+1, o.Retries+1, dir)
		queued, err := sbatch(ctx, o, stage, dir, cwd, script, todo, log)
		if err != nil && (!queued || ctx.Err() != nil) {
			return err // refused, or stopped: submitting again would not help
		}
		if err != nil {
			fmt.Fprintf(log, "slurm: %v\n", err)
		}
		err = merge(ctx)
		var missing *shard.MissingError
		if !errors.As(err, &missing) {
			if err == nil {
				fmt.Fprintf(log, "slurm: %s: %d shards merged\n", stage, o.Shards)
			}
			return err
		}
		if attempt >= o.Retries {
			var logs []string
			for _, i := range missing.Missing {
				logs = append(logs, fmt.Sprintf("  shard %d: %s: %s", i, shardLog(dir, i), lastLine(shardLog(dir, i))))
			}
			return fmt.Errorf("slurm: %s: shards %s still failed after %d attempts:\n%s", stage, ranges(missing.Missing),
				attempt+1, strings.Join(logs, "\n"))
		}
		todo = missing.Missing
	}
}

// sbatch submits the shards todo as one array job and waits for it. It
// says whether the job was queued: an error without that is sbatch
// refusing the job.
func sbatch(ctx context.Context, o Options, stage, dir, cwd, script string, todo []int, log io.Writer) (bool, error) {
	args := []string{"--parsable", "--wait", "--array=" + ranges(todo), "--job-name=perfcon-" + stage,
		"--output=" + filepath.Join(dir, "shard-%a.log"), "--chdir=" + cwd,
		"--cpus-per-task=" + strconv.Itoa(max(o.CPUs, 1)), "--ntasks=1"}
	if o.Mem != "" {
		args = append(args, "--mem="+o.Mem)
	}
	if o.Time != "" {
		args = append(args, "--time="+o.Time)
	}
	if o.Partition != "" {
		args = append(args, "--partition="+o.Partition)
	}
	if o.Exclusive {
		args = append(args, "--exclusive")
	}
	args = append(append(args, o.Extra...), script)
	cmd := exec.CommandContext(ctx, "sbatch", args...)
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// sbatch prints the job id when it is queued, and returns when the
	// array is done; a stopped perfcon cancels the job.
	cmd.Cancel = func() error {
		if id := strings.TrimSpace(strings.SplitN(out.String(), "\n", 2)[0]); id != "" {
			exec.Command("scancel", strings.Split(id, ";")[0]).Run()
		}
		return cmd.Process.Kill()
	}
	err := cmd.Run()
	s := strings.TrimSpace(out.String())
	if s != "" {
		fmt.Fprintf(log, "slurm: sbatch: %s\n", strings.ReplaceAll(s, "\n", "; "))
	}
	first, _, _ := strings.Cut(s, "\n")
	_, idErr := strconv.Atoi(strings.Split(first, ";")[0])
	if err != nil {
		return idErr == nil, fmt.Errorf("sbatch: %w: %s", err, strings.ReplaceAll(s, "\n", "; "))
	}
	return true, nil
}

func shardLog(dir string, i int) string { return filepath.Join(dir, fmt.Sprintf("shard-%d.log", i)) }

// lastLine is the last non-empty line of a file, or why there is none.
func lastLine(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "no log (the shard never started?)"
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}

// ranges writes ids as Slurm's --array does: 0-3,5.
func ranges(ids []int) string {
	var parts []string
	for i := 0; i < len(ids); {
		j := i
		for j+1 < len(ids) && ids[j+1] == ids[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", ids[i], ids[j]))
		} else {
			parts = append(parts, strconv.Itoa(ids[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// lockedBuffer is a buffer that the command's output and a cancel may use
// at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
