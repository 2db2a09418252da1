package llm

import (
	"context"
	"fmt"

	"github.com/perfcon/perfcon/internal/table"
)

// Replay serves the answers a model gave before, as recorded in
// descriptions and generations tables: rerunning the stages on shared
// tables, or with a newer extractor, asks no endpoint.
type Replay struct {
	name string
	desc map[replayKey]string
	gen  map[replayKey]string
}

type replayKey struct {
	task, describer string
	round, sample   int
}

// NewReplay serves model name's recorded answers. Rows that recorded an
// error are not answers and are left out.
func NewReplay(name string, descs []table.Description, gens []table.Generation) *Replay {
	r := &Replay{name: name, desc: map[replayKey]string{}, gen: map[replayKey]string{}}
	for _, d := range descs {
		if d.Model == name && d.Error == "" {
			r.desc[replayKey{d.TaskID, "", int(d.Round), int(d.Sample)}] = d.Description
		}
	}
	for _, g := range gens {
		if g.Model == name && g.Error == "" {
			r.gen[replayKey{g.TaskID, g.Describer, int(g.Round), int(g.Sample)}] = g.RawResponse
		}
	}
	return r
}

// Name is the recorded model's: the rows replay writes are that model's.
func (r *Replay) Name() string { return r.name }

// Identity keeps replayed answers apart from live ones in the cache.
func (r *Replay) Identity() string { return "replay:" + r.name }

// Answers counts the recorded answers.
func (r *Replay) Answers() (descriptions, generations int) { return len(r.desc), len(r.gen) }

func (r *Replay) Complete(_ context.Context, req Request) (Response, error) {
	if req.Kind != KindDescribe && req.Kind != KindGenerate {
		return Response{}, ErrNotAnswered
	}
	k := replayKey{req.Task.ID, "", req.Round, req.Sample}
	m := r.desc
	if req.Kind == KindGenerate {
		k.describer, m = req.Describer, r.gen
	}
	a, ok := m[k]
	if !ok {
		return Response{}, fmt.Errorf("replay:%s has no recorded %s answer for task %s round %d sample %d",
			r.name, req.Kind, k.task, k.round, k.sample)
	}
	return Response{Content: a}, nil
}
