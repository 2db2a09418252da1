package measurements

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/shard"
	"github.com/perfcon/perfcon/internal/table"
)

// BenchmarkMerge puts 4 shards' parts of a measurements table together,
// at three table sizes, and reports the cost per row: the merge reads
// and writes every row once, so the cost per row should stay flat as the
// table grows.
func BenchmarkMerge(b *testing.B) {
	for _, rows := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			dir := b.TempDir()
			const perTask = 100
			tasks := rows / perTask
			var commits []table.Commit
			var execs []table.Executable
			var ids []string
			for i := range tasks {
				id := fmt.Sprintf("t%06d", i)
				ids = append(ids, id)
				commits = append(commits, table.Commit{TaskID: id, Language: "python"})
				execs = append(execs, table.Executable{TaskID: id, Language: "python", ReviewStatus: table.ReviewApproved})
			}
			cp, ep := filepath.Join(dir, "commits.parquet"), filepath.Join(dir, "executables.parquet")
			if err := table.WriteFile(cp, commits); err != nil {
				b.Fatal(err)
			}
			if err := table.WriteFile(ep, execs); err != nil {
				b.Fatal(err)
			}
			out := filepath.Join(dir, "measurements.parquet")
			write := func() {
				for i := range 4 {
					s := shard.Spec{Index: i, Count: 4}
					var ms []table.Measurement
					for _, id := range s.Pick(append([]string(nil), ids...)) {
						for r := range perTask {
							ms = append(ms, table.Measurement{TaskID: id, Variant: "generated", VariantID: "0123456789abcdef",
								Repeat: int32(r), Iterations: 8, Status: "ok", WallNS: int64(r) * 1e6, UserNS: int64(r) * 9e5,
								Host: "node", HostCPU: "cpu", Meter: "rusage", StartedAt: time.Unix(int64(r), 0).UTC()})
						}
					}
					if err := table.WriteFile(s.Path(out), ms); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				write()
				b.StartTimer()
				n, err := Merge(cp, ep, out, 4)
				if err != nil || n != rows {
					b.Fatalf("merged %d rows: %v", n, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
		})
	}
}
