package main

import (
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
)

// env carries what every command shares.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	tables         string
}

// table is the default path of a named table.
func (e *env) table(name string) string { return filepath.Join(e.tables, name+".parquet") }

func rootCommand(stdout, stderr io.Writer) *cobra.Command {
	e := &env{stdin: os.Stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "perfcon",
		Short: "Benchmark code LLMs on performance work",
		Long: `perfcon asks a model to explain a real performance fix (PL→NL), to rewrite
the code from its own explanation (NL→PL), measures code before, code after
and the generated code, and answers with SQL whether the model is
self-consistent: correct, and as fast as the human fix.

Each stage reads and writes Parquet tables in the tables folder:

  dataset fetch  repository tasks     -> .cache/repos (their repositories, once)
  commits      task set folders       -> commits.parquet
    mine       git histories          -> commits.parquet (performance commits)
    import     other studies' files   -> commits.parquet
  executables  task set folders       -> executables.parquet
  describe     commits                -> descriptions.parquet
    judge      commits, descriptions  -> description_scores.parquet (a judge model's scores)
  generate     commits, descriptions  -> generations.parquet
  refine       generations, run with feedback -> refinements.parquet
  orchestrate  refine's chains        -> routes, splits, routed chains
  measure      commits, executables, generations, refinements -> measurements.parquet
  report       all tables, queries/   -> report.md, report.html, plots
  sql          all tables             -> your query's result
  compare      all tables             -> two models side by side, with significance
  dps          any cost table         -> DPS clusters and scores
  export       all tables             -> a folder to share, with a manifest
  slurm        a stage's shards       -> one Slurm array job, merged`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRun: func(cmd *cobra.Command, args []string) {
			stampDataset(cmd, args, e.tables)
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVar(&e.tables, "tables", "reports/tables", "folder of the Parquet tables stages read and write")
	root.AddCommand(
		datasetCommand(e),
		commitsCommand(e),
		executablesCommand(e),
		describeCommand(e),
		generateCommand(e),
		refineCommand(e),
		orchestrateCommand(e),
		measureCommand(e),
		reportCommand(e),
		sqlCommand(e),
		compareCommand(e),
		dpsCommand(e),
		exportCommand(e),
		slurmCommand(e),
		modelsCommand(e),
		categoriesCommand(),
	)
	return root
}

// orDefault returns path, or the named table's default path when empty.
func (e *env) orDefault(path, name string) string {
	if path != "" {
		return path
	}
	return e.table(name)
}
