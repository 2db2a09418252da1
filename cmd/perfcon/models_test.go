package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// perfcon models lists the cutoff of the models that give one, and the
// example shows how to give it.
func TestModelsListsCutoffs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "models.toml")
	file := "[[model]]\nname = \"dated\"\nmodel = \"org/dated\"\nbase_url = \"http://x/v1\"\ncutoff = \"2024-06\"\n" +
		"[[model]]\nname = \"undated\"\nmodel = \"org/undated\"\nbase_url = \"http://x/v1\"\n"
	if err := os.WriteFile(path, []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	if err := perfcon(context.Background(), &out, &errs, []string{"models", "--models", path}); err != nil {
		t.Fatalf("perfcon models: %v\n%s", err, errs.String())
	}
	for _, want := range []string{
		"dated  org/dated at http://x/v1 (concurrency 4, cutoff 2024-06-30)\n",
		"undated  org/undated at http://x/v1 (concurrency 4)\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("perfcon models printed\n%s\nwant a line %q", out.String(), want)
		}
	}

	out.Reset()
	if err := perfcon(context.Background(), &out, &errs, []string{"models", "--example"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "\ncutoff      = \"2023-10\"") || !strings.Contains(out.String(), "# cutoff    = ") {
		t.Errorf("the example gives no cutoff:\n%s", out.String())
	}

	if err := os.WriteFile(path, []byte(strings.Replace(file, `"2024-06"`, `"mid-2024"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	err := perfcon(context.Background(), &out, &errs, []string{"models", "--models", path})
	if err == nil || !strings.Contains(err.Error(), `model 1 ("dated"): cutoff "mid-2024": want "YYYY-MM-DD"`) {
		t.Errorf("a bad cutoff: %v", err)
	}
}
