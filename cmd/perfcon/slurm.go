package main

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

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/internal/shard"
)

// slurmOptions say how a stage's shards are submitted.
type slurmOptions struct {
	shards    int
	partition string
	time      string
	cpus      int
	mem       string
	exclusive bool
	retries   int
	extra     []string
}

func slurmCommand(e *env) *cobra.Command {
	var o slurmOptions
	c := &cobra.Command{
		Use:   "slurm [flags] -- STAGE [STAGE FLAGS]",
		Short: "Run a stage's shards as one Slurm array job, resubmit the failed ones, and merge",
		Long: `slurm runs measure or executables validate (or describe and generate,
where the cluster holds the model servers) on a Slurm cluster: one array
job of --shards tasks, each running the stage with --shard i/n on its node
(perfcon and the tables folder must be on a file system every node sees).
It waits for the array (sbatch --wait), resubmits the shards that wrote no
part, up to --retries times, and merges the parts into the table (the
stage's --merge). When shards still fail it exits 1 and names them, with
their log files, which are kept under <tables>/.slurm/.

Each shard asks for --cpus-per-task CPUs and --mem, for --time, in
--partition. A shard pins its runs to one CPU of those it was given; with
--exclusive (the default) each shard has a node of its own, so no two
shards share a core even where Slurm does not bind tasks to cores. Where
it does (TaskPlugin task/affinity or task/cgroup), --exclusive=false lets
shards share a node. The jobs run as the user who submits them.`,
		Example: `  perfcon slurm --shards 8 --partition short --time 2:00:00 -- measure --profile paper
  perfcon slurm --shards 4 -- executables validate --allow-failures`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSlurm(cmd.Context(), e, o, args)
		},
	}
	f := c.Flags()
	f.IntVar(&o.shards, "shards", 4, "array tasks, each a shard of the stage's tasks")
	f.StringVar(&o.partition, "partition", "", "partition to submit to (default: the cluster's)")
	f.StringVar(&o.time, "time", "", "time limit of a shard, as sbatch --time takes it (default: the partition's)")
	f.IntVar(&o.cpus, "cpus-per-task", 1, "CPUs each shard asks for")
	f.StringVar(&o.mem, "mem", "", "memory each shard asks for, as sbatch --mem takes it (default: the partition's)")
	f.BoolVar(&o.exclusive, "exclusive", true, "give each shard a node of its own")
	f.IntVar(&o.retries, "retries", 2, "times a failed shard is submitted again")
	f.StringArrayVar(&o.extra, "sbatch-flag", nil, "another sbatch flag, as --sbatch-flag=--account=lab (repeatable)")
	return c
}

// stageOf returns the stage args name: measure, validate, describe or
// generate.
func stageOf(args []string) (string, error) {
	switch {
	case len(args) >= 1 && (args[0] == "measure" || args[0] == "describe" || args[0] == "generate"):
		return args[0], nil
	case len(args) >= 2 && args[0] == "executables" && args[1] == "validate":
		return "validate", nil
	}
	return "", fmt.Errorf("slurm runs measure, executables validate, describe or generate, not %q", strings.Join(args, " "))
}

func runSlurm(ctx context.Context, e *env, o slurmOptions, args []string) error {
	stage, err := stageOf(args)
	if err != nil {
		return err
	}
	for _, a := range args {
		if a == "--shard" || strings.HasPrefix(a, "--shard=") || a == "--merge" || strings.HasPrefix(a, "--merge=") {
			return fmt.Errorf("slurm sets --shard and --merge itself")
		}
	}
	if o.shards < 1 {
		return fmt.Errorf("--shards %d: want at least 1", o.shards)
	}
	if _, err := exec.LookPath("sbatch"); err != nil {
		return fmt.Errorf("slurm: %w (is this a Slurm submit host?)", err)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	tables, err := filepath.Abs(e.tables)
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
		` --shard "$SLURM_ARRAY_TASK_ID/` + strconv.Itoa(o.shards) + "\"\n"
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
	todo := make([]int, o.shards)
	for i := range todo {
		todo[i] = i
	}
	merge := append(append([]string{"--tables", e.tables}, args...), "--merge", strconv.Itoa(o.shards))
	for attempt := 0; ; attempt++ {
		fmt.Fprintf(e.stderr, "slurm: submitting %s shards %s of %d (attempt %d of %d); logs in %s\n",
			stage, ranges(todo), o.shards, attempt+1, o.retries+1, dir)
		queued, err := sbatch(ctx, o, stage, dir, cwd, script, todo, e.stderr)
		if err != nil && (!queued || ctx.Err() != nil) {
			return err // refused, or stopped: submitting again would not help
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "slurm: %v\n", err)
		}
		err = perfcon(ctx, e.stdout, e.stderr, merge)
		var missing *shard.MissingError
		if !errors.As(err, &missing) {
			if err == nil {
				fmt.Fprintf(e.stderr, "slurm: %s: %d shards merged\n", stage, o.shards)
			}
			return err
		}
		if attempt >= o.retries {
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
func sbatch(ctx context.Context, o slurmOptions, stage, dir, cwd, script string, todo []int, log io.Writer) (bool, error) {
	args := []string{"--parsable", "--wait", "--array=" + ranges(todo), "--job-name=perfcon-" + stage,
		"--output=" + filepath.Join(dir, "shard-%a.log"), "--chdir=" + cwd,
		"--cpus-per-task=" + strconv.Itoa(max(o.cpus, 1)), "--ntasks=1"}
	if o.mem != "" {
		args = append(args, "--mem="+o.mem)
	}
	if o.time != "" {
		args = append(args, "--time="+o.time)
	}
	if o.partition != "" {
		args = append(args, "--partition="+o.partition)
	}
	if o.exclusive {
		args = append(args, "--exclusive")
	}
	args = append(append(args, o.extra...), script)
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
