package queries_test

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/perfcon/perfcon/internal/duck"
)

// cost is one row of a DPS cost table; a nil cost is a failed sample.
type cost struct {
	task, id string
	cost     *float64
	role     string
}

func ref(task, id string, c float64) cost    { return cost{task, id, &c, "reference"} }
func sample(task, id string, c float64) cost { return cost{task, id, &c, "sample"} }
func failed(task, id string) cost            { return cost{task, id, nil, "sample"} }

// dpsDB loads the cost rows as table costs next to the DPS macros.
func dpsDB(t *testing.T, rows []cost) (*duck.DB, context.Context) {
	t.Helper()
	db, ctx := openTables(t, t.TempDir())
	var values []string
	for _, r := range rows {
		c := "NULL"
		if r.cost != nil {
			c = fmt.Sprint(*r.cost)
		}
		values = append(values, fmt.Sprintf("(%s, %s, %s::DOUBLE, %s)", duck.Quote(r.task), duck.Quote(r.id), c, duck.Quote(r.role)))
	}
	q := "CREATE TEMP TABLE costs (task_id VARCHAR, solution_id VARCHAR, cost DOUBLE, role VARCHAR)"
	if len(values) > 0 {
		q += "; INSERT INTO costs VALUES " + strings.Join(values, ", ")
	}
	if _, err := db.Conn.ExecContext(ctx, q); err != nil {
		t.Fatal(err)
	}
	return db, ctx
}

// DPS on hand-worked cases. Each case gives the reference and sample costs,
// the parameters, the clusters expected (reference cost and score, slowest
// first) and each sample's (cluster, DPS, DPS_norm).
func TestDPS(t *testing.T) {
	for _, c := range []struct {
		name     string
		rows     []cost
		params   string
		clusters [][]string // task, cluster, size, reference_cost, score
		scores   [][]string // task, sample, cluster, dps, dps_norm
	}{{
		// 100→95 is 5% (no split); 95→50 and 50→10 split. Scores are the
		// running sums 2/4, 3/4, 4/4.
		name: "three clusters",
		rows: []cost{ref("t", "a", 100), ref("t", "b", 95), ref("t", "c", 50), ref("t", "d", 10),
			sample("t", "s97", 97), sample("t", "s50", 50), sample("t", "s5", 5), sample("t", "s101", 101), failed("t", "sfail")},
		params: "base := 0.10, weight := 0",
		clusters: [][]string{
			{"t", "0", "2", "100.00", "50.00"},
			{"t", "1", "1", "50.00", "75.00"},
			{"t", "2", "1", "10.00", "100.00"},
		},
		scores: [][]string{
			{"t", "s101", "", "0.00", "0.00"}, // slower than every reference
			{"t", "s5", "2", "100.00", "100.00"},
			{"t", "s50", "1", "75.00", "66.67"}, // a tie with a reference matches it
			{"t", "s97", "0", "50.00", "33.33"},
			{"t", "sfail", "", "0.00", "0.00"}, // failed
		},
	}, {
		name:     "equal costs are one cluster",
		rows:     []cost{ref("t", "a", 10), ref("t", "b", 10), ref("t", "c", 10), sample("t", "same", 10), sample("t", "slower", 10.001)},
		params:   "base := 0.10, weight := 0",
		clusters: [][]string{{"t", "0", "3", "10.00", "100.00"}},
		scores: [][]string{
			{"t", "same", "0", "100.00", "100.00"},
			{"t", "slower", "", "0.00", "0.00"},
		},
	}, {
		name:     "one solution",
		rows:     []cost{ref("t", "only", 42), sample("t", "s", 42)},
		params:   "base := 0.10, weight := 0",
		clusters: [][]string{{"t", "0", "1", "42.00", "100.00"}},
		scores:   [][]string{{"t", "s", "0", "100.00", "100.00"}},
	}, {
		// (100 − 90)/100 = 0.10 is not > 0.10: the test is strict.
		name:     "a gap exactly at the threshold does not split",
		rows:     []cost{ref("t", "a", 100), ref("t", "b", 90), sample("t", "s", 90)},
		params:   "base := 0.10, weight := 0",
		clusters: [][]string{{"t", "0", "2", "100.00", "100.00"}},
		scores:   [][]string{{"t", "s", "0", "100.00", "100.00"}},
	}, {
		name:     "a gap just over the threshold splits",
		rows:     []cost{ref("t", "a", 100), ref("t", "b", 89.9), sample("t", "s", 90)},
		params:   "base := 0.10, weight := 0",
		clusters: [][]string{{"t", "0", "1", "100.00", "50.00"}, {"t", "1", "1", "89.90", "100.00"}},
		scores:   [][]string{{"t", "s", "0", "50.00", "50.00"}},
	}, {
		// sqrt(weight/a) widens the threshold for cheap programs:
		// 0.10 + sqrt(100/100) = 1.1 > 0.2.
		name:     "weight widens the threshold",
		rows:     []cost{ref("t", "a", 100), ref("t", "b", 80)},
		params:   "base := 0.10, weight := 100",
		clusters: [][]string{{"t", "0", "2", "100.00", "100.00"}},
	}, {
		// Defaults 0.10 and 10 000: at 1e6 the threshold is 0.10 + 0.1 = 0.2,
		// so a 15% gap stays and a 25% gap splits.
		name: "defaults",
		rows: []cost{ref("u", "a", 1e6), ref("u", "b", 8.5e5), ref("v", "a", 1e6), ref("v", "b", 7.5e5)},
		clusters: [][]string{
			{"u", "0", "2", "1000000.00", "100.00"},
			{"v", "0", "1", "1000000.00", "50.00"},
			{"v", "1", "1", "750000.00", "100.00"},
		},
	}, {
		// Two samples with one id and cost are two samples.
		name:     "repeated samples each count",
		rows:     []cost{ref("t", "a", 100), ref("t", "b", 50), sample("t", "x", 100), sample("t", "x", 100), sample("t", "y", 50)},
		params:   "base := 0.10, weight := 0",
		clusters: [][]string{{"t", "0", "1", "100.00", "50.00"}, {"t", "1", "1", "50.00", "100.00"}},
		scores:   [][]string{{"t", "x", "0", "50.00", "50.00"}, {"t", "x", "0", "50.00", "50.00"}, {"t", "y", "1", "100.00", "100.00"}},
	}, {
		name:   "no references, no score",
		rows:   []cost{sample("t", "s", 1), ref("r", "a", 5)},
		params: "base := 0.10, weight := 0",
		clusters: [][]string{
			{"r", "0", "1", "5.00", "100.00"},
		},
		scores: [][]string{{"t", "s", "", "", ""}},
	}} {
		t.Run(c.name, func(t *testing.T) {
			db, ctx := dpsDB(t, c.rows)
			args := "'costs'"
			if c.params != "" {
				args += ", " + c.params
			}
			got := rowsAs(t, db, ctx, twoPlaces, "SELECT task_id, cluster, size, reference_cost, score FROM dps_clusters("+args+") ORDER BY task_id, cluster")
			if diff := gocmp.Diff(c.clusters, got); diff != "" {
				t.Errorf("clusters (-want +got):\n%s", diff)
			}
			got = rowsAs(t, db, ctx, twoPlaces, "SELECT task_id, solution_id, cluster, dps, dps_norm FROM dps_scores("+args+") ORDER BY task_id, solution_id")
			if diff := gocmp.Diff(c.scores, got); diff != "" {
				t.Errorf("scores (-want +got):\n%s", diff)
			}
		})
	}
}

// evalperfDPS is EvalPerf's released scoring written out imperatively, as
// its Python does it: sort slowest first, split where the relative gap to
// the next exceeds base + sqrt(weight/a), score clusters by running
// share, then match a sample from the fastest cluster down.
func evalperfDPS(refs []float64, samples []*float64, base, weight float64) (dps, norm []float64) {
	sorted := slices.Clone(refs)
	slices.SortFunc(sorted, func(a, b float64) int { return cmp.Compare(b, a) })
	var clusters [][]float64
	start := 0
	for i := 0; i+1 < len(sorted); i++ {
		a := sorted[i]
		if a > 0 && (a-sorted[i+1])/a > base+math.Sqrt(weight/a) {
			clusters = append(clusters, sorted[start:i+1])
			start = i + 1
		}
	}
	clusters = append(clusters, sorted[start:])
	var scores []float64
	acc := 0.0
	for _, c := range clusters {
		acc += 100 * float64(len(c)) / float64(len(sorted))
		scores = append(scores, acc)
	}
	for _, s := range samples {
		d, n := 0.0, 0.0
		if s != nil {
			for j := len(clusters) - 1; j >= 0; j-- {
				if *s <= clusters[j][0] {
					d, n = scores[j], 100*float64(j+1)/float64(len(clusters))
					break
				}
			}
		}
		dps, norm = append(dps, d), append(norm, n)
	}
	return dps, norm
}

// The SQL macros agree with the imperative algorithm on random tasks with
// many ties, at several bases and weights.
func TestDPSMatchesEvalPerfAlgorithm(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	var rows []cost
	type task struct {
		refs    []float64
		samples []*float64
	}
	tasks := map[string]task{}
	for i := range 60 {
		id := fmt.Sprintf("t%02d", i)
		var tk task
		for r := range 1 + rng.IntN(12) {
			c := float64(1 + rng.IntN(40)*rng.IntN(40))
			tk.refs = append(tk.refs, c)
			rows = append(rows, ref(id, fmt.Sprintf("r%02d", r), c))
		}
		for s := range 1 + rng.IntN(6) {
			sid := fmt.Sprintf("s%02d", s)
			if rng.IntN(5) == 0 {
				tk.samples = append(tk.samples, nil)
				rows = append(rows, failed(id, sid))
				continue
			}
			c := float64(1 + rng.IntN(1700))
			tk.samples = append(tk.samples, &c)
			rows = append(rows, sample(id, sid, c))
		}
		tasks[id] = tk
	}
	db, ctx := dpsDB(t, rows)
	for _, p := range []struct{ base, weight float64 }{{0.10, 0}, {0.10, 10}, {0.20, 0}, {0.05, 1}, {0, 0}} {
		res, err := db.Query(ctx, fmt.Sprintf(`SELECT task_id, dps, dps_norm FROM dps_scores('costs', base := %v, weight := %v)
			ORDER BY task_id, solution_id`, p.base, p.weight))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][][2]float64{}
		for _, r := range res.Rows {
			got[r[0].(string)] = append(got[r[0].(string)], [2]float64{r[1].(float64), r[2].(float64)})
		}
		for id, tk := range tasks {
			dps, norm := evalperfDPS(tk.refs, tk.samples, p.base, p.weight)
			for i := range dps {
				g := got[id][i]
				if math.Abs(g[0]-dps[i]) > 1e-9 || math.Abs(g[1]-norm[i]) > 1e-9 {
					t.Errorf("base %v weight %v, %s sample %d (refs %v, cost %v): SQL %v, EvalPerf's algorithm %v %v",
						p.base, p.weight, id, i, tk.refs, tk.samples[i], g, dps[i], norm[i])
				}
			}
		}
	}
}
