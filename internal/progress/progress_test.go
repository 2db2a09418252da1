package progress

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Away from a terminal, the meter writes a line at most every Every, with
// the count, the share, its status and the time left.
func TestLinesAwayFromATerminal(t *testing.T) {
	defer func(e time.Duration) { Every = e }(Every)
	Every = 20 * time.Millisecond
	var b bytes.Buffer
	m := New(&b, "mine", 10, func() string { return "3 kept" })
	m.Add(1)
	if b.Len() != 0 {
		t.Errorf("a line before Every passed: %q", b.String())
	}
	time.Sleep(30 * time.Millisecond)
	m.Add(4)
	m.Add(1) // too soon for another line
	m.Done()
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("lines %q, want one", lines)
	}
	want := regexp.MustCompile(`^mine: 5/10 \(50%\), 3 kept, [0-9hms]+, about [0-9hms]+ left$`)
	if !want.MatchString(lines[0]) {
		t.Errorf("line %q, want %s", lines[0], want)
	}
	// No writer, no lines, no panic.
	New(nil, "x", 3, nil).Add(3)
	var none *Meter
	none.Add(1)
	none.Done()
}
