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
	sorted := make([]Player, len(players))
	copy(sorted, players)
	sort.Slice(sorted, func(i, j int) bool {
		return better(&sorted[i], &sorted[j])
	})
	if k > len(sorted) {
		k = len(sorted)
	}
	return sorted[:k]
}
