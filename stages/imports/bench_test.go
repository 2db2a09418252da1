package imports

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkImportMemory: the peak resident memory of a process importing
// a JSON Lines file of 48 MB and of 144 MB (rows of about 2 KB of code,
// so both pass a row group's 8,192 rows), as perfcon commits import runs
// it. Streamed, the peak stays near a row group's worth as the file
// grows: mb_per_file_mb is how much it grows a MB of file (a whole file
// held in memory, three times over, gives about 3).
func BenchmarkImportMemory(b *testing.B) {
	peak := func(mb int) float64 {
		dir := b.TempDir()
		in := filepath.Join(dir, "in.jsonl")
		f, err := os.Create(in)
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriter(f)
		code := strings.Repeat("x = x + 1\\n", 100) // about 1 KB each side
		for i, n := 0, 0; n < mb<<20; i++ {
			k, _ := fmt.Fprintf(w, "{\"id\": \"r-%d\", \"before\": \"def f%d(x):\\n%s    return x\\n\", \"after\": \"def f%d(x):\\n%s    return x + 0\\n\"}\n",
				i, i, code, i, code)
			n += k
		}
		w.Flush()
		f.Close()
		cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
		cmd.Env = append(os.Environ(), "PERFCON_IMPORT_IN="+in, "PERFCON_IMPORT_OUT="+filepath.Join(dir, "commits.parquet"), "PERFCON_IMPORT_HWM=1")
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("import: %v", err)
		}
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(string(out)), " kB"), 64)
		if err != nil {
			b.Fatalf("peak %q: %v", out, err)
		}
		return kb / 1024
	}
	for range b.N {
		small, large := peak(48), peak(144)
		b.ReportMetric(small, "peak_mb_48mb")
		b.ReportMetric(large, "peak_mb_144mb")
		b.ReportMetric((large-small)/96, "mb_per_file_mb")
	}
}
