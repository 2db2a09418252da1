package source

import (
	"strings"
	"testing"
)

func TestFindExtractSplice(t *testing.T) {
	py := "class A:\n    def f(self):\n        return 1\n\n    def g(self):\n        s = '''\nx\n'''\n        return s\n\n\ndef f():\n    return 2\n"
	f, err := Find(Python, []byte(py), "A.f")
	if err != nil {
		t.Fatal(err)
	}
	if got := Extract([]byte(py), f); got != "def f(self):\n    return 1\n" {
		t.Errorf("Extract = %q", got)
	}
	// Given back at the left margin, or indented otherwise, it lands where
	// it stood.
	for _, code := range []string{"def f(self):\n    return 3\n", "  def f(self):\n      return 3\n"} {
		out := string(Splice([]byte(py), f, code))
		if want := strings.Replace(py, "return 1", "return 3", 1); out != want {
			t.Errorf("Splice(%q) =\n%s\nwant\n%s", code, out, want)
		}
	}
	// The top-level f is its own: its name alone finds it.
	if g, err := Find(Python, []byte(py), "f"); err != nil || g.Line != 12 {
		t.Errorf("Find f: %+v, %v; want the one at line 12", g, err)
	}
	if _, err := Find(Python, []byte(py), "h"); err == nil || !strings.Contains(err.Error(), "no function h") {
		t.Errorf("Find h: %v", err)
	}

	cpp := "namespace snappy {\nclass D {\n public:\n  int Run();\n};\nint D::Run() {\n  return 1;\n}\nint D::Run(int x) { return x; }\n}\n"
	if _, err := Find(CPP, []byte(cpp), "D::Run"); err == nil || !strings.Contains(err.Error(), "2 functions") {
		t.Errorf("overloads: %v, want an error naming both", err)
	}
	goSrc := "package p\n\ntype T struct{}\n\nfunc (t *T) M() int {\n\treturn 1\n}\n"
	if m, err := Find(Go, []byte(goSrc), "M"); err != nil || m.Symbol != "T.M" {
		t.Errorf("Find M: %+v, %v; want T.M", m, err)
	}
}

func TestContext(t *testing.T) {
	src := "import os\n\n\nclass A:\n    def f(self):\n        return 1\n\n    def g(self):\n        return 2\n"
	f, err := Find(Python, []byte(src), "A.f")
	if err != nil {
		t.Fatal(err)
	}
	want := "import os\n\n\nclass A:\n    " + Marker + "\n\n    def g(self):\n        return 2\n"
	if got := Context([]byte(src), f, 1000); got != want {
		t.Errorf("Context =\n%s\nwant\n%s", got, want)
	}
	// A long file keeps its head and the lines around the function.
	long := "import os\n" + strings.Repeat("X = 1\n", 2000) + src[len("import os\n"):] + strings.Repeat("Y = 2\n", 2000)
	f, _ = Find(Python, []byte(long), "A.f")
	got := Context([]byte(long), f, 3000)
	if len(got) > 3000 || !strings.HasPrefix(got, "import os\n") || !strings.Contains(got, "class A:\n    "+Marker) ||
		!strings.Contains(got, "def g(self)") || !strings.Contains(got, "(cut here)") {
		t.Errorf("Context of a long file (%d bytes):\n%s", len(got), got)
	}
}

func TestFindAcrossQualifiers(t *testing.T) {
	// A macro opens the namespaces: the parser sees xml_parser::parse_tree.
	cpp := "#define NS_BEGIN namespace pugi { namespace impl {\nNS_BEGIN\nstruct xml_parser {\n  int parse_tree(int s) {\n    return s;\n  }\n  int parse(int s) { return s; }\n};\n}}\nint parse_tree(int s) { return s; }\n"
	f, err := Find(CPP, []byte(cpp), "pugi::impl::xml_parser::parse_tree")
	if err != nil || !strings.HasSuffix(f.Symbol, "xml_parser::parse_tree") {
		t.Errorf("Find with the namespaces: %+v, %v", f, err)
	}
	// The free function is one part shorter: the method agrees in more.
	if f, err := Find(CPP, []byte(cpp), "xml_parser::parse_tree"); err != nil || !strings.HasSuffix(f.Symbol, "xml_parser::parse_tree") {
		t.Errorf("Find xml_parser::parse_tree: %+v, %v", f, err)
	}
	// The exact name is the free function's.
	if f, err := Find(CPP, []byte(cpp), "parse_tree"); err != nil || f.Symbol != "parse_tree" {
		t.Errorf("Find parse_tree: %+v, %v; want the free function", f, err)
	}
	if _, err := Find(CPP, []byte(cpp), "other::xml_parser::parse"); err != nil {
		t.Errorf("Find other::xml_parser::parse: %v", err)
	}
}
