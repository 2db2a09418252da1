package executables

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/perfcon/perfcon/internal/table"
)

// HarnessHash names a harness by its source: decisions hold for the
// harness they were made on.
func HarnessHash(harness string) string {
	sum := sha256.Sum256([]byte(harness))
	return hex.EncodeToString(sum[:])
}

// ReviewedHash names what a decision on e holds for: its harness and,
// when it has one, its prelude, so an edit of either needs review again.
func ReviewedHash(e table.Executable) string {
	if e.Prelude == "" {
		return HarnessHash(e.Harness)
	}
	return HarnessHash(e.Prelude + "\x00" + e.Harness)
}

// ApplyReviews sets each executable's review status from the decisions:
// the latest decision on its current harness, if any. Without one, a
// harness authored with its task set is approved as written, and any
// other (a model's draft, or one written by hand for a mined commit) is
// pending, as is one changed since its last decision.
func ApplyReviews(execs []table.Executable, reviews []table.Review) []table.Executable {
	type key struct{ task, harness string }
	latest := map[key]table.Review{}
	for _, r := range reviews {
		k := key{r.TaskID, r.HarnessSHA256}
		if prev, ok := latest[k]; !ok || !r.DecidedAt.Before(prev.DecidedAt) {
			latest[k] = r
		}
	}
	out := slices.Clone(execs)
	for i, e := range out {
		if r, ok := latest[key{e.TaskID, ReviewedHash(e)}]; ok {
			out[i].ReviewStatus = r.Verdict
		} else if e.Origin == OriginAuthored {
			out[i].ReviewStatus = table.ReviewApproved
		} else {
			out[i].ReviewStatus = table.ReviewPending
		}
	}
	return out
}

// OriginAuthored marks a harness written with its task set.
const OriginAuthored = "authored"

// ReviewOptions name the tables and the decisions to record.
type ReviewOptions struct {
	Executables string
	Reviews     string // the decisions table; created on the first decision
	Approve     []string
	Reject      []string
	Reason      string // why the rejected ones are rejected; required with Reject
	Reviewer    string
	Now         func() time.Time
	Log         io.Writer
}

// Review records decisions on executables and writes their review status
// back into the executables table. Only a harness that passed validation
// can be approved; a rejection needs a reason. Nothing is written unless
// every decision asked for can be made.
func Review(opts ReviewOptions) error {
	if len(opts.Reject) > 0 && strings.TrimSpace(opts.Reason) == "" {
		return errors.New("a rejection needs a reason (--reason)")
	}
	if strings.TrimSpace(opts.Reviewer) == "" {
		return errors.New("no reviewer: name one (--reviewer, or $USER)")
	}
	execs, err := table.ReadFile[table.Executable](opts.Executables)
	if err != nil {
		return err
	}
	reviews, err := ReadReviews(opts.Reviews)
	if err != nil {
		return err
	}
	byTask := map[string]table.Executable{}
	for _, e := range execs {
		byTask[e.TaskID] = e
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	at := now().UTC()
	var problems []string
	decide := func(ids []string, verdict, reason string) {
		for _, id := range ids {
			e, ok := byTask[id]
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("%s: no such executable in %s", id, opts.Executables))
				continue
			case verdict == table.ReviewApproved && e.Validation != table.ValidationPassed:
				why := e.Validation
				if e.ValidationReason != "" {
					why += ": " + e.ValidationReason
				}
				problems = append(problems, fmt.Sprintf("%s: only a validated harness can be approved; validation %s (run perfcon executables validate --task %s)", id, why, id))
				continue
			}
			reviews = append(reviews, table.Review{TaskID: id, HarnessSHA256: ReviewedHash(e), Verdict: verdict,
				Reason: reason, Reviewer: opts.Reviewer, DecidedAt: at})
		}
	}
	decide(opts.Approve, table.ReviewApproved, "")
	decide(opts.Reject, table.ReviewRejected, strings.TrimSpace(opts.Reason))
	if len(problems) > 0 {
		return fmt.Errorf("nothing recorded:\n  %s", strings.Join(problems, "\n  "))
	}
	if err := table.WriteFile(opts.Reviews, reviews); err != nil {
		return err
	}
	if err := table.WriteFile(opts.Executables, ApplyReviews(execs, reviews)); err != nil {
		return err
	}
	if opts.Log != nil {
		fmt.Fprintf(opts.Log, "review: %d approved, %d rejected by %s -> %s\n", len(opts.Approve), len(opts.Reject), opts.Reviewer, opts.Reviews)
	}
	return nil
}

// ReadReviews reads the decisions table; a missing one has no decisions.
func ReadReviews(path string) ([]table.Review, error) { return readOptional[table.Review](path) }

// ListReviews writes the executables that await a decision, or all of them
// with all set: task, origin, validation and its speedup, review status.
func ListReviews(w io.Writer, execsPath string, all bool) error {
	execs, err := table.ReadFile[table.Executable](execsPath)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "task\torigin\tvalidation\tspeedup\treview")
	n := 0
	for _, e := range execs {
		if !all && e.ReviewStatus != table.ReviewPending {
			continue
		}
		speedup := "-"
		if e.Validation == table.ValidationPassed {
			speedup = fmt.Sprintf("%.2fx", e.ValidatedSpeedup)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.TaskID, e.Origin, e.Validation, speedup, e.ReviewStatus)
		n++
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "(%d of %d executables)\n", n, len(execs))
	return err
}

// DefaultReviewer is the name decisions are recorded under by default:
// the user's login name ($USER, else the account's).
func DefaultReviewer() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}
