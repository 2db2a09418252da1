package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/internal/dataset"
	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/table"
)

// llmFlags are the flags describe and generate share.
type llmFlags struct {
	names       []string
	modelsFile  string
	replayFrom  string
	cacheDir    string
	noCache     bool
	refresh     bool
	temperature float64
	maxTokens   int
	allowErrors bool
	tasks       []string
	replace     bool
}

func (f *llmFlags) register(c *cobra.Command) {
	c.Flags().StringSliceVar(&f.names, "model", nil, "model to ask (repeatable): identity, oracle, replay:NAME, or a name from --models")
	c.Flags().StringVar(&f.replayFrom, "replay-from", "", "tables folder replay:NAME reads recorded answers from (default --tables)")
	f.registerEndpoints(c)
}

// registerRows registers the flags that say which rows a stage writes:
// --tasks, and --replace where the stage can keep other rows.
func (f *llmFlags) registerRows(c *cobra.Command, replace bool) {
	registerTasks(c, &f.tasks)
	if replace {
		c.Flags().BoolVar(&f.replace, "replace", false, "write a table of this run's rows alone (default: replace only the rows of these models and tasks, keeping the rest)")
	}
}

// registerTasks registers --tasks, the glob patterns over task ids that
// select the tasks a stage runs on.
func registerTasks(c *cobra.Command, tasks *[]string) {
	c.Flags().StringSliceVar(tasks, "tasks", nil, "only the tasks whose id matches this glob, e.g. 'py-*' or '*-io-*' (repeatable; default: every task)")
}

// selectTasks checks --tasks.
func selectTasks(patterns []string) (dataset.Selection, error) { return dataset.Select(patterns) }

// registerEndpoints registers the flags of a command that asks models of
// a models file only.
func (f *llmFlags) registerEndpoints(c *cobra.Command) {
	c.Flags().StringVar(&f.modelsFile, "models", os.Getenv("PERFCON_MODELS"), "models file of OpenAI-compatible endpoints (default $PERFCON_MODELS; see perfcon models --example)")
	c.Flags().StringVar(&f.cacheDir, "llm-cache", ".cache/llm", "folder of cached answers (append-only logs)")
	c.Flags().BoolVar(&f.noCache, "no-cache", false, "neither read nor write the answer cache")
	c.Flags().BoolVar(&f.refresh, "refresh", false, "ask again even when an answer is cached, and overwrite it")
	c.Flags().Float64Var(&f.temperature, "temperature", 0, "sampling temperature (default: the model's, else 0)")
	c.Flags().IntVar(&f.maxTokens, "max-tokens", 0, "answer length bound (default: the model's, else the stage's)")
}

// sampling is what the flags set explicitly.
func (f *llmFlags) sampling(c *cobra.Command) llm.Sampling {
	var s llm.Sampling
	if c.Flags().Changed("temperature") {
		t := f.temperature
		s.Temperature = &t
	}
	s.MaxTokens = f.maxTokens
	return s
}

func (f *llmFlags) cache() *llm.Cache {
	if f.noCache {
		return nil
	}
	return &llm.Cache{Dir: f.cacheDir}
}

// models resolves --model names: built-in models first, then replay:NAME,
// then the models file.
func (f *llmFlags) models(e *env) ([]llm.Model, error) {
	if len(f.names) == 0 {
		return nil, fmt.Errorf("no model: name one or more with --model")
	}
	var cfgs []llm.Config
	if f.modelsFile != "" {
		var err error
		if cfgs, err = llm.LoadModels(f.modelsFile); err != nil {
			return nil, err
		}
	}
	var ms []llm.Model
	for _, n := range f.names {
		if m, err := llm.Builtin(n); err == nil {
			ms = append(ms, m)
			continue
		}
		if name, ok := strings.CutPrefix(n, "replay:"); ok {
			m, err := f.replay(e, name)
			if err != nil {
				return nil, err
			}
			ms = append(ms, m)
			continue
		}
		i := slices.IndexFunc(cfgs, func(c llm.Config) bool { return c.Name == n })
		if i < 0 {
			return nil, unknownModel(n, f.modelsFile, cfgs)
		}
		m, err := llm.Open(cfgs[i])
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, nil
}

// endpoint resolves the name of a model of the models file, for the flag
// that named it: built-in and replayed models answer describe and
// generate only.
func (f *llmFlags) endpoint(flag, n string) (llm.Model, error) {
	if _, err := llm.Builtin(n); err == nil || strings.HasPrefix(n, "replay:") {
		return nil, fmt.Errorf("--%s %s: built-in and replayed models answer describe and generate only; name a model of a models file (--models)", flag, n)
	}
	if f.modelsFile == "" {
		return nil, fmt.Errorf("--%s %s: no models file given (--models or $PERFCON_MODELS; see perfcon models --example)", flag, n)
	}
	cfgs, err := llm.LoadModels(f.modelsFile)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(cfgs, func(c llm.Config) bool { return c.Name == n })
	if i < 0 {
		return nil, fmt.Errorf("--%s: %w", flag, unknownModel(n, f.modelsFile, cfgs))
	}
	return llm.Open(cfgs[i])
}

func unknownModel(n, file string, cfgs []llm.Config) error {
	known := append(llm.BuiltinNames(), "replay:NAME")
	for _, c := range cfgs {
		known = append(known, c.Name)
	}
	where := "no models file given (--models or $PERFCON_MODELS)"
	if file != "" {
		where = "models file " + file
	}
	return fmt.Errorf("unknown model %q (built in: %s; %s)", n, strings.Join(known, ", "), where)
}

// replay reads model name's recorded answers from the tables.
func (f *llmFlags) replay(e *env, name string) (llm.Model, error) {
	dir := f.replayFrom
	if dir == "" {
		dir = e.tables
	}
	var descs []table.Description
	var gens []table.Generation
	var err error
	if p := filepath.Join(dir, "descriptions.parquet"); exists(p) {
		if descs, err = table.ReadFile[table.Description](p); err != nil {
			return nil, err
		}
	}
	if p := filepath.Join(dir, "generations.parquet"); exists(p) {
		if gens, err = table.ReadFile[table.Generation](p); err != nil {
			return nil, err
		}
	}
	r := llm.NewReplay(name, descs, gens)
	if d, g := r.Answers(); d+g == 0 {
		return nil, fmt.Errorf("replay:%s: no recorded answers by %s in %s", name, name, dir)
	}
	return r, nil
}

func exists(path string) bool { return table.Exists(path) }

func modelsCommand(e *env) *cobra.Command {
	var file string
	var example bool
	c := &cobra.Command{
		Use:   "models",
		Short: "List the models describe and generate can ask",
		Long: `models lists the built-in models and those of a models file: a TOML file
with one [[model]] per OpenAI-compatible chat endpoint (vLLM, Ollama,
llama.cpp server, TGI, OpenAI). --example prints a documented one.`,
		Example: "  perfcon models --example > models.toml\n  perfcon models --models models.toml",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if example {
				fmt.Fprint(e.stdout, llm.ExampleModels)
				return nil
			}
			fmt.Fprintln(e.stdout, "identity   built in: describes with the commit message, gives code before back")
			fmt.Fprintln(e.stdout, "oracle     built in: names the true category, gives code after back")
			fmt.Fprintln(e.stdout, "replay:X   built in: X's answers recorded in the tables (--replay-from)")
			if file == "" {
				return nil
			}
			cfgs, err := llm.LoadModels(file)
			if err != nil {
				return err
			}
			sort.Slice(cfgs, func(i, j int) bool { return cfgs[i].Name < cfgs[j].Name })
			for _, c := range cfgs {
				var cutoff string
				if t, _ := c.Cutoff.Day(); t != nil { // LoadModels checked it
					cutoff = ", cutoff " + t.Format(time.DateOnly)
				}
				fmt.Fprintf(e.stdout, "%s  %s at %s (concurrency %d%s)\n", c.Name, c.Model, c.BaseURL, c.Concurrency, cutoff)
			}
			return nil
		},
	}
	c.Flags().StringVar(&file, "models", os.Getenv("PERFCON_MODELS"), "models file")
	c.Flags().BoolVar(&example, "example", false, "print a documented models file")
	return c
}

// registerAllowErrors registers --allow-errors, for the stages that exit 1
// when every row is an error.
func (f *llmFlags) registerAllowErrors(c *cobra.Command) {
	c.Flags().BoolVar(&f.allowErrors, "allow-errors", false, "exit 0 even when every row is an error (an endpoint down, say); the table is written either way")
}

// tolerate turns a stage's "every row failed" into a warning when
// --allow-errors asks for rows regardless.
func (f *llmFlags) tolerate(e *env, err error) error {
	var all *llm.AllFailedError
	if f.allowErrors && errors.As(err, &all) {
		fmt.Fprintf(e.stderr, "warning: %v\n", err)
		return nil
	}
	return err
}
