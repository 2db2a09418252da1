package duck

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/perfcon/perfcon/internal/table"
)

// Manifest describes an exported folder: manifest.json at its root.
type Manifest struct {
	Perfcon     string          `json:"perfcon"`
	ExportedAt  time.Time       `json:"exported_at"`
	From        string          `json:"from"`
	PartitionBy string          `json:"partition_by,omitempty"`
	Tables      []ManifestTable `json:"tables"`
}

// ManifestTable is one table of an export: a folder of Parquet files,
// hive-partitioned by the export's column when the table has it.
type ManifestTable struct {
	Name          string            `json:"name"`
	Rows          int64             `json:"rows"`
	SchemaVersion string            `json:"schema_version"`
	PartitionBy   string            `json:"partition_by,omitempty"`
	Metadata      map[string]string `json:"metadata,omitempty"` // the source table's key-value metadata
	Files         []ManifestFile    `json:"files"`
}

// ManifestFile is one Parquet file of an exported table.
type ManifestFile struct {
	Path   string `json:"path"` // relative to the export's root, with / separators
	Rows   int64  `json:"rows"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// ManifestName is the manifest's file name in an export.
const ManifestName = "manifest.json"

// Export writes a copy of every table in tablesDir to out, a folder that
// must not exist yet: each table as a folder <out>/<name>/ of Parquet
// files (zstd), hive-partitioned by partitionBy (<name>/model=NAME/...)
// when the table has that column, with the source table's key-value
// metadata; and manifest.json with each file's rows, size and SHA-256.
// DuckDB, pandas (pyarrow), polars and Spark read each folder as one
// table. The copy is made beside out and renamed into place, so a stopped
// export leaves nothing that looks whole.
func Export(ctx context.Context, tablesDir, out, partitionBy string) (Manifest, error) {
	m := Manifest{Perfcon: table.Version(), ExportedAt: time.Now().UTC(), From: tablesDir, PartitionBy: partitionBy}
	if _, err := os.Stat(out); err == nil {
		return m, fmt.Errorf("export: %s exists; name a new folder", out)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return m, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return m, err
	}
	defer os.RemoveAll(tmp)
	if err := os.Chmod(tmp, 0o777&^0o022); err != nil {
		return m, err
	}
	d, err := Open(ctx, "")
	if err != nil {
		return m, err
	}
	defer d.Close()
	for _, name := range table.Tables {
		src := filepath.Join(tablesDir, name+".parquet")
		if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		md, err := table.ReadMetadata(src)
		if err := ctx.Err(); err != nil {
			return m, err // stopped while it read: that, not what the read made of it
		}
		if err != nil {
			return m, err
		}
		t := ManifestTable{Name: name, SchemaVersion: md[table.KeySchemaVersion], Metadata: md}
		// A folder name such as model=x on the way is no column.
		from := "read_parquet(" + Quote(src) + ", hive_partitioning = false)"
		var rows int64
		if err := d.Conn.QueryRowContext(ctx, "SELECT count(*) FROM "+from).Scan(&rows); err != nil {
			return m, fmt.Errorf("export %s: %w", name, err)
		}
		// An empty table stays one file, with its columns: a partitioned
		// copy of no rows would write none.
		if partitionBy != "" && rows > 0 &&
			slices.ContainsFunc(table.Columns(table.Names[name]), func(c table.Column) bool { return c.Name == partitionBy }) {
			t.PartitionBy = partitionBy
		}
		dir := filepath.Join(tmp, name)
		opts := []string{"FORMAT parquet", "COMPRESSION zstd"}
		if len(md) > 0 {
			var kv []string
			for _, k := range slices.Sorted(maps.Keys(md)) {
				kv = append(kv, Quote(k)+": "+Quote(md[k]))
			}
			opts = append(opts, "KV_METADATA {"+strings.Join(kv, ", ")+"}")
		}
		target := filepath.Join(dir, "part-0.parquet")
		if t.PartitionBy != "" {
			target = dir
			opts = append(opts, "PARTITION_BY ("+quoteIdent(partitionBy)+")")
		} else if err := os.MkdirAll(dir, 0o755); err != nil {
			return m, err
		}
		q := fmt.Sprintf("COPY (SELECT * FROM %s) TO %s (%s)", from, Quote(target), strings.Join(opts, ", "))
		if _, err := d.Conn.ExecContext(ctx, q); err != nil {
			return m, fmt.Errorf("export %s: %w", name, err)
		}
		if t.Files, t.Rows, err = describeFiles(tmp, dir); err != nil {
			return m, err
		}
		m.Tables = append(m.Tables, t)
	}
	if len(m.Tables) == 0 {
		return m, fmt.Errorf("export: no tables in %s", tablesDir)
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	if err := os.WriteFile(filepath.Join(tmp, ManifestName), append(b, '\n'), 0o666); err != nil {
		return m, err
	}
	return m, os.Rename(tmp, out)
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// describeFiles lists the Parquet files under dir with their rows, sizes
// and checksums, paths relative to root.
func describeFiles(root, dir string) ([]ManifestFile, int64, error) {
	var files []ManifestFile
	var total int64
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".parquet") {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return err
		}
		pf, err := parquet.OpenFile(f, st.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		h := sha256.New()
		if _, err := io.Copy(h, io.NewSectionReader(f, 0, st.Size())); err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		files = append(files, ManifestFile{Path: filepath.ToSlash(rel), Rows: pf.NumRows(), Bytes: st.Size(),
			SHA256: hex.EncodeToString(h.Sum(nil))})
		total += pf.NumRows()
		return nil
	})
	return files, total, err
}
