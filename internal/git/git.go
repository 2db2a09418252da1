// Package git runs the git command for the packages that read
// repositories: one environment (no pager, no password prompt, the C
// locale), one way to run a command, and one reader of objects by id.
package git

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
)

// Env is the environment every git command runs in: this process's, with
// no pager, no replace objects, the C locale and no password prompt.
func Env() []string {
	return append(os.Environ(), "GIT_PAGER=cat", "PAGER=cat", "GIT_NO_REPLACE_OBJECTS=1", "LC_ALL=C",
		"GIT_TERMINAL_PROMPT=0")
}

// Run runs a git command in dir and returns its standard output; the
// error is what git said.
func Run(ctx context.Context, dir string, args ...string) (string, error) {
	var out, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.Env = Env()
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", err
	}
	return out.String(), nil
}
