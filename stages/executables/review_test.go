package executables

import (
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/table"
)

// A decision holds for the harness it was made on: a drafted harness is
// pending until approved, the latest decision wins, and a harness changed
// after its approval is pending again. An authored one is approved unless
// a decision on it says otherwise.
func TestApplyReviews(t *testing.T) {
	t0 := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	drafted := table.Executable{TaskID: "d", Origin: "llm", Harness: "v1", ReviewStatus: table.ReviewApproved}
	authored := table.Executable{TaskID: "a", Origin: OriginAuthored, Harness: "h", ReviewStatus: table.ReviewPending}
	decision := func(task, harness, verdict string, at time.Duration) table.Review {
		return table.Review{TaskID: task, HarnessSHA256: HarnessHash(harness), Verdict: verdict, Reviewer: "r", DecidedAt: t0.Add(at)}
	}
	status := func(execs []table.Executable, reviews ...table.Review) []string {
		var s []string
		for _, e := range ApplyReviews(execs, reviews) {
			s = append(s, e.ReviewStatus)
		}
		return s
	}
	cases := []struct {
		name    string
		execs   []table.Executable
		reviews []table.Review
		want    []string
	}{
		{"no decisions", []table.Executable{drafted, authored}, nil, []string{"pending", "approved"}},
		{"approved", []table.Executable{drafted}, []table.Review{decision("d", "v1", "approved", 0)}, []string{"approved"}},
		{"latest wins, in any order", []table.Executable{drafted},
			[]table.Review{decision("d", "v1", "rejected", time.Hour), decision("d", "v1", "approved", 0)}, []string{"rejected"}},
		{"changed after approval", []table.Executable{{TaskID: "d", Origin: "llm", Harness: "v2"}},
			[]table.Review{decision("d", "v1", "approved", 0)}, []string{"pending"}},
		{"another task's decision", []table.Executable{drafted}, []table.Review{decision("x", "v1", "approved", 0)}, []string{"pending"}},
		{"authored, rejected", []table.Executable{authored}, []table.Review{decision("a", "h", "rejected", 0)}, []string{"rejected"}},
	}
	for _, c := range cases {
		got := status(c.execs, c.reviews...)
		for i := range c.want {
			if got[i] != c.want[i] {
				t.Errorf("%s: review status %v, want %v", c.name, got, c.want)
				break
			}
		}
	}
}
