package prompt

import (
	"strings"
	"testing"
)

func TestCode(t *testing.T) {
	const f = "def f(xs):\n    return sorted(xs)\n"
	for _, tc := range []struct {
		name, answer, wantCode, wantStatus string
	}{
		{"one fenced block", "Here it is:\n```python\n" + f + "```\nDone.", f, ExtractFenced},
		{"no language tag", "```\n" + f + "```", f, ExtractFenced},
		{"tildes", "~~~py\n" + f + "~~~", f, ExtractFenced},
		{"longer fence", "````python\n" + f + "````", f, ExtractFenced},
		{"an info string after the tag", "```python title=solution.py\n" + f + "```", f, ExtractFenced},
		{"prefers the tagged block", "```bash\npip install x\n```\n```python\n" + f + "```", f, ExtractMultiple},
		{"prefers the block with the symbol", "```python\nimport os\n```\n```python\n" + f + "```", f, ExtractMultiple},
		{"unfenced code", f, f, ExtractUnfenced},
		{"truncated", "```python\n" + f, f, ExtractTruncated},
		{"prose only", "I would sort the list once instead of twice.", "", ExtractEmpty},
		{"empty block", "```python\n```", "", ExtractEmpty},
		{"empty answer", "", "", ExtractEmpty},
		{"indented fence", "  ```python\n" + f + "  ```", f, ExtractFenced},
		{"prose that says return", "Sort once, returning the same list.", "", ExtractEmpty},
		{"prose with headings and lists", "## Fix\n\nSort the list once.\n\n## Why\n\n- It was sorted twice.\n  - Once per call.\n",
			"", ExtractEmpty},
		{"unfenced code after a line of prose", "Here it is:\n\n" + f, f, ExtractUnfenced},
		{"a shell block alone is taken", "```bash\npython3 f.py\n```", "python3 f.py\n", ExtractFenced},
		// Prose around unfenced code.
		{"unfenced code after a lead-in", "Here's the optimized code:\n\n" + f, f, ExtractUnfenced},
		{"unfenced code after a heading", "## Optimized code\n" + f, f, ExtractUnfenced},
		{"unfenced code after a bold lead-in", "**Solution:**\n\n" + f, f, ExtractUnfenced},
		{"unfenced code before a paragraph", f + "\nThis version sorts the list once instead of\ntwice, which halves the work.\n", f, ExtractUnfenced},
		{"unfenced code between prose", "Here you go:\n" + f + "\nHope this helps!", f, ExtractUnfenced},
		{"comments and blank lines in unfenced code stay", "The fix:\n\n# Sort once.\n\n" + f + "\n\nLIMIT = 3  # a cap.\n\nDone.",
			"# Sort once.\n\n" + f + "\n\nLIMIT = 3  # a cap.\n", ExtractUnfenced},
		{"a last statement is no prose", f + "\nassert f([2, 1]) == [1, 2]\n", f + "\nassert f([2, 1]) == [1, 2]\n", ExtractUnfenced},
		{"a docstring is no prose", "\"\"\"Sorting.\n\nIt sorts the list once.\n\"\"\"\n\n" + f + "\n\ndef g(xs):\n    return f(xs)[0]\n",
			"\"\"\"Sorting.\n\nIt sorts the list once.\n\"\"\"\n\n" + f + "\n\ndef g(xs):\n    return f(xs)[0]\n", ExtractUnfenced},
		{"a lead-in paragraph", "Here's the optimized version, which hoists the\nopen() out of the loop:\n\n" + f, f, ExtractUnfenced},
		{"a closing paragraph whose lines read as code", f + "\nThe list is now sorted once, not twice,\nwith sorted(), which returns a new list.\n", f, ExtractUnfenced},
		{"a last paragraph of code stays", "Here:\n\n" + f + "\ndef g(xs):\n    return f(xs)[0]\n", f + "\ndef g(xs):\n    return f(xs)[0]\n", ExtractUnfenced},
		{"a lead-in line before a block opener", "Here is the fix:\nclass Sorter:\n    def f(self, xs):\n        return sorted(xs)\n",
			"class Sorter:\n    def f(self, xs):\n        return sorted(xs)\n", ExtractUnfenced},
		{"a lead-in line before statements", "The new version:\nLIMIT = 3\nITEMS = [1, 2]\n\n" + f, "LIMIT = 3\nITEMS = [1, 2]\n\n" + f, ExtractUnfenced},
		{"a sentence with code in it ends the code", f + "\nCall it as `f(xs) == sorted(xs)`.\n", f, ExtractUnfenced},
		{"a line of code with a comment is no prose", f + "LIMIT = 3  # at most three.\n", f + "LIMIT = 3  # at most three.\n", ExtractUnfenced},
		{"a prose answer with a line of code is no code", "The fix is simple.\nCall it as:\nf(xs)\nThat is all there is to say about it, really.\nIt sorts the list.\n", "", ExtractEmpty},
		// Fences as models misplace them.
		{"a fence in a list item", "1. Sort once:\n\n   ```python\n   def f(xs):\n\n       return sorted(xs)\n   ```\n2. Done.",
			"def f(xs):\n\n    return sorted(xs)\n", ExtractFenced},
		{"a fence in a list item, four spaces", "- The file:\n    ```python\n    " + strings.ReplaceAll(f, "\n    ", "\n        ") + "    ```\n",
			f, ExtractFenced},
		{"a fence indented more than its code", "  ```python\n" + f + "  ```", f, ExtractFenced},
		{"a markdown wrapper", "````markdown\n```python\n" + f + "```\n````\n", f, ExtractFenced},
		{"an md wrapper with prose", "````md\nThe file:\n\n```python\n" + f + "```\n\nDone.\n````", f, ExtractFenced},
		{"a text wrapper around two blocks", "````text\n```bash\npython3 f.py\n```\n```python\n" + f + "```\n````", f, ExtractMultiple},
		{"a wrapper left open", "````markdown\n```python\n" + f + "```\n", f, ExtractFenced},
		{"a wrapper cut inside its block", "````markdown\n```python\n" + f, f, ExtractTruncated},
		{"a markdown block without fences stays", "```markdown\n# Notes\n```\n", "# Notes\n", ExtractFenced},
		{"a closing fence glued to the code", "```python\n" + f[:len(f)-1] + "```", f, ExtractFenced},
		{"a glued closing fence before prose", "```python\n" + f[:len(f)-1] + "```\n\nThis sorts once.", f, ExtractFenced},
		{"a glued closing fence before another block", "```python\n" + f[:len(f)-1] + "```\nRun:\n```bash\npython3 f.py\n```", f, ExtractMultiple},
		{"a longer glued fence", "````python\n" + f[:len(f)-1] + " ````", f, ExtractFenced},
		{"a shorter glued fence does not close", "````python\n" + f[:len(f)-1] + "```", f[:len(f)-1] + "```\n", ExtractTruncated},
		{"an unclosed fence stays truncated", "Here:\n```python\n" + f + "\nThis sorts once.", f + "\nThis sorts once.\n", ExtractTruncated},
		// CodeLlama's tags for a fence.
		{"[PYTHON] tags", "[PYTHON]\n" + f + "[/PYTHON]", f, ExtractFenced},
		{"[PYTHON] tags, then [TESTS]", "[PYTHON]\n" + f + "[/PYTHON]\n[TESTS]\nassert f([2, 1]) == [1, 2]\n[/TESTS]\n", f, ExtractFenced},
		{"a closing tag glued to the code", "[PYTHON]\n" + f[:len(f)-1] + "[/PYTHON]", f, ExtractFenced},
		{"[CODE] tags after prose", "Here it is:\n[CODE]\n" + f + "[/CODE]\nDone.", f, ExtractFenced},
		{"tags in small letters with a closing tag", "[python]\n" + f + "[/python]", f, ExtractFenced},
		{"a tag never closed", "[PYTHON]\n" + f, f, ExtractTruncated},
		{"[PYTHON] tags and a fence", "[PYTHON]\n" + f + "[/PYTHON]\n```bash\npython3 f.py\n```", f, ExtractMultiple},
		// A language's name left of a fence a client stripped.
		{"a language line before unfenced code", "python\n" + f, f, ExtractUnfenced},
		{"a language line after a lead-in", "Here's the code:\n\npython\n" + f + "\nThis sorts once.", f, ExtractUnfenced},
		{"a language line alone is no code", "python\n", "", ExtractEmpty},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, status := Code(tc.answer, "python", "f", "")
			if code != tc.wantCode || status != tc.wantStatus {
				t.Errorf("Code() = %q, %q; want %q, %q", code, status, tc.wantCode, tc.wantStatus)
			}
		})
	}
}

// Which of several blocks Code takes.
func TestCodeChoosesTheRewrite(t *testing.T) {
	fence := func(tag, code string) string { return "```" + tag + "\n" + code + "```\n" }
	const (
		pyBefore = "import re\n\nLIMIT = 10\n\nclass Log:\n    pass\n\ndef parse(s):\n    return re.compile('x').findall(s)\n\n" +
			"def f(xs):\n    return [parse(x) for x in xs]\n"
		pyAfter = "import re\n\nLIMIT = 10\nPATTERN = re.compile('x')\n\nclass Log:\n    pass\n\ndef parse(s):\n" +
			"    return PATTERN.findall(s)\n\ndef f(xs):\n    return [parse(x) for x in xs]\n"
		pySnippet = "PATTERN = re.compile('x')\n\ndef parse(s):\n    return PATTERN.findall(s)\n"
		pyDiff    = "--- a/log.py\n+++ b/log.py\n@@ -8,2 +8,2 @@\n def parse(s):\n-    return re.compile('x').findall(s)\n+    return PATTERN.findall(s)\n"
		plusMinus = "-    return re.compile('x').findall(s)\n+    return PATTERN.findall(s)\n"

		goBefore = "package main\n\nimport \"strings\"\n\ntype Row struct{ Name string }\n\nvar (\n\tsep = \",\"\n)\n\n" +
			"func (r Row) String() string { return r.Name }\n\nfunc Render(rows []Row) string {\n\tout := \"\"\n" +
			"\tfor _, r := range rows {\n\t\tout += r.String() + sep\n\t}\n\treturn out\n}\n"
		goAfter = "package main\n\nimport \"strings\"\n\ntype Row struct{ Name string }\n\nvar (\n\tsep = \",\"\n)\n\n" +
			"func (r Row) String() string { return r.Name }\n\nfunc Render(rows []Row) string {\n\tvar b strings.Builder\n" +
			"\tfor _, r := range rows {\n\t\tb.WriteString(r.String() + sep)\n\t}\n\treturn b.String()\n}\n"
		goOther = "func Render(rows []Row) string {\n\treturn \"\"\n}\n"

		cppBefore = "#include <vector>\n\nstruct Window {\n  int size;\n};\n\nstatic int median(std::vector<int> w) {\n  return w[0];\n}\n\n" +
			"std::vector<int> median_filter(const std::vector<int>& xs, int k) {\n  std::vector<int> out;\n" +
			"  for (int x : xs) out.push_back(median({x}));\n  return out;\n}\n"
		cppAfter = "#include <vector>\n\nstruct Window {\n  int size;\n};\n\nstatic int median(const std::vector<int>& w) {\n  return w[0];\n}\n\n" +
			"std::vector<int>\nmedian_filter(const std::vector<int>& xs, int k) {\n  std::vector<int> out, w;\n  out.reserve(xs.size());\n" +
			"  for (int x : xs) { w.assign(1, x); out.push_back(median(w)); }\n  return out;\n}\n"
		cppCaller = "int main() {\n  auto out = median_filter({1, 2, 3}, 3);\n  return out.size();\n}\n"
	)
	for _, tc := range []struct {
		name, language, symbol, before, answer, want, wantStatus string
	}{
		{"the whole file beats a snippet before it", "python", "f", pyBefore,
			"The change:\n" + fence("python", pySnippet) + "The whole file:\n" + fence("python", pyAfter), pyAfter, ExtractMultiple},
		{"the whole file beats a snippet after it", "python", "parse", pyBefore,
			fence("python", pyAfter) + "The key line:\n" + fence("python", pySnippet), pyAfter, ExtractMultiple},
		{"the rewrite beats the original shown first", "python", "f", pyBefore,
			"Original:\n" + fence("python", pyBefore) + "Optimised:\n" + fence("python", pyAfter), pyAfter, ExtractMultiple},
		{"the rewrite beats the original shown after it", "python", "f", pyBefore,
			fence("python", pyAfter) + "For comparison, the original:\n" + fence("python", strings.ReplaceAll(pyBefore, "\n\n", "\n")),
			pyAfter, ExtractMultiple},
		{"of two rewrites the later", "go", "Render", goBefore,
			fence("go", strings.Replace(goAfter, "b.String()", "b.String() ", 1)) + "Simpler:\n" + fence("go", goAfter), goAfter, ExtractMultiple},
		{"a diff is never taken", "python", "f", pyBefore,
			fence("diff", pyDiff) + fence("python", pyAfter), pyAfter, ExtractMultiple},
		{"an untagged diff is never taken", "python", "parse", pyBefore,
			fence("python", pyAfter) + fence("", pyDiff), pyAfter, ExtractMultiple},
		{"a diff alone gives no code", "python", "f", pyBefore, "Apply this:\n" + fence("diff", pyDiff), "", ExtractDiff},
		{"added and removed lines alone", "python", "f", pyBefore, fence("", plusMinus), "", ExtractDiff},
		{"a diff and a shell command give no code", "python", "f", pyBefore,
			fence("patch", pyDiff) + "Then run:\n" + fence("bash", "python3 -m pytest\n"), "", ExtractDiff},
		{"an unfenced diff", "python", "f", pyBefore, pyDiff, "", ExtractDiff},
		{"the task's language beats another", "go", "Render", goBefore,
			fence("go", goAfter) + fence("python", "def render(rows):\n    return ''.join(rows)\n"), goAfter, ExtractMultiple},
		{"an untagged block beats output", "go", "Render", goBefore,
			fence("", goAfter) + "Output:\n" + fence("text", "func Render(rows []Row) string { ... }\n"), goAfter, ExtractMultiple},
		{"golang", "go", "Render", goBefore, fence("golang", goAfter), goAfter, ExtractFenced},
		{"a qualified symbol", "go", "main.Render", goBefore, fence("go", goAfter) + fence("go", goOther[:len(goOther)-1]+"\n\nfunc x() {}\n"), goAfter, ExtractMultiple},
		{"a method", "go", "(Row).String", goBefore, fence("go", goOther) + fence("go", goAfter), goAfter, ExtractMultiple},
		{"C++ definition beats a caller", "cpp", "median_filter", cppBefore,
			fence("c++", cppAfter) + "Use it as:\n" + fence("cpp", cppCaller), cppAfter, ExtractMultiple},
		{"C++ qualified symbol", "cpp", "dsp::median_filter", cppBefore,
			fence("cpp", cppCaller) + fence("cpp", cppAfter), cppAfter, ExtractMultiple},
		{"a cut rewrite after the original", "python", "f", pyBefore,
			fence("python", pyBefore) + "```python\n" + pyAfter[:len(pyAfter)-20], strings.TrimSpace(pyAfter[:len(pyAfter)-20]) + "\n", ExtractTruncated},
		{"a cut usage example after the file", "python", "f", pyBefore,
			fence("python", pyAfter) + "```python\nprint(f([", pyAfter, ExtractMultiple},
		{"a whole file beats its repeat cut short", "python", "f", pyBefore,
			fence("python", pyAfter) + "```python\n" + pyAfter[:len(pyAfter)-10], pyAfter, ExtractMultiple},
		{"a whole Go file beats its repeat cut short", "go", "Render", goBefore,
			fence("go", goAfter) + "```go\n" + goAfter[:len(goAfter)-30], goAfter, ExtractMultiple},
		{"a cut file beats a whole snippet", "python", "f", pyBefore,
			fence("python", "def f(xs):\n    return []\n") + "```python\n" + pyAfter[:len(pyAfter)-10],
			strings.TrimSpace(pyAfter[:len(pyAfter)-10]) + "\n", ExtractTruncated},
		{"go, a language line before unfenced code", "go", "Render", goBefore, "go\n" + goAfter, goAfter, ExtractUnfenced},
		{"c++, a language line before unfenced code", "cpp", "median_filter", cppBefore, "The file:\n\nc++\n" + cppAfter, cppAfter, ExtractUnfenced},
		{"[CPP] tags", "cpp", "median_filter", cppBefore, "[CPP]\n" + cppAfter + "[/CPP]\n", cppAfter, ExtractFenced},
		{"[GO] tags", "go", "Render", goBefore, "[GO]\n" + goAfter + "[/GO]\n", goAfter, ExtractFenced},
		{"no code before to compare with", "python", "", "",
			fence("python", pySnippet) + fence("python", pyAfter), pyAfter, ExtractMultiple},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, status := Code(tc.answer, tc.language, tc.symbol, tc.before)
			if code != tc.want || status != tc.wantStatus {
				t.Errorf("Code() = %q, %q; want %q, %q", code, status, tc.want, tc.wantStatus)
			}
		})
	}
}

func TestDefinedNames(t *testing.T) {
	for _, tc := range []struct {
		language, code string
		want           []string
	}{
		{"python", "import os\nLIMIT = 3\nx == 1\n\n@cache\ndef f():\n    def inner():\n        pass\n\nasync def g():\n    y = 2\n\nclass C(Base):\n    def m(self):\n        pass\n",
			[]string{"LIMIT", "f", "g", "C"}},
		{"go", "package main\n\nimport (\n\t\"os\"\n)\n\nconst (\n\tA = 1\n\tB\n)\n\nvar v = 2\n\ntype T struct {\n\tx int\n}\n\nfunc (t *T) M() {}\n\nfunc F[K comparable](k K) {\n\tfunc() {}()\n}\n",
			[]string{"A", "B", "v", "T", "M", "F"}},
		{"cpp", "#include <map>\n\nnamespace {\nstruct Stats {\n  int n;\n  void add(int x) { n += x; }\n};\n}\n\nusing Map = std::map<int, int>;\nusing std::string;\n" +
			"static const std::regex re(\"x\");\nint helper(int);\ntemplate <typename T>\nT twice(T x) {\n  return helper(x) * 2;\n}\n\n" +
			"std::vector<std::pair<int, int>>\nsplit(const std::vector<int>& xs) {\n  return {};\n}\nvoid Stats::reset() {}\nclass Pool;\n",
			[]string{"Stats", "Map", "twice", "split", "reset", "Pool"}},
	} {
		got := definedNames(tc.code, tc.language)
		want := map[string]bool{}
		for _, n := range tc.want {
			want[n] = true
		}
		if len(got) != len(want) {
			t.Errorf("%s: definedNames = %v, want %v", tc.language, got, tc.want)
			continue
		}
		for n := range want {
			if !got[n] {
				t.Errorf("%s: definedNames = %v, want %v", tc.language, got, tc.want)
				break
			}
		}
	}
}

func TestSymbolName(t *testing.T) {
	for in, want := range map[string]string{"f": "f", "pkg.Func": "Func", "Class::method": "method",
		"(*Cache).Get": "Get", "module.Class.method()": "method", "": ""} {
		if got := symbolName(in); got != want {
			t.Errorf("symbolName(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every status is listed once, with a meaning.
func TestExtractStatuses(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range ExtractStatuses {
		if seen[s.Name] || s.Meaning == "" {
			t.Errorf("status %q listed twice or without a meaning", s.Name)
		}
		seen[s.Name] = true
	}
	for _, s := range []string{ExtractFenced, ExtractMultiple, ExtractUnfenced, ExtractTruncated, ExtractDiff, ExtractEmpty} {
		if !seen[s] {
			t.Errorf("status %q is not in ExtractStatuses", s)
		}
	}
}

// Split and Code take any text: the status is a listed one, and code
// comes, ending in a newline, exactly when the status gives some.
func FuzzCode(f *testing.F) {
	for _, s := range []string{
		"<think>\nhm\n</think>\n```python\ndef f():\n    pass\n```",
		"draft\n</think>\n~~~py\ndef f():\n",
		"```diff\n--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n```\n```bash\nls\n```",
		"def f():\n    return 1\n",
		"<THINKING>a</thinking>```\n```",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, answer string) {
		a := Split(answer, "")
		code, status := Code(a.Text, "python", "f", "import os\n\ndef f():\n    pass\n")
		if !isExtractStatus(status) {
			t.Fatalf("Code(%q) status %q is not listed", a.Text, status)
		}
		gives := status == ExtractFenced || status == ExtractMultiple || status == ExtractUnfenced || status == ExtractTruncated
		if gives != (code != "") || (code != "" && !strings.HasSuffix(code, "\n")) {
			t.Errorf("Code(%q) = %q, %q", a.Text, code, status)
		}
	})
}

func BenchmarkCode(b *testing.B) {
	before := "import re\n\n" + strings.Repeat("def helper(s):\n    return s.strip()\n\n", 10) + "def f(xs):\n    return [helper(x) for x in xs]\n"
	answer := "Original:\n```python\n" + before + "```\nRewrite:\n```python\n" + strings.Replace(before, "strip", "rstrip", 1) +
		"```\nRun it:\n```bash\npython3 f.py\n```\n"
	for b.Loop() {
		Code(answer, "python", "f", before)
	}
}
