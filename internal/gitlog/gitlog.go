package gitlog

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"time"

	gitcmd "github.com/perfcon/perfcon/internal/git"
)

// Commit is one commit of the walk.
type Commit struct {
	SHA        string
	Parents    []string
	AuthorTime time.Time
	CommitTime time.Time
	Author     string // "Name <email>"
	Message    string
	// Files are the changes against the first parent (none for merges,
	// whose changes the walk does not compute).
	Files []File
}

// Merge reports whether the commit has more than one parent.
func (c *Commit) Merge() bool { return len(c.Parents) > 1 }

// Parent is the first parent, or "" for a root commit.
func (c *Commit) Parent() string {
	if len(c.Parents) == 0 {
		return ""
	}
	return c.Parents[0]
}

// Subject is the first line of the message.
func (c *Commit) Subject() string {
	s, _, _ := strings.Cut(strings.TrimLeft(c.Message, "\n"), "\n")
	return strings.TrimSpace(s)
}

// File is one changed path, as `git log --raw` reports it.
type File struct {
	// Status is git's letter: A added, D deleted, M modified, R renamed,
	// C copied, T type changed.
	Status byte
	// Similarity is the rename or copy score, 0-100 (100: unchanged).
	Similarity int
	OldPath    string // "" when added
	Path       string // the new path; the old one when deleted
	OldBlob    string // "" when added
	NewBlob    string // "" when deleted
	OldMode    string
	NewMode    string
}

// Regular reports whether the file is a regular file on both sides (not
// a symbolic link or a submodule).
func (f File) Regular() bool {
	ok := func(m string) bool { return m == "" || m == "100644" || m == "100755" }
	return ok(f.OldMode) && ok(f.NewMode)
}

// Options select the commits to walk.
type Options struct {
	Rev   string // revision range, as git log takes it; default HEAD
	Since string // git's --since
	Until string // git's --until
	Paths []string
	// Commits, when set, are the only commits read, in their order
	// (git log --no-walk); Rev, Since and Until are then not used.
	Commits []string
}

// Walker streams the commits of a repository, newest first.
type Walker struct {
	cmd    *exec.Cmd
	out    io.ReadCloser
	r      *bufio.Reader
	stderr bytes.Buffer
	cur    Commit
	err    error
	done   bool
}

// isHex says whether s is a commit id or a prefix of one (4 to 64 hex
// digits), which git log can't take for an option.
func isHex(s string) bool {
	if len(s) < 4 || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// zeroID is git's object id of "no object".
func zeroID(id string) bool { return strings.Trim(id, "0") == "" }

// commitFormat prints a record separator, then the fields, each ending in
// NUL; the message is last and may hold anything but NUL.
const commitFormat = "%x1e%H%x00%P%x00%at%x00%ct%x00%an <%ae>%x00%B%x00"

// Walk starts walking the history of the repository at dir (a work tree
// or a bare repository). Call Next until it returns false, then Err; Close
// stops the walk early.
func Walk(ctx context.Context, dir string, o Options) (*Walker, error) {
	if err := Check(ctx, dir); err != nil {
		return nil, err
	}
	rev := o.Rev
	if rev == "" && len(o.Commits) == 0 {
		if !hasCommits(ctx, dir) {
			return &Walker{done: true}, nil
		}
		rev = "HEAD"
	}
	if strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("revision %q: must not start with '-'", rev)
	}
	for _, c := range o.Commits {
		if !isHex(c) {
			return nil, fmt.Errorf("commit %q: not a commit id", c)
		}
	}
	// Every flag that a user's configuration could turn the other way is
	// given: the root commit's files (log.showRoot), signatures in the
	// output (log.showSignature), renames, notes, colour.
	args := []string{"-C", dir, "-c", "core.quotepath=off", "-c", "diff.renameLimit=1000",
		"log", "--raw", "-z", "--no-abbrev", "-M", "--root", "--no-color", "--no-ext-diff", "--no-textconv",
		"--no-show-signature", "--no-notes", "--format=" + commitFormat}
	switch {
	case len(o.Commits) > 0:
		args = append(append(args, "--no-walk=unsorted"), o.Commits...)
		args = append(args, "--")
	default:
		if o.Since != "" {
			args = append(args, "--since="+o.Since)
		}
		if o.Until != "" {
			args = append(args, "--until="+o.Until)
		}
		args = append(args, rev, "--")
	}
	args = append(args, o.Paths...)
	w := &Walker{}
	w.cmd = exec.CommandContext(ctx, "git", args...)
	w.cmd.Env = gitcmd.Env()
	w.cmd.Stderr = &w.stderr
	out, err := w.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := w.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting git: %w", err)
	}
	w.out = out
	w.r = bufio.NewReaderSize(out, 1<<16)
	return w, nil
}

// Next reads the next commit; it returns false at the end or on an error.
func (w *Walker) Next() bool {
	if w.done {
		return false
	}
	c, err := w.read()
	if err != nil {
		w.done = true
		if err != io.EOF {
			w.err = err
		}
		if werr := w.wait(); w.err == nil && werr != nil {
			w.err = werr
		}
		return false
	}
	w.cur = c
	return true
}

// Commit is the commit Next read. Its fields are the walker's no longer
// once Next is called again: it is a copy.
func (w *Walker) Commit() Commit { return w.cur }

// Err is the error that ended the walk, if any.
func (w *Walker) Err() error { return w.err }

// Close stops the walk and the git process.
func (w *Walker) Close() error {
	if w.done || w.cmd == nil {
		w.done = true
		return nil
	}
	w.done = true
	if w.cmd.Process != nil {
		w.cmd.Process.Kill()
	}
	w.cmd.Wait()
	return nil
}

func (w *Walker) wait() error {
	if err := w.cmd.Wait(); err != nil {
		msg := strings.TrimSpace(w.stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return fmt.Errorf("git log: %s", msg)
	}
	return nil
}

// read parses one record: the separator, the commit's fields, then its
// raw file entries, each starting with ':'.
func (w *Walker) read() (Commit, error) {
	var c Commit
	b, err := w.r.ReadByte()
	for err == nil && b == '\n' {
		b, err = w.r.ReadByte()
	}
	if err != nil {
		return c, err
	}
	if b != 0x1e {
		return c, fmt.Errorf("git log: unexpected byte %q at the start of a commit", b)
	}
	fields := make([]string, 7)
	for i := range fields {
		if fields[i], err = w.field(); err != nil {
			return c, unexpected(err)
		}
	}
	c.SHA = fields[0]
	c.Parents = strings.Fields(fields[1])
	c.AuthorTime = unix(fields[2])
	c.CommitTime = unix(fields[3])
	c.Author = fields[4]
	c.Message = fields[5]
	for {
		b, err := w.r.Peek(1)
		if err == io.EOF {
			return c, nil
		}
		if err != nil {
			return c, err
		}
		switch b[0] {
		case 0, '\n':
			w.r.ReadByte()
			continue
		case ':':
		default:
			return c, nil
		}
		f, err := w.entry()
		if err != nil {
			return c, unexpected(err)
		}
		c.Files = append(c.Files, f)
	}
}

// entry parses ":oldmode newmode oldsha newsha status\0path\0[path\0]".
func (w *Walker) entry() (File, error) {
	head, err := w.field()
	if err != nil {
		return File{}, err
	}
	parts := strings.Fields(strings.TrimPrefix(head, ":"))
	if len(parts) != 5 || parts[4] == "" {
		return File{}, fmt.Errorf("git log: malformed raw entry %q", head)
	}
	f := File{OldMode: parts[0], NewMode: parts[1], OldBlob: parts[2], NewBlob: parts[3], Status: parts[4][0]}
	if len(parts[4]) > 1 {
		f.Similarity, _ = strconv.Atoi(parts[4][1:])
	}
	if zeroID(f.OldBlob) || f.OldMode == "000000" {
		f.OldBlob, f.OldMode = "", ""
	}
	if zeroID(f.NewBlob) || f.NewMode == "000000" {
		f.NewBlob, f.NewMode = "", ""
	}
	p, err := w.field()
	if err != nil {
		return f, err
	}
	switch f.Status {
	case 'R', 'C':
		np, err := w.field()
		if err != nil {
			return f, err
		}
		f.OldPath, f.Path = p, np
	case 'A':
		f.Path = p
	default:
		f.OldPath, f.Path = p, p
	}
	return f, nil
}

// field reads up to the next NUL, which it drops.
func (w *Walker) field() (string, error) {
	s, err := w.r.ReadString(0)
	if err != nil {
		return "", err
	}
	return s[:len(s)-1], nil
}

func unexpected(err error) error {
	if err == io.EOF {
		return errors.New("git log: output ended inside a commit")
	}
	return err
}

func unix(s string) time.Time {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}
