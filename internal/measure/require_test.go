package measure

import (
	"context"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/sandbox"
	"github.com/perfcon/perfcon/internal/sandbox/sandboxtest"
)

// With require, a sandbox that lacks a layer is refused, naming it; one
// that has them all runs. As root on this kind of machine every layer
// holds; as nobody on cgroup v1 the memory cgroup is missing.
func TestRequireSandbox(t *testing.T) {
	dir := t.TempDir()
	sb, err := sandbox.New(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	probe, err := sb.Probe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_, iso, err := SandboxedRunner(context.Background(), dir, -1, Profiles["quick"], true)
	if iso == "" {
		t.Error("no isolation description")
	}
	if len(probe.Missing) == 0 {
		if err != nil {
			t.Errorf("every layer holds (%s), yet: %v", probe.Isolation, err)
		}
		return
	}
	if err == nil {
		t.Fatalf("missing %v, yet the runner was made", probe.Missing)
	}
	for _, m := range probe.Missing {
		layer, _, _ := strings.Cut(m, " ")
		if !strings.Contains(err.Error(), layer) {
			t.Errorf("error %q does not name the missing layer %s", err, layer)
		}
	}
	if _, _, err := SandboxedRunner(context.Background(), dir, -1, Profiles["quick"], false); err != nil {
		t.Errorf("without require: %v", err)
	}
}

func TestRequireSandboxAsOrdinaryUser(t *testing.T) {
	sandboxtest.AsOrdinaryUser(t, "^(TestRequireSandbox|TestTimeoutKeepsMeasures)$")
}
