package main

// Span is one timed operation inside a trace.
type Span struct {
	ID       uint64
	ParentID uint64
	Service  string
	StartNS  int64
	EndNS    int64
}

// Trace is a batch of spans sharing a trace ID.
type Trace struct {
	TraceID [16]byte
	Spans   []Span
}

// SpanRow is the flattened form written to the columnar store.
type SpanRow struct {
	TraceID  [16]byte
	SpanID   uint64
	ParentID uint64
	Service  string
	Duration int64
}

// FlattenTraces turns a batch of traces into one row per span, in trace
// order and span order within a trace. Spans with a negative duration
// (clock skew between hosts) are clamped to zero.
func FlattenTraces(traces []Trace) []SpanRow {
	n := 0
	for i := range traces {
		n += len(traces[i].Spans)
	}
	rows := make([]SpanRow, n)
	k := 0
	for i := range traces {
		t := &traces[i]
		for j := range t.Spans {
			s := &t.Spans[j]
			d := s.EndNS - s.StartNS
			if d < 0 {
				d = 0
			}
			rows[k] = SpanRow{
				TraceID:  t.TraceID,
				SpanID:   s.ID,
				ParentID: s.ParentID,
				Service:  s.Service,
				Duration: d,
			}
			k++
		}
	}
	return rows
}
