package main

import (
	"fmt"
	"os"
)

// Entry is one key of the in-memory config registry.
type Entry struct {
	Key     string
	Value   string
	Version uint64
}

// WriteSnapshot writes the registry to path, one entry per line as
// `key<TAB>version<TAB>value`, replacing any existing file.
func WriteSnapshot(path string, entries []Entry) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(f, "# snapshot entries=%d\n", len(entries)); err != nil {
		f.Close()
		return err
	}
	for _, e := range entries {
		if _, err := fmt.Fprintf(f, "%s\t%d\t%s\n", e.Key, e.Version, e.Value); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}
