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
	"syscall"
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
	return root.ExecuteContext(ctx)
}
