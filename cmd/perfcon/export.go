package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/internal/duck"
)

func exportCommand(e *env) *cobra.Command {
	var out, partitionBy string
	c := &cobra.Command{
		Use:   "export",
		Short: "Copy every table into a folder to share: hive-partitioned Parquet and a manifest",
		Long: `export writes a copy of every table of --tables into --out, a new folder:
each table as a folder <out>/<table>/ of zstd Parquet files, split into
<table>/<column>=<value>/ folders by --partition-by when the table has
that column (hive partitioning), each file with the table's key-value
metadata (perfcon's version, the schema version, the command, the
dataset); and manifest.json, with every file's rows, size and SHA-256.

DuckDB, pandas, polars and Spark read each table's folder as one table:

  SELECT * FROM read_parquet('out/generations/**/*.parquet', hive_partitioning = true)
  pandas.read_parquet('out/generations')
  polars.scan_parquet('out/generations/**/*.parquet', hive_partitioning=True)
  spark.read.parquet('out/generations')

Every perfcon command reads such a folder with --tables as it reads the
tables folder itself.`,
		Example: "  perfcon export --out share/\n  perfcon export --out share/ --partition-by model",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return fmt.Errorf("--out: name the folder to write")
			}
			m, err := duck.Export(cmd.Context(), e.tables, out, partitionBy)
			if err != nil {
				return err
			}
			files, rows := 0, int64(0)
			for _, t := range m.Tables {
				files += len(t.Files)
				rows += t.Rows
			}
			fmt.Fprintf(e.stderr, "export: %d tables, %d rows in %d files -> %s (%s)\n", len(m.Tables), rows, files, out, duck.ManifestName)
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "the folder to write (must not exist)")
	c.Flags().StringVar(&partitionBy, "partition-by", "", "a column to split each table that has it by, e.g. model")
	return c
}
