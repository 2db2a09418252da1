package dataset

import (
	"fmt"
	"path"
	"strings"
)

// Selection is the tasks a stage runs on: task ids matching any of its
// glob patterns (path.Match: *, ?, [a-z]), e.g. "py-*" or "*-io-*". An
// empty Selection selects every task.
type Selection []string

// Select checks the patterns and returns their Selection.
func Select(patterns []string) (Selection, error) {
	var s Selection
	for _, p := range patterns {
		for _, q := range strings.Split(p, ",") {
			if q = strings.TrimSpace(q); q == "" {
				continue
			}
			if _, err := path.Match(q, ""); err != nil {
				return nil, fmt.Errorf("--tasks %q: %w", q, err)
			}
			s = append(s, q)
		}
	}
	return s, nil
}

// All says whether s selects every task.
func (s Selection) All() bool { return len(s) == 0 }

// Has says whether s selects the task id.
func (s Selection) Has(id string) bool {
	if len(s) == 0 {
		return true
	}
	for _, p := range s {
		if ok, _ := path.Match(p, id); ok {
			return true
		}
	}
	return false
}

// Check says which of s's patterns match none of ids, where the ids are
// the tasks of what (a table or a task set): a pattern that selects
// nothing is a typo more often than not.
func (s Selection) Check(ids []string, what string) error {
	for _, p := range s {
		found := false
		for _, id := range ids {
			if ok, _ := path.Match(p, id); ok {
				found = true
				break
			}
		}
		if !found {
			return fmt.Errorf("--tasks %q matches no task of %s", p, what)
		}
	}
	return nil
}

// Filter keeps the items of xs whose task id s selects, after checking
// that every pattern selects one.
func Filter[T any](s Selection, xs []T, id func(T) string, what string) ([]T, error) {
	if s.All() {
		return xs, nil
	}
	ids := make([]string, len(xs))
	for i, x := range xs {
		ids[i] = id(x)
	}
	if err := s.Check(ids, what); err != nil {
		return nil, err
	}
	var out []T
	for _, x := range xs {
		if s.Has(id(x)) {
			out = append(out, x)
		}
	}
	return out, nil
}
