package main

import (
	"cmp"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/internal/dataset"
	"github.com/perfcon/perfcon/internal/repo"
)

func datasetCommand(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "dataset",
		Short: "Get what a task set needs: the repositories its repository tasks run in",
		Args:  cobra.NoArgs,
	}
	c.AddCommand(fetchCommand(e))
	return c
}

func fetchCommand(e *env) *cobra.Command {
	var dir, mirrors string
	c := &cobra.Command{
		Use:   "fetch",
		Short: "Clone the repositories of a task set's repository tasks, once",
		Long: `fetch brings every repository a task set's repository tasks run in (a
task.toml with repo_url, commit and parent) into the repository cache,
.cache/repos (or $PERFCON_REPOS), which every stage reads: one bare clone
of each repository, the files of each task's commit and parent, and a Go
task's module dependencies (downloaded through the Go proxy of the
environment; builds in the sandbox then stay offline).

A repository comes from its URL, or, on a machine without network, from a
folder of local clones: --mirrors DIR (or $PERFCON_MIRRORS) is looked in
first, as DIR/<owner>/<name>, DIR/<owner>+<name> or DIR/<name>, each with
or without .git. A commit that can't be had is an error naming its task.
Fetching again is quick: what is there is kept.`,
		Example: `  perfcon dataset fetch --dataset datasets/real
  perfcon dataset fetch --dataset datasets/real --mirrors /srv/git`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			repos := repo.Default()
			repos.Mirrors = cmp.Or(mirrors, repos.Mirrors)
			repos.Log = e.stderr
			if repos.Mirrors != "" {
				if st, err := os.Stat(repos.Mirrors); err != nil || !st.IsDir() {
					return fmt.Errorf("--mirrors %s: not a folder", repos.Mirrors)
				}
			}
			n, err := dataset.Fetch(cmd.Context(), dir, repos, func(s string) { fmt.Fprintln(e.stderr, s) })
			if err != nil {
				return err
			}
			if n == 0 {
				fmt.Fprintf(e.stderr, "dataset fetch: %s has no repository tasks: nothing to fetch\n", dir)
				return nil
			}
			fmt.Fprintf(e.stderr, "dataset fetch: %d repository tasks of %s ready in %s\n", n, dir, repos.Dir)
			return nil
		},
	}
	c.Flags().StringVar(&dir, "dataset", "datasets/core", "task set folder")
	c.Flags().StringVar(&mirrors, "mirrors", "", "folder of local clones to fetch from before the network (default $PERFCON_MIRRORS)")
	return c
}
