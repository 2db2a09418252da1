package slurm

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/shard"
)

func TestRanges(t *testing.T) {
	for _, c := range []struct {
		ids  []int
		want string
	}{
		{nil, ""},
		{[]int{0}, "0"},
		{[]int{0, 1, 2, 3}, "0-3"},
		{[]int{0, 1, 2, 3, 5}, "0-3,5"},
		{[]int{1, 3, 4, 7, 8, 9}, "1,3-4,7-9"},
	} {
		if got := ranges(c.ids); got != c.want {
			t.Errorf("ranges(%v) = %q, want %q", c.ids, got, c.want)
		}
	}
}

func TestShellQuote(t *testing.T) {
	for s, want := range map[string]string{
		"measure":           "measure",
		"/a/b.c":            "/a/b.c",
		"--profile=paper":   "--profile=paper",
		"":                  "''",
		"a b":               "'a b'",
		"it's":              `'it'\''s'`,
		"py-*":              "'py-*'",
		"$HOME":             "'$HOME'",
		"--tasks=go-io-1,2": "--tasks=go-io-1,2",
	} {
		if got := shellQuote(s); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestStage(t *testing.T) {
	for args, want := range map[string]string{
		"measure --profile paper":               "measure",
		"executables validate --allow-failures": "validate",
		"describe --model m":                    "describe",
		"generate":                              "generate",
		"report":                                "",
		"executables":                           "",
		"":                                      "",
	} {
		got, err := Stage(strings.Fields(args))
		if got != want || (want == "") != (err != nil) {
			t.Errorf("Stage(%q) = %q, %v, want %q", args, got, err, want)
		}
	}
}

func TestLastLine(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "shard-0.log")
	if got := lastLine(path); !strings.Contains(got, "no log") {
		t.Errorf("lastLine of no file = %q", got)
	}
	os.WriteFile(path, []byte("start\nmeasure: out of memory\n\n"), 0o644)
	if got := lastLine(path); got != "measure: out of memory" {
		t.Errorf("lastLine = %q", got)
	}
}

// fakeCluster puts an sbatch on PATH that runs an array's tasks one after
// the other, here, each writing its log where --output says, and prints a
// job id. It records each submission's --array in arrays.
func fakeCluster(t *testing.T) (arrays string) {
	t.Helper()
	bin := t.TempDir()
	arrays = filepath.Join(bin, "arrays")
	sbatch := `#!/bin/sh
for a in "$@"; do
	case "$a" in
	--array=*) array=${a#--array=} ;;
	--output=*) output=${a#--output=} ;;
	--chdir=*) cd "${a#--chdir=}" || exit 1 ;;
	esac
	script=$a
done
echo "$array" >> ` + arrays + `
echo 42
for r in $(echo "$array" | tr , ' '); do
	lo=${r%-*}; hi=${r#*-}
	i=$lo
	while [ "$i" -le "$hi" ]; do
		SLURM_ARRAY_TASK_ID=$i sh "$script" > "$(echo "$output" | sed "s/%a/$i/")" 2>&1
		i=$((i + 1))
	done
done
`
	if err := os.WriteFile(filepath.Join(bin, "sbatch"), []byte(sbatch), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	return arrays
}

// A stage's shards run as one array; the shards that wrote no part are
// submitted again, alone, and the merge sees this run's name.
func TestRunResubmitsFailedShards(t *testing.T) {
	arrays := fakeCluster(t)
	dir := t.TempDir()
	tables := filepath.Join(dir, "tables")
	parts := filepath.Join(dir, "parts")
	os.MkdirAll(parts, 0o755)
	// The stage writes its shard's part, but shard 2 fails the first time
	// (and leaves a word in its log), and shard 4 fails every time.
	program := filepath.Join(dir, "perfcon")
	stage := `#!/bin/sh
for a in "$@"; do shard=$a; done
i=${shard%/*}
echo "args: $*"
if [ "$i" = 4 ] || { [ "$i" = 2 ] && [ ! -e ` + parts + `/tried-2 ]; }; then
	touch ` + parts + `/tried-$i
	echo "shard $i: out of memory"
	exit 1
fi
touch ` + parts + `/$i
`
	if err := os.WriteFile(program, []byte(stage), 0o755); err != nil {
		t.Fatal(err)
	}
	var runs []string
	merge := func(context.Context) error {
		runs = append(runs, os.Getenv(shard.RunEnv))
		var missing []int
		for i := range 5 {
			if _, err := os.Stat(filepath.Join(parts, strconv.Itoa(i))); err != nil {
				missing = append(missing, i)
			}
		}
		if len(missing) > 0 {
			return &shard.MissingError{Table: "measurements.parquet", Count: 5, Missing: missing}
		}
		return nil
	}
	var log strings.Builder
	err := Run(context.Background(), tables, []string{"measure", "--profile", "it's"}, merge,
		Options{Shards: 5, Retries: 1, Program: program, Log: &log})
	if err == nil || !strings.Contains(err.Error(), "shards 4 still failed after 2 attempts") ||
		!strings.Contains(err.Error(), "shard-4.log: shard 4: out of memory") {
		t.Fatalf("Run = %v, want shard 4 named with its log's last line\n%s", err, log.String())
	}
	b, _ := os.ReadFile(arrays)
	if got := strings.Fields(string(b)); !slices.Equal(got, []string{"0-4", "2,4"}) {
		t.Errorf("arrays submitted %v, want 0-4 then 2,4", got)
	}
	for _, want := range []string{"submitting measure shards 0-4 of 5 (attempt 1 of 2)",
		"submitting measure shards 2,4 of 5 (attempt 2 of 2)", "slurm: sbatch: 42"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}
	if len(runs) != 2 || runs[0] == "" || runs[0] != runs[1] || !strings.HasPrefix(runs[0], "measure-") {
		t.Errorf("the merges saw runs %q, want one measure-… run", runs)
	}
	if _, had := os.LookupEnv(shard.RunEnv); had {
		t.Errorf("%s is still set after Run", shard.RunEnv)
	}
	// Each shard ran the stage on the tables, its arguments quoted, with
	// its --shard.
	logs, _ := filepath.Glob(filepath.Join(tables, ".slurm", "measure-*", "shard-0.log"))
	if len(logs) != 1 {
		t.Fatalf("shard logs: %v", logs)
	}
	abs, _ := filepath.Abs(tables)
	if b, _ := os.ReadFile(logs[0]); !strings.Contains(string(b), "args: --tables "+abs+" measure --profile it's --shard 0/5") {
		t.Errorf("shard 0's log:\n%s", b)
	}
}

// Run refuses what it cannot shard before it submits anything.
func TestRunRefuses(t *testing.T) {
	none := func(context.Context) error { t.Error("merged"); return nil }
	for _, c := range []struct {
		args   string
		shards int
		want   string
	}{
		{"report", 2, "slurm runs measure, executables validate, describe or generate"},
		{"measure --shard 0/2", 2, "slurm sets --shard and --merge itself"},
		{"measure --merge=2", 2, "slurm sets --shard and --merge itself"},
		{"measure", 0, "want at least 1"},
	} {
		err := Run(context.Background(), t.TempDir(), strings.Fields(c.args), none, Options{Shards: c.shards})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Run(%s, %d shards) = %v, want %q", c.args, c.shards, err, c.want)
		}
	}
}
