package main

import "sort"

// Player is one row of the leaderboard.
type Player struct {
	ID    uint32
	Name  string
	Score int64
}

// better reports whether a ranks above b: higher score first, lower ID
// first among equal scores.
func better(a, b *Player) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.ID < b.ID
}

// TopPlayers returns the k best players, best first. The input is not
// modified.
func TopPlayers(players []Player, k int) []Player {
	if k <= 0 {
		return nil
	}
	if k > len(players) {
		k = len(players)
	}
	// h is a min-heap (by rank) of the best k players seen so far: h[0]
	// is the weakest of them and the one to evict.
	h := make([]Player, 0, k)
	for i := range players {
		p := &players[i]
		if len(h) < k {
			h = append(h, *p)
			for c := len(h) - 1; c > 0; {
				parent := (c - 1) / 2
				if !better(&h[parent], &h[c]) {
					break
				}
				h[parent], h[c] = h[c], h[parent]
				c = parent
			}
			continue
		}
		if !better(p, &h[0]) {
			continue
		}
		h[0] = *p
		for c := 0; ; {
			l, r, worst := 2*c+1, 2*c+2, c
			if l < k && better(&h[worst], &h[l]) {
				worst = l
			}
			if r < k && better(&h[worst], &h[r]) {
				worst = r
			}
			if worst == c {
				break
			}
			h[c], h[worst] = h[worst], h[c]
			c = worst
		}
	}
	sort.Slice(h, func(i, j int) bool { return better(&h[i], &h[j]) })
	return h
}
