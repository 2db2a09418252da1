package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/internal/slurm"
)

func slurmCommand(e *env) *cobra.Command {
	var o slurm.Options
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
	f.IntVar(&o.Shards, "shards", 4, "array tasks, each a shard of the stage's tasks")
	f.StringVar(&o.Partition, "partition", "", "partition to submit to (default: the cluster's)")
	f.StringVar(&o.Time, "time", "", "time limit of a shard, as sbatch --time takes it (default: the partition's)")
	f.IntVar(&o.CPUs, "cpus-per-task", 1, "CPUs each shard asks for")
	f.StringVar(&o.Mem, "mem", "", "memory each shard asks for, as sbatch --mem takes it (default: the partition's)")
	f.BoolVar(&o.Exclusive, "exclusive", true, "give each shard a node of its own")
	f.IntVar(&o.Retries, "retries", 2, "times a failed shard is submitted again")
	f.StringArrayVar(&o.Extra, "sbatch-flag", nil, "another sbatch flag, as --sbatch-flag=--account=lab (repeatable)")
	return c
}

// runSlurm submits the shards of the stage args name and merges them with
// this perfcon's stage --merge.
func runSlurm(ctx context.Context, e *env, o slurm.Options, args []string) error {
	if _, err := slurm.Stage(args); err != nil {
		return err
	}
	if o.Shards < 1 {
		return fmt.Errorf("--shards %d: want at least 1", o.Shards)
	}
	o.Log = e.stderr
	merge := append(append([]string{"--tables", e.tables}, args...), "--merge", strconv.Itoa(o.Shards))
	return slurm.Run(ctx, e.tables, args, func(ctx context.Context) error {
		return perfcon(ctx, e.stdout, e.stderr, merge)
	}, o)
}
