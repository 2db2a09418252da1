package llm

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/perfcon/perfcon/internal/par"
	"github.com/perfcon/perfcon/internal/progress"
)

// Call is one request to one model.
type Call struct {
	Model Model
	Req   Request
}

// Result is a call's outcome. Err is the call's own failure (after the
// client's retries), kept with the row rather than stopping the stage.
// CostUSD is what the answer cost at the model's prices (see Cost), one
// from the cache what it cost when first asked; nil when the model has no
// price or the call failed.
type Result struct {
	Response
	Err      error
	Latency  time.Duration
	CacheHit bool
	CostUSD  *float64
}

// Stats sums up the calls a batch finished.
type Stats struct {
	Calls, CacheHits, Errors       int
	PromptTokens, CompletionTokens int64
	Elapsed                        time.Duration
}

func (s Stats) String() string {
	return fmt.Sprintf("%d calls, %d cached, %d errors, %d prompt + %d completion tokens, %s",
		s.Calls, s.CacheHits, s.Errors, s.PromptTokens, s.CompletionTokens, s.Elapsed.Round(time.Millisecond))
}

// Add sums o into s; elapsed times add up.
func (s *Stats) Add(o Stats) {
	s.Calls += o.Calls
	s.CacheHits += o.CacheHits
	s.Errors += o.Errors
	s.PromptTokens += o.PromptTokens
	s.CompletionTokens += o.CompletionTokens
	s.Elapsed += o.Elapsed
}

// Caller runs calls concurrently, each model within its own concurrency
// and rate limit, answering from the cache where it can.
type Caller struct {
	Cache   *Cache // nil: no cache
	Refresh bool   // ask again even when cached, and overwrite
	// Progress receives a progress bar when it is a terminal, and a
	// progress line every few seconds when it is not.
	Progress io.Writer
	Label    string
}

// limits says how a model may be called: models without Limits run
// builtinConcurrency calls at a time, unlimited.
func limits(m Model) (int, float64) {
	if l, ok := m.(Limited); ok {
		c, r := l.Limits()
		return max(c, 1), r
	}
	return builtinConcurrency, 0
}

const builtinConcurrency = 8

// Run makes every call and returns the results in the order of calls. The
// error is non-nil only when the cache can't be read or ctx ends; results
// made until then are returned, and are in the cache.
func (c *Caller) Run(ctx context.Context, calls []Call) ([]Result, Stats, error) {
	start := time.Now()
	if c.Cache != nil {
		// A cache that can't be read stops the stage before any call.
		if err := c.Cache.load(); err != nil {
			return nil, Stats{}, err
		}
	}
	results := make([]Result, len(calls))
	finished := make([]bool, len(calls))
	var failed atomic.Int64
	warn := &failureNotes{w: c.Progress, label: c.Label}
	bar := progress.New(c.Progress, c.Label, len(calls), func() string {
		return fmt.Sprintf("%d failed", failed.Load())
	})

	// Each call's key is made once, on every CPU, and what the cache holds
	// is answered then; only the rest wait their turn at the models.
	var keys []hash
	if c.Cache != nil {
		keys = make([]hash, len(calls))
		par.For(len(calls), func(i int) {
			keys[i] = firstKey(calls[i])
			if !c.Refresh {
				results[i], finished[i] = c.cached(keys[i])
			}
		})
	}
	todo := make([]int, 0, len(calls))
	for i, ok := range finished {
		if !ok {
			todo = append(todo, i)
		}
	}
	bar.Add(len(calls) - len(todo))

	byModel := map[Model][]int{}
	var order []Model
	for _, i := range todo {
		call := calls[i]
		if _, ok := byModel[call.Model]; !ok {
			order = append(order, call.Model)
		}
		byModel[call.Model] = append(byModel[call.Model], i)
	}
	var wg sync.WaitGroup
	for _, m := range order {
		conc, perSec := limits(m)
		var lim *rate.Limiter
		if perSec > 0 {
			lim = rate.NewLimiter(rate.Limit(perSec), 1)
		}
		next := make(chan int)
		for w := 0; w < conc; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					var key *hash
					if keys != nil {
						key = &keys[i]
					}
					results[i] = c.one(ctx, calls[i], key, lim)
					finished[i] = ctx.Err() == nil
					if results[i].Err != nil {
						warn.note(failed.Add(1), len(todo), results[i].Err)
					}
					bar.Add(1)
				}
			}()
		}
		wg.Add(1)
		go func(idx []int) {
			defer wg.Done()
			defer close(next)
			for _, i := range idx {
				select {
				case next <- i:
				case <-ctx.Done():
					return
				}
			}
		}(byModel[m])
	}
	wg.Wait()
	bar.Done()
	var closeErr error
	if c.Cache != nil {
		closeErr = c.Cache.close()
	}

	st := Stats{Elapsed: time.Since(start)}
	for i, r := range results {
		if !finished[i] {
			continue
		}
		if r.Err == nil {
			results[i].CostUSD = Cost(calls[i].Model, r.PromptTokens, r.CompletionTokens)
		}
		st.Calls++
		if r.CacheHit {
			st.CacheHits++
		}
		if r.Err != nil {
			st.Errors++
		}
		st.PromptTokens += r.PromptTokens
		st.CompletionTokens += r.CompletionTokens
	}
	if err := ctx.Err(); err != nil {
		return results, st, err
	}
	if closeErr != nil {
		return results, st, fmt.Errorf("writing the answer cache: %w", closeErr)
	}
	return results, st, nil
}

// failureNotes says on the progress writer, while calls run, that they
// fail and why: at the first failure, then at most every noteEvery with
// the count so far and the latest error. A stage whose endpoint is down
// says so at once rather than at its end.
type failureNotes struct {
	w     io.Writer
	label string
	mu    sync.Mutex
	last  time.Time
}

const noteEvery = 10 * time.Second

func (f *failureNotes) note(failed int64, of int, err error) {
	if f.w == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if failed > 1 && time.Since(f.last) < noteEvery {
		return
	}
	f.last = time.Now()
	fmt.Fprintf(f.w, "%s: %d of %d calls failed so far; the latest: %v\n", f.label, failed, of, err)
}

// AllFailedError says that every row a stage made holds an error: its
// endpoint is down, say. The table is written all the same.
type AllFailedError struct {
	Stage string
	Rows  int
	First string // the first row's error
}

func (e *AllFailedError) Error() string {
	return fmt.Sprintf("%s: all %d rows are errors (the first: %s); the table holds them, and --allow-errors exits 0 all the same",
		e.Stage, e.Rows, e.First)
}

// AllFailed returns an *AllFailedError when every one of rows has an
// error (errOf non-empty), else nil.
func AllFailed[R any](stage string, rows []R, errOf func(R) string) error {
	if len(rows) == 0 {
		return nil
	}
	for _, r := range rows {
		if errOf(r) == "" {
			return nil
		}
	}
	return &AllFailedError{Stage: stage, Rows: len(rows), First: errOf(rows[0])}
}

// RowCount says how many rows a stage wrote and how many hold errors:
// the summary a stage's last line starts with, since a row can hold an
// error without a call (no description to generate from, say).
func RowCount[R any](rows []R, errOf func(R) string) string {
	n := 0
	for _, r := range rows {
		if errOf(r) != "" {
			n++
		}
	}
	return fmt.Sprintf("%d rows, %d with errors", len(rows), n)
}

// firstKey is the key the cache finds a call by first: its prompt's, or
// its messages' when it has no prompt.
func firstKey(call Call) hash {
	if call.Req.Prompt != nil {
		return promptKey(call.Model, call.Req)
	}
	return messagesKey(call.Model, call.Req)
}

// cached answers a call from the cache by its first key.
func (c *Caller) cached(key hash) (Result, bool) {
	e, ok, err := c.Cache.get(key)
	if err != nil || !ok {
		return Result{}, false
	}
	return hit(e), true
}

func hit(e entry) Result {
	return Result{Response: e.Response, Latency: time.Duration(e.LatencyMS) * time.Millisecond, CacheHit: true}
}

// one makes one call, through the cache, where first is its first key
// (nil without a cache). A call with a prompt has its messages rendered
// here; its answer, cached by its messages (perhaps under another prompt,
// or by an earlier version), is then found by its prompt too.
func (c *Caller) one(ctx context.Context, call Call, first *hash, lim *rate.Limiter) Result {
	req := call.Req
	var aliases []hash // the prompt's key, when there is a prompt
	if req.Prompt != nil {
		if first != nil {
			aliases = append(aliases, *first)
		}
		if req.Messages == nil {
			msgs, err := req.Prompt.Render()
			if err != nil {
				return Result{Err: err}
			}
			req.Messages = msgs
		}
	}
	var key hash
	if c.Cache != nil {
		key = *first // without a prompt, the first key is the messages'
		if req.Prompt != nil {
			key = messagesKey(call.Model, req)
		}
		if !c.Refresh {
			e, ok, err := c.Cache.get(key)
			if err != nil {
				return Result{Err: fmt.Errorf("reading the cache: %w", err)}
			}
			if ok {
				res := hit(e)
				if err := c.Cache.alias(key, aliases...); err != nil {
					res.Err = fmt.Errorf("writing the cache: %w", err)
				}
				return res
			}
		}
	}
	if lim != nil {
		if err := lim.Wait(ctx); err != nil {
			return Result{Err: err}
		}
	}
	start := time.Now()
	resp, err := call.Model.Complete(ctx, req)
	res := Result{Response: resp, Err: err, Latency: time.Since(start)}
	if err == nil && c.Cache != nil {
		// Only answers are kept: a failed call is asked again next time.
		if perr := c.Cache.put(key, entry{Response: resp, LatencyMS: res.Latency.Milliseconds()}, aliases...); perr != nil {
			res.Err = fmt.Errorf("writing the cache: %w", perr)
		}
	}
	return res
}
