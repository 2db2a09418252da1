package table

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkReadByColumn reads 100,000 descriptions (about 45 MB of text)
// column by column, as ReadFile does, against parquet-go's row reader,
// the general way, in alternating rounds; it reports the row reader's
// time over the column reader's.
func BenchmarkReadByColumn(b *testing.B) {
	path := filepath.Join(b.TempDir(), "descriptions.parquet")
	rows := make([]Description, 100_000)
	for i := range rows {
		rows[i] = Description{TaskID: fmt.Sprintf("task-%06d", i), Model: "model-a", Round: 1, Sample: int32(i % 5),
			PromptVersion: "describe-v1", Description: fmt.Sprintf("The loop in %d was quadratic. %s", i, strings.Repeat("x", 400)),
			PredictedCategory: "inefficient_algorithm", PromptTokens: 1000, CompletionTokens: 200, LatencyMS: 1234}
	}
	if err := WriteFile(path, rows); err != nil {
		b.Fatal(err)
	}
	var byColumn, byRow time.Duration
	for range max(b.N, 5) {
		for _, col := range []bool{true, false} {
			f := openFile(b, path)
			start := time.Now()
			var n int
			if col {
				got, ok, err := readByColumn[Description](f)
				if err != nil || !ok {
					b.Fatalf("by column: ok %v, %v", ok, err)
				}
				n, byColumn = len(got), byColumn+time.Since(start)
			} else {
				got, err := readRows[Description](f)
				if err != nil {
					b.Fatal(err)
				}
				n, byRow = len(got), byRow+time.Since(start)
			}
			if n != len(rows) {
				b.Fatalf("%d rows of %d", n, len(rows))
			}
		}
	}
	b.ReportMetric(float64(byRow)/float64(byColumn), "rows/column")
}
