package sandbox

import (
	_ "embed"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The helper's report is defined once, in csrc/report.h: the helper
// prints its formats, and this file parses the same formats to read them.

//go:embed csrc/report.h
var reportHeader string

// Kinds of report line: each the first word of a format in report.h
// (TestProtocolKindsAreDefined holds the two to each other).
const (
	kindIsolated = "isolated"
	kindMissing  = "missing"
	kindJoined   = "joined"
	kindUnjoined = "unjoined"
	kindPid      = "pid"
	kindExec     = "exec"
	kindEnd      = "end"
	kindReaped   = "reaped"
	kindFailed   = "failed"
)

// format is one line's shape: its kind and its fields, 'd' an integer and
// 's' a word, the last 's' taking the rest of the line.
type format struct {
	kind   string
	fields []byte
}

var formats = parseFormats(reportHeader)

var define = regexp.MustCompile(`(?m)^#define REPORT_\w+ "([^"]*)"`)

// parseFormats reads the formats of report.h.
func parseFormats(header string) map[string]format {
	out := map[string]format{}
	for _, m := range define.FindAllStringSubmatch(header, -1) {
		words := strings.Fields(m[1])
		f := format{kind: words[0]}
		for _, w := range words[1:] {
			switch w {
			case "%d", "%ld", "%lld":
				f.fields = append(f.fields, 'd')
			case "%s":
				f.fields = append(f.fields, 's')
			default:
				panic(fmt.Sprintf("report.h: format %q: %q is not a field this package reads", m[1], w))
			}
		}
		out[f.kind] = f
	}
	return out
}

// line is one parsed report line.
type line struct {
	kind   string
	fields []string
}

// parseLine reads one report line by its format.
func parseLine(text string) (line, error) {
	kind, rest, _ := strings.Cut(text, " ")
	f, ok := formats[kind]
	if !ok {
		return line{}, fmt.Errorf("unknown report line %q", text)
	}
	var fields []string
	if len(f.fields) > 0 {
		n := len(f.fields)
		if f.fields[n-1] == 's' {
			fields = strings.SplitN(rest, " ", n)
		} else {
			fields = strings.Split(rest, " ")
		}
	}
	if len(fields) != len(f.fields) {
		return line{}, fmt.Errorf("report line %q: %d fields, want %d", text, len(fields), len(f.fields))
	}
	for i, c := range f.fields {
		if _, err := strconv.ParseInt(fields[i], 10, 64); c == 'd' && err != nil {
			return line{}, fmt.Errorf("report line %q: field %d is not an integer", text, i+1)
		}
	}
	return line{kind: kind, fields: fields}, nil
}

// int is integer field i; parseLine has checked it.
func (l line) int(i int) int64 {
	n, _ := strconv.ParseInt(l.fields[i], 10, 64)
	return n
}

func (l line) str(i int) string { return l.fields[i] }
