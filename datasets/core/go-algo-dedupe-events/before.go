package main

// Event is a single record received from an upstream collector. Collectors
// retry on timeouts, so the same event (same ID) can arrive more than once.
type Event struct {
	ID      string
	Source  string
	Kind    string
	Payload []byte
}

// DedupeEvents drops every event whose ID was already seen earlier in the
// batch. The first occurrence wins and the relative order of the surviving
// events is preserved.
func DedupeEvents(events []Event) []Event {
	out := make([]Event, 0, len(events))
	for _, ev := range events {
		dup := false
		for i := range out {
			if out[i].ID == ev.ID {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		out = append(out, ev)
	}
	return out
}
