// Command perfcon benchmarks code LLMs on performance work: it explains real
// performance fixes with a model, regenerates the code from the model's own
// explanation, measures before, after and generated code, and answers with
// SQL whether the model is self-consistent. Run `perfcon help` for the
// stages.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/internal/shard"
	"github.com/perfcon/perfcon/internal/table"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := perfcon(ctx, os.Stdout, os.Stderr, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "perfcon:", err)
		os.Exit(1)
	}
}

// perfcon is the whole program, callable from tests.
func perfcon(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	root := rootCommand(stdout, stderr)
	root.SetArgs(args)
	table.Stamp(table.KeyCommand, strings.Join(append([]string{"perfcon"}, args...), " "))
	table.Stamp(shard.RunKey, os.Getenv(shard.RunEnv))
	return root.ExecuteContext(ctx)
}

// stampDataset names, in every table a command writes, the data it was
// made from: the task set a command reads (--dataset), the files commits
// import reads, the repositories commits mine reads, or else what the
// tables folder's commits table names.
func stampDataset(cmd *cobra.Command, args []string, tables string) {
	name := ""
	switch {
	case cmd.Flags().Lookup("dataset") != nil && cmd.Name() != "draft":
		name = cmd.Flags().Lookup("dataset").Value.String()
	case cmd.Name() == "import" && len(args) > 0:
		name = strings.Join(args, " ")
	case cmd.Name() == "mine" && cmd.Flags().Lookup("repo") != nil:
		name = "mined: " + strings.Trim(cmd.Flags().Lookup("repo").Value.String(), "[]")
	default:
		if md, err := table.ReadMetadata(filepath.Join(tables, "commits.parquet")); err == nil {
			name = md[table.KeyDataset]
		}
	}
	table.Stamp(table.KeyDataset, name)
}
