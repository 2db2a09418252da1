package main

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/llm/llmtest"
	"github.com/perfcon/perfcon/internal/prompt"
	"github.com/perfcon/perfcon/internal/table"
	"github.com/perfcon/perfcon/stages/descriptions"
	"github.com/perfcon/perfcon/stages/generations"
)

const benchConcurrency = 8

// benchServer answers at once: a short description, or a 30-line file.
func benchServer(b *testing.B) *llmtest.Server {
	s := llmtest.New(b)
	code := "```python\n" + strings.Repeat("def f(xs):\n    return sorted(xs)[0]\n", 15) + "```\n"
	s.Answer = func(n int, req llmtest.Request) llmtest.Reply {
		if strings.Contains(req.Last(), "Code after:") {
			return llmtest.Reply{Content: "The sort was needless: min is linear.\n\nCategory: inefficient_algorithm"}
		}
		return llmtest.Reply{Content: code}
	}
	return s
}

// benchTasks writes n commits of 30-line files.
func benchTasks(b *testing.B, dir string, n int) string {
	var cs []table.Commit
	for i := range n {
		before := fmt.Sprintf("# task %d\n", i) + strings.Repeat("def f(xs):\n    return sorted(xs)[0]\n", 15)
		cs = append(cs, table.Commit{TaskID: fmt.Sprintf("t%05d", i), Language: "python", Category: "inefficient_algorithm",
			Symbol: "f", CodeBefore: before, CodeAfter: strings.ReplaceAll(before, "sorted(xs)[0]", "min(xs)"),
			CommitMessage: "Use min instead of sorting"})
	}
	p := filepath.Join(dir, "commits.parquet")
	if err := table.WriteFile(p, cs); err != nil {
		b.Fatal(err)
	}
	return p
}

func benchModel(b *testing.B, url string) llm.Model {
	m, err := llm.Open(llm.Config{Name: "m", BaseURL: url, Model: "org/m", Concurrency: benchConcurrency,
		Timeout: llm.Duration{Duration: time.Minute}})
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// stages runs describe then generate, as make does, and times them.
func stages(b *testing.B, m llm.Model, commits, dir string, cache *llm.Cache) time.Duration {
	start := time.Now()
	descs := filepath.Join(dir, "descriptions.parquet")
	if err := descriptions.Run(context.Background(), descriptions.Options{Commits: commits, Out: descs,
		Models: []llm.Model{m}, Cache: cache}); err != nil {
		b.Fatal(err)
	}
	if err := generations.Run(context.Background(), generations.Options{Commits: commits, Descriptions: descs,
		Out: filepath.Join(dir, "generations.parquet"), Models: []llm.Model{m}, Cache: cache}); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// bare makes the stages' calls with the client alone: the same messages,
// the same concurrency, the same connection pool and the same per-call
// timeout, and nothing else: no cache, no tables, no prompts to render.
func bare(b *testing.B, url string, describe, generate [][]llm.Message) time.Duration {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	client := openai.NewClient(option.WithBaseURL(url), option.WithAPIKey("none"), option.WithMaxRetries(0),
		option.WithHTTPClient(&http.Client{Transport: tr}))
	start := time.Now()
	for _, batch := range [][][]llm.Message{describe, generate} {
		next := make(chan []llm.Message)
		var wg sync.WaitGroup
		for range benchConcurrency {
			wg.Go(func() {
				for msgs := range next {
					params := openai.ChatCompletionNewParams{Model: "org/m", Temperature: openai.Float(0),
						MaxTokens: openai.Int(1024)}
					for _, m := range msgs {
						if m.Role == "system" {
							params.Messages = append(params.Messages, openai.SystemMessage(m.Content))
						} else {
							params.Messages = append(params.Messages, openai.UserMessage(m.Content))
						}
					}
					ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
					_, err := client.Chat.Completions.New(ctx, params)
					cancel()
					if err != nil {
						b.Error(err)
					}
				}
			})
		}
		for _, msgs := range batch {
			next <- msgs
		}
		close(next)
		wg.Wait()
	}
	return time.Since(start)
}

// prompts are the messages the stages send for the tasks in commits.
func prompts(b *testing.B, commits, dir string) (describe, generate [][]llm.Message) {
	cs, err := table.ReadFile[table.Commit](commits)
	if err != nil {
		b.Fatal(err)
	}
	ds, err := table.ReadFile[table.Description](filepath.Join(dir, "descriptions.parquet"))
	if err != nil {
		b.Fatal(err)
	}
	for i, c := range cs {
		d, err := prompt.Render(prompt.DescribeVersion, prompt.Input{Language: c.Language, Message: c.CommitMessage,
			CodeBefore: c.CodeBefore, CodeAfter: c.CodeAfter})
		if err != nil {
			b.Fatal(err)
		}
		g, err := prompt.Render(prompt.GenerateVersion, prompt.Input{Language: c.Language, CodeBefore: c.CodeBefore,
			Description: ds[i].Description})
		if err != nil {
			b.Fatal(err)
		}
		describe, generate = append(describe, d), append(generate, g)
	}
	return describe, generate
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// BenchmarkStagesVsBareClient: describe and generate of 1,000 tasks,
// uncached into a fresh cache, against the bare client making the same
// 2,000 calls at the same concurrency, both against an in-process server
// that answers at once. stage/bare_throughput is the stages' share of the
// client's throughput (target ≥ 0.8); runs alternate and medians of 9 are
// compared.
func BenchmarkStagesVsBareClient(b *testing.B) {
	s := benchServer(b)
	m := benchModel(b, s.BaseURL())
	dir := b.TempDir()
	commits := benchTasks(b, dir, 1000)
	stages(b, m, commits, dir, nil) // warm up, and record the prompts
	describe, generate := prompts(b, commits, dir)
	for b.Loop() {
		var st, bt []time.Duration
		for i := range 9 {
			bt = append(bt, bare(b, s.BaseURL(), describe, generate))
			cache := &llm.Cache{Dir: filepath.Join(b.TempDir(), fmt.Sprint("cache", i))}
			st = append(st, stages(b, m, commits, dir, cache))
		}
		b.ReportMetric(float64(median(bt))/float64(median(st)), "stage/bare_throughput")
		b.ReportMetric(2000/median(st).Seconds(), "stage_calls/s")
		b.ReportMetric(2000/median(bt).Seconds(), "bare_calls/s")
	}
}

// BenchmarkCachedRerun: describe and generate of 10,000 tasks into a fresh
// cache, against the server that answers at once, then the same again with
// every answer cached, reading the cache afresh as a new process would.
// cached/uncached is the reruns' share of the first runs' time: three
// rounds of one uncached run and three reruns, medians compared (target
// < 0.05).
func BenchmarkCachedRerun(b *testing.B) {
	s := benchServer(b)
	m := benchModel(b, s.BaseURL())
	dir := b.TempDir()
	commits := benchTasks(b, dir, 10000)
	for b.Loop() {
		var firsts, reruns []time.Duration
		for range 3 {
			cacheDir := filepath.Join(b.TempDir(), "cache")
			firsts = append(firsts, stages(b, m, commits, dir, &llm.Cache{Dir: cacheDir}))
			asked := s.Requests()
			for range 3 {
				// Each reads the cache afresh, as a new process would.
				reruns = append(reruns, stages(b, m, commits, dir, &llm.Cache{Dir: cacheDir}))
			}
			if s.Requests() != asked {
				b.Fatalf("the cached reruns asked %d calls", s.Requests()-asked)
			}
		}
		first, again := median(firsts), median(reruns)
		b.ReportMetric(float64(again)/float64(first), "cached/uncached")
		b.ReportMetric(first.Seconds(), "uncached_s")
		b.ReportMetric(again.Seconds(), "cached_s")
	}
}
