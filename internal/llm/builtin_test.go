package llm

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// The built-in models answer a refine request as they answer generate:
// identity with the code it was sent (so it never improves on its
// one-shot), oracle with code after, twin with code after and its mark.
func TestBuiltinsAnswerRefine(t *testing.T) {
	task := Task{ID: "t", Language: "python", CodeBefore: "def f():\n    return 1\n", CodeAfter: "def f():\n    return 2\n"}
	sent := "def f():\n    return 3\n"
	for _, c := range []struct {
		model, want string
	}{
		{"identity", sent},
		{"oracle", task.CodeAfter},
		{"twin", "perfcon twin"},
	} {
		m, err := Builtin(c.model)
		if err != nil {
			t.Fatal(err)
		}
		res, err := m.Complete(context.Background(), Request{Kind: KindRefine, Task: task, Code: sent})
		if err != nil {
			t.Fatalf("%s: %v", c.model, err)
		}
		if !strings.Contains(res.Content, c.want) || !strings.HasPrefix(res.Content, "```python\n") {
			t.Errorf("%s answered %q, want a python block holding %q", c.model, res.Content, c.want)
		}
	}
	// A judge request is still not theirs to answer.
	m, _ := Builtin("identity")
	if _, err := m.Complete(context.Background(), Request{Kind: KindJudge, Task: task}); !errors.Is(err, ErrNotAnswered) {
		t.Errorf("identity answered a judge request: %v", err)
	}
}
