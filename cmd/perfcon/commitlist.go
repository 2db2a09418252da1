package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/perfcon/perfcon/internal/gitlog"
	"github.com/perfcon/perfcon/internal/repo"
)

// listedCommit is a line of a commit list: a repository (empty when the
// line gives a commit alone) and a commit id.
type listedCommit struct {
	repo, sha string
	line      int
}

// readCommitList reads a study's list of commits: a CSV (or tab
// separated) file whose header names a repository column (repo,
// repository, repo_name, project) and a commit column (sha, commit,
// commit_sha, hash, commit_id), or lines of REPO SHA, a commit URL,
// REPO@SHA or a SHA alone; blank lines and lines starting with # are
// skipped.
func readCommitList(file string) ([]listedCommit, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("--commits: %w", err)
	}
	var lines []string
	var nums []int
	for i, l := range strings.Split(strings.TrimPrefix(string(b), "\ufeff"), "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
			lines, nums = append(lines, strings.TrimRight(l, "\r")), append(nums, i+1)
		}
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("--commits %s: no commit in it", file)
	}
	if out, ok, err := csvCommitList(file, lines, nums); ok || err != nil {
		return out, err
	}
	var out []listedCommit
	for k, l := range lines {
		f := strings.FieldsFunc(l, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' })
		c := listedCommit{line: nums[k]}
		switch {
		case len(f) == 1:
			if repo, sha, ok := repo.CommitRef(f[0]); ok {
				c.repo, c.sha = repo, sha
			} else {
				c.sha = f[0]
			}
		case len(f) == 2:
			c.repo, c.sha = f[0], f[1]
			if repo, sha, ok := repo.CommitRef(f[1]); ok {
				c.repo, c.sha = repo, sha
			}
		default:
			return nil, fmt.Errorf("--commits %s line %d: %q: want REPO SHA, a commit URL or a SHA", file, nums[k], l)
		}
		if !repo.IsSHA(strings.ToLower(c.sha)) {
			return nil, fmt.Errorf("--commits %s line %d: %q is not a commit id", file, nums[k], c.sha)
		}
		out = append(out, c)
	}
	return out, nil
}

// csvCommitList reads lines as CSV when the first is a header with a
// repository and a commit column; ok is false when it is not.
func csvCommitList(file string, lines []string, nums []int) ([]listedCommit, bool, error) {
	r := csv.NewReader(strings.NewReader(strings.Join(lines, "\n")))
	if strings.Contains(lines[0], "\t") && !strings.Contains(lines[0], ",") {
		r.Comma = '\t'
	}
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil || len(recs) == 0 {
		return nil, false, nil
	}
	col := func(names ...string) int {
		for i, h := range recs[0] {
			if slices.Contains(names, strings.ToLower(strings.TrimSpace(h))) {
				return i
			}
		}
		return -1
	}
	ri, si := col("repo", "repository", "repo_name", "project"), col("sha", "commit", "commit_sha", "hash", "commit_id")
	if si < 0 {
		return nil, false, nil
	}
	var out []listedCommit
	for k, rec := range recs[1:] {
		c := listedCommit{line: nums[k+1]}
		if si < len(rec) {
			c.sha = strings.TrimSpace(rec[si])
		}
		if ri >= 0 && ri < len(rec) {
			c.repo = strings.TrimSpace(rec[ri])
		}
		if repo, sha, ok := repo.CommitRef(c.sha); ok {
			c.repo, c.sha = repo, sha
		}
		if !repo.IsSHA(strings.ToLower(c.sha)) {
			return nil, true, fmt.Errorf("--commits %s line %d: %q is not a commit id", file, c.line, c.sha)
		}
		out = append(out, c)
	}
	return out, true, nil
}

// assignCommits gives each listed commit to the clone its repository
// names (by the clone's name, as mining records it, or its folder's); a
// commit without a repository goes to the one clone there is. Every
// repository no clone matches is named at once.
func assignCommits(ctx context.Context, list []listedCommit, clones []string) (map[string][]string, []string, error) {
	names := make([]string, len(clones))
	for i, dir := range clones {
		names[i] = strings.ToLower(gitlog.Name(ctx, dir))
	}
	byDir := map[string][]string{}
	var order []string
	var missing []string
	for _, c := range list {
		dir := ""
		switch {
		case c.repo == "" && len(clones) == 1:
			dir = clones[0]
		case c.repo == "":
			return nil, nil, fmt.Errorf("--commits line %d: commit %s names no repository, and there are %d clones", c.line, c.sha, len(clones))
		default:
			want := repoKey(c.repo)
			for i, n := range names {
				if n == want || strings.HasSuffix(n, "/"+want) || strings.HasSuffix(want, "/"+n) || path.Base(n) == path.Base(want) && !strings.Contains(n, "/") {
					dir = clones[i]
					break
				}
			}
		}
		if dir == "" {
			if !slices.Contains(missing, c.repo) {
				missing = append(missing, c.repo)
			}
			continue
		}
		if _, ok := byDir[dir]; !ok {
			order = append(order, dir)
		}
		byDir[dir] = append(byDir[dir], strings.ToLower(c.sha))
	}
	if len(missing) > 0 {
		return nil, nil, fmt.Errorf("--commits: no clone given for %s (the clones are %s): add them with --repo",
			strings.Join(missing, ", "), strings.Join(names, ", "))
	}
	return byDir, order, nil
}

// repoKey is a repository as mining names clones: a remote address as
// gitlog.RemoteName gives it ("github.com/owner/name"), or the text itself
// ("owner/name", a folder name), lower case and without ".git".
func repoKey(r string) string {
	r = strings.TrimSpace(r)
	if n := gitlog.RemoteName(r); n != "" {
		r = n
	}
	return strings.ToLower(strings.TrimSuffix(strings.Trim(r, "/"), ".git"))
}
