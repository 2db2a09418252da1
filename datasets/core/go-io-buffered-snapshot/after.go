package main

import (
	"bufio"
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
	w := bufio.NewWriterSize(f, 64<<10)
	fmt.Fprintf(w, "# snapshot entries=%d\n", len(entries))
	for _, e := range entries {
		fmt.Fprintf(w, "%s\t%d\t%s\n", e.Key, e.Version, e.Value)
	}
	// bufio.Writer keeps the first write error and returns it from Flush.
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
