package sandbox

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Every kind of line this package acts on is a format of report.h, and
// every format there is a kind it knows.
func TestProtocolKindsAreDefined(t *testing.T) {
	known := []string{kindIsolated, kindMissing, kindJoined, kindUnjoined, kindPid, kindExec, kindEnd, kindReaped, kindFailed}
	for _, k := range known {
		if _, ok := formats[k]; !ok {
			t.Errorf("kind %q is not defined in report.h", k)
		}
	}
	for k := range formats {
		if !slices.Contains(known, k) {
			t.Errorf("report.h defines %q, which this package does not read", k)
		}
	}
}

// C prints every format of report.h with sample values, and parseLine
// reads back exactly those values: both sides hold to the one definition.
func TestProtocolRoundTrip(t *testing.T) {
	cc, err := exec.LookPath("cc")
	if err != nil {
		t.Skip("no C compiler")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "report.h"), []byte(reportHeader), 0o644); err != nil {
		t.Fatal(err)
	}
	var prog strings.Builder
	prog.WriteString("#include <stdio.h>\n#include \"report.h\"\nint main(void) {\n")
	want := map[string][]string{}
	kinds := slices.Sorted(func(yield func(string) bool) {
		for k := range formats {
			if !yield(k) {
				return
			}
		}
	})
	for i, k := range kinds {
		f := formats[k]
		var args, vals []string
		for j, c := range f.fields {
			if c == 'd' {
				v := fmt.Sprint(1000*i + j - 500) // negative numbers too
				vals = append(vals, v)
				args = append(args, v)
			} else {
				v := fmt.Sprintf("w%d-%d", i, j)
				if j == len(f.fields)-1 {
					v += " and more words"
				}
				vals = append(vals, v)
				args = append(args, fmt.Sprintf("%q", v))
			}
		}
		want[k] = vals
		// The integer conversions of the format (%d, %ld, %lld) decide
		// the C types of the arguments.
		fmt.Fprintf(&prog, "\tprintf(REPORT_%s \"\\n\"%s);\n", strings.ToUpper(k), cArgs(headerFormat(t, k), args))
	}
	prog.WriteString("\treturn 0;\n}\n")
	src := filepath.Join(dir, "p.c")
	if err := os.WriteFile(src, []byte(prog.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(cc, "-Wall", "-Werror=format", "-o", filepath.Join(dir, "p"), src).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s\n%s", err, out, prog.String())
	}
	out, err := exec.Command(filepath.Join(dir, "p")).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		l, err := parseLine(text)
		if err != nil {
			t.Errorf("%q: %v", text, err)
			continue
		}
		if !slices.Equal(l.fields, want[l.kind]) {
			t.Errorf("%q read as %q, want %q", text, l.fields, want[l.kind])
		}
	}
}

// headerFormat is the C format string of kind.
func headerFormat(t *testing.T, kind string) string {
	for _, m := range define.FindAllStringSubmatch(reportHeader, -1) {
		if strings.Fields(m[1])[0] == kind {
			return m[1]
		}
	}
	t.Fatalf("no format %s", kind)
	return ""
}

// cArgs casts each integer argument to the C type its conversion takes.
func cArgs(format string, args []string) string {
	var b strings.Builder
	i := 0
	for _, w := range strings.Fields(format)[1:] {
		switch w {
		case "%d":
			fmt.Fprintf(&b, ", (int)%s", args[i])
		case "%ld":
			fmt.Fprintf(&b, ", (long)%s", args[i])
		case "%lld":
			fmt.Fprintf(&b, ", (long long)%s", args[i])
		default:
			fmt.Fprintf(&b, ", %s", args[i])
		}
		i++
	}
	return b.String()
}

// A line that does not fit its format is refused, not half read.
func TestProtocolRejectsMalformed(t *testing.T) {
	for _, text := range []string{"", "nonsense 1", "pid", "pid x", "exec 1 2", "end exit 0 1 2 3 4"} {
		if _, err := parseLine(text); err == nil {
			t.Errorf("%q parsed", text)
		}
	}
}
