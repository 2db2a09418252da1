// Package progress shows how far a long job has come: a bar on a
// terminal, and elsewhere (make, CI, nohup) a line every few seconds with
// the count, the rate and the time left, so a log shows the job is alive.
package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/sys/unix"
)

// Every is how often a line is printed when the writer is not a terminal.
var Every = 5 * time.Second

// Meter counts done units of a job of a known total.
type Meter struct {
	mu     sync.Mutex
	w      io.Writer
	label  string
	total  int
	done   int
	start  time.Time
	last   time.Time
	bar    *progressbar.ProgressBar
	status func() string // more to say on each line, or nil
}

// New starts a meter that writes to w (nil: says nothing). status, when
// not nil, adds to each line ("34 kept").
func New(w io.Writer, label string, total int, status func() string) *Meter {
	m := &Meter{w: w, label: label, total: total, start: time.Now(), status: status}
	m.last = m.start
	if IsTerminal(w) && total > 0 {
		m.bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription(label),
			progressbar.OptionShowCount(), progressbar.OptionSetElapsedTime(true), progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	}
	return m
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}

// Add counts n more units done.
func (m *Meter) Add(n int) {
	if m == nil || m.w == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done += n
	if m.bar != nil {
		m.bar.Add(n)
		return
	}
	if now := time.Now(); now.Sub(m.last) >= Every {
		m.last = now
		fmt.Fprintln(m.w, m.line(now))
	}
}

// line is "label: 1200/7776 (15%), 34 kept, 12s, about 1m10s left".
func (m *Meter) line(now time.Time) string {
	elapsed := now.Sub(m.start)
	s := fmt.Sprintf("%s: %d", m.label, m.done)
	if m.total > 0 {
		s += fmt.Sprintf("/%d (%d%%)", m.total, 100*m.done/m.total)
	}
	if m.status != nil {
		if st := m.status(); st != "" {
			s += ", " + st
		}
	}
	s += ", " + elapsed.Round(time.Second).String()
	if m.total > 0 && m.done > 0 && m.done < m.total {
		left := time.Duration(float64(elapsed) * float64(m.total-m.done) / float64(m.done))
		s += ", about " + left.Round(time.Second).String() + " left"
	}
	return s
}

// Done ends the meter: the bar is cleared.
func (m *Meter) Done() {
	if m == nil || m.bar == nil {
		return
	}
	m.bar.Finish()
}
