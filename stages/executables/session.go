package executables

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aymanbagabas/go-udiff"

	"github.com/perfcon/perfcon/internal/lang"
	"github.com/perfcon/perfcon/internal/table"
)

// SessionOptions are what an interactive review reads, writes and asks.
type SessionOptions struct {
	Commits, Executables, Drafts, Reviews string
	Reviewer                              string
	// Editor is the command line that edits files: $VISUAL or $EDITOR.
	Editor string
	// Validate says how an edited harness is validated again.
	Validate ValidateOptions
	In       io.Reader
	Out      io.Writer
	Now      func() time.Time
}

// ReviewSession goes through the executables that passed validation and
// await a decision, one at a time: the commit, its change, the prelude
// and harness, the verdict with its speedup. For each, the reviewer
// approves, rejects with a reason, edits the prelude and harness in an
// editor (the edit is validated again, kept as a draft by hand, and shown
// anew), skips, or quits. Every decision is written at once.
func ReviewSession(ctx context.Context, opts SessionOptions) error {
	if strings.TrimSpace(opts.Reviewer) == "" {
		return errors.New("no reviewer: name one (--reviewer, or $USER)")
	}
	commits, err := table.ReadFile[table.Commit](opts.Commits)
	if err != nil {
		return err
	}
	byID := map[string]*table.Commit{}
	for i := range commits {
		byID[commits[i].TaskID] = &commits[i]
	}
	execs, err := table.ReadFile[table.Executable](opts.Executables)
	if err != nil {
		return err
	}
	var queue []string
	for _, e := range execs {
		if e.ReviewStatus == table.ReviewPending && e.Validation == table.ValidationPassed && byID[e.TaskID] != nil {
			queue = append(queue, e.TaskID)
		}
	}
	slices.Sort(queue)
	s := &session{opts: opts, in: bufio.NewScanner(opts.In), commits: byID}
	if len(queue) == 0 {
		fmt.Fprintln(opts.Out, "Nothing to review: no validated executable awaits a decision.")
		return nil
	}
	approved, rejected := 0, 0
	for i := 0; i < len(queue); i++ {
		id := queue[i]
		e, err := s.executable(id)
		if err != nil {
			return err
		}
		s.show(i+1, len(queue), *byID[id], e)
		switch s.ask("[a]pprove  [r]eject  [e]dit  [s]kip  [q]uit > ", "a", "r", "e", "s", "q") {
		case "a":
			if err := s.decide(id, true, ""); err != nil {
				return err
			}
			approved++
		case "r":
			reason := s.line("Why is it rejected? > ")
			for reason == "" && !s.eof {
				reason = s.line("A rejection needs a reason > ")
			}
			if s.eof {
				return s.done(approved, rejected)
			}
			if err := s.decide(id, false, reason); err != nil {
				return err
			}
			rejected++
		case "e":
			passed, err := s.edit(ctx, *byID[id], e)
			if err != nil {
				return err
			}
			if passed {
				i-- // show it again, as edited
			} else {
				fmt.Fprintln(opts.Out, "The edit failed validation; it stays pending (perfcon executables draft --from can try a fix).")
			}
		case "s":
		default: // q, or the end of the input
			return s.done(approved, rejected)
		}
	}
	return s.done(approved, rejected)
}

type session struct {
	opts    SessionOptions
	in      *bufio.Scanner
	eof     bool
	commits map[string]*table.Commit
	v       *validator
}

func (s *session) done(approved, rejected int) error {
	_, err := fmt.Fprintf(s.opts.Out, "review: %d approved, %d rejected by %s\n", approved, rejected, s.opts.Reviewer)
	return err
}

// executable reads the task's row as the table has it now.
func (s *session) executable(id string) (table.Executable, error) {
	execs, err := table.ReadFile[table.Executable](s.opts.Executables)
	if err != nil {
		return table.Executable{}, err
	}
	i := slices.IndexFunc(execs, func(e table.Executable) bool { return e.TaskID == id })
	if i < 0 {
		return table.Executable{}, fmt.Errorf("%s: no longer in %s", id, s.opts.Executables)
	}
	return execs[i], nil
}

func (s *session) show(n, of int, c table.Commit, e table.Executable) {
	w := s.opts.Out
	rule := strings.Repeat("─", 60)
	fmt.Fprintf(w, "\n%s\n[%d/%d] %s  (%s, %s)\n", rule, n, of, c.TaskID, e.Origin, c.Language)
	where := c.Repo
	if c.CommitSHA != "" {
		where += "@" + c.CommitSHA[:min(12, len(c.CommitSHA))]
	}
	fmt.Fprintf(w, "commit:     %s  %s  %s\n", strings.TrimSpace(where), c.FilePath, c.Symbol)
	fmt.Fprintf(w, "message:    %s\n", firstLine(c.CommitMessage))
	fmt.Fprintf(w, "validation: %s: %.2fx faster (p=%.3f) at scale %d, %d iterations (%s)\n", e.Validation,
		e.ValidatedSpeedup, e.ValidatedP, e.Scale, e.ValidatedIterations, e.ValidatedProfile)
	if len(e.Stubs) > 0 {
		fmt.Fprintf(w, "stubs:      %s\n", strings.Join(e.Stubs, ", "))
	}
	patch := c.Patch
	if patch == "" {
		patch = udiff.Unified("before", "after", c.CodeBefore, c.CodeAfter)
	}
	fmt.Fprintf(w, "\n── the change ──\n%s", withNewline(patch))
	if e.Prelude != "" {
		fmt.Fprintf(w, "── prelude ──\n%s", withNewline(e.Prelude))
	}
	fmt.Fprintf(w, "── harness ──\n%s\n", withNewline(e.Harness))
}

func withNewline(s string) string {
	if s == "" || strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n"
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// line prompts and reads a line; at the end of the input it returns ""
// and sets eof.
func (s *session) line(prompt string) string {
	fmt.Fprint(s.opts.Out, prompt)
	if !s.in.Scan() {
		s.eof = true
		fmt.Fprintln(s.opts.Out)
		return ""
	}
	return strings.TrimSpace(s.in.Text())
}

// ask prompts until the answer's first letter is one of choices; the end
// of the input answers the last choice.
func (s *session) ask(prompt string, choices ...string) string {
	for {
		a := strings.ToLower(s.line(prompt))
		if s.eof {
			return choices[len(choices)-1]
		}
		if a != "" && slices.Contains(choices, a[:1]) {
			return a[:1]
		}
	}
}

func (s *session) decide(id string, approve bool, reason string) error {
	o := ReviewOptions{Executables: s.opts.Executables, Reviews: s.opts.Reviews, Reviewer: s.opts.Reviewer,
		Now: s.opts.Now}
	verdict := table.ReviewApproved
	if approve {
		o.Approve = []string{id}
	} else {
		o.Reject, o.Reason, verdict = []string{id}, reason, table.ReviewRejected
	}
	if err := Review(o); err != nil {
		return err
	}
	_, err := fmt.Fprintf(s.opts.Out, "%s: %s.\n", id, verdict)
	return err
}

// edit opens the prelude and harness in the editor; a changed one is
// validated again, recorded as a draft by hand, and becomes the task's
// executable. It says whether the edit passed (an unchanged one did).
func (s *session) edit(ctx context.Context, c table.Commit, e table.Executable) (bool, error) {
	if s.opts.Editor == "" {
		fmt.Fprintln(s.opts.Out, "No editor: set $VISUAL or $EDITOR.")
		return true, nil
	}
	a, ok := lang.Lookup(e.Language)
	if !ok {
		return false, fmt.Errorf("%s: no adapter for language %q", e.TaskID, e.Language)
	}
	dir, err := os.MkdirTemp("", "perfcon-review-")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(dir)
	prelude, harness := filepath.Join(dir, "prelude"+a.Ext()), filepath.Join(dir, "harness"+a.Ext())
	for p, body := range map[string]string{prelude: e.Prelude, harness: e.Harness} {
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return false, err
		}
	}
	// The editor is a command line, as git runs $EDITOR: the shell splits
	// it, and the files follow.
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", s.opts.Editor+` "$@"`, "editor", prelude, harness)
	// The editor takes the terminal the session reads from; input that
	// is not a file stays the session's (the editor gets none).
	cmd.Stdout, cmd.Stderr = s.opts.Out, s.opts.Out
	if f, ok := s.opts.In.(*os.File); ok {
		cmd.Stdin = f
	}
	if err := cmd.Run(); err != nil {
		fmt.Fprintf(s.opts.Out, "The editor failed (%v); nothing changed.\n", err)
		return true, nil
	}
	pb, err := os.ReadFile(prelude)
	if err != nil {
		return false, err
	}
	hb, err := os.ReadFile(harness)
	if err != nil {
		return false, err
	}
	if string(pb) == e.Prelude && string(hb) == e.Harness {
		fmt.Fprintln(s.opts.Out, "Unchanged.")
		return true, nil
	}
	if strings.TrimSpace(string(hb)) == "" {
		fmt.Fprintln(s.opts.Out, "The harness is empty now; nothing changed.")
		return true, nil
	}
	if s.v == nil {
		if s.v, err = newValidator(ctx, s.opts.Validate); err != nil {
			return false, err
		}
	}
	st, err := loadDraftState(s.opts.Commits, s.opts.Executables, s.opts.Drafts, nil)
	if err != nil {
		return false, err
	}
	d := table.Draft{TaskID: e.TaskID, Language: e.Language, Origin: table.OriginHand, Attempt: 1, Prelude: string(pb),
		Harness: string(hb), Scale: e.DeclaredScale, Stubs: e.Stubs, Validation: table.ValidationNotRun, DraftedAt: s.v.now().UTC()}
	if last := st.last(e.TaskID, table.OriginHand); last != nil {
		d.Attempt = last.Attempt + 1
	}
	fmt.Fprintln(s.opts.Out, "Validating the edit...")
	ne, err := validateDraft(ctx, s.v, &c, &d)
	if err != nil {
		return false, err
	}
	st.add(d, ne)
	if err := st.write(s.opts.Executables, s.opts.Drafts, s.opts.Reviews); err != nil {
		return false, err
	}
	fmt.Fprintf(s.opts.Out, "validation: %s\n", outcome(d))
	return d.Validation == table.ValidationPassed, nil
}
