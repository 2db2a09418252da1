package git

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
)

// ErrMissing is an object the repository does not hold (a partial clone,
// or a mirror that left its largest files out).
var ErrMissing = errors.New("missing from the repository")

// Blobs reads objects by id through one `git cat-file --batch` process.
// It is not safe for concurrent use: each worker opens its own.
type Blobs struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr bytes.Buffer
}

// OpenBlobs starts the reader for the repository at dir.
func OpenBlobs(ctx context.Context, dir string) (*Blobs, error) {
	b := &Blobs{}
	b.cmd = exec.CommandContext(ctx, "git", "-C", dir, "cat-file", "--batch")
	b.cmd.Env = Env()
	b.cmd.Stderr = &b.stderr
	in, err := b.cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := b.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := b.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting git cat-file: %w", err)
	}
	b.in, b.out = in, bufio.NewReaderSize(out, 1<<16)
	return b, nil
}

// Read returns the contents of the blob with the given id.
func (b *Blobs) Read(id string) ([]byte, error) {
	if _, err := io.WriteString(b.in, id+"\n"); err != nil {
		return nil, b.failed(err)
	}
	head, err := b.out.ReadString('\n')
	if err != nil {
		return nil, b.failed(err)
	}
	f := strings.Fields(head)
	if len(f) == 2 && f[1] == "missing" {
		return nil, fmt.Errorf("git cat-file: object %s: %w", id, ErrMissing)
	}
	if len(f) != 3 {
		return nil, fmt.Errorf("git cat-file: unexpected answer %q", strings.TrimSpace(head))
	}
	n, err := strconv.Atoi(f[2])
	if err != nil {
		return nil, fmt.Errorf("git cat-file: unexpected size in %q", strings.TrimSpace(head))
	}
	data := make([]byte, n+1) // the contents and a newline
	if _, err := io.ReadFull(b.out, data); err != nil {
		return nil, b.failed(err)
	}
	if f[1] != "blob" {
		return nil, fmt.Errorf("git cat-file: object %s is a %s, not a blob", id, f[1])
	}
	return data[:n], nil
}

func (b *Blobs) failed(err error) error {
	if msg := strings.TrimSpace(b.stderr.String()); msg != "" {
		return fmt.Errorf("git cat-file: %s", msg)
	}
	return fmt.Errorf("git cat-file: %w", err)
}

// Close ends the process.
func (b *Blobs) Close() error {
	b.in.Close()
	err := b.cmd.Wait()
	if err != nil && b.cmd.ProcessState != nil && !b.cmd.ProcessState.Exited() {
		return nil // killed by its context
	}
	return err
}
