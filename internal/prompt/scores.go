package prompt

import (
	"regexp"
	"strconv"
	"strings"
)

// ScoreVersion asks a judge to score a description beside the change it
// describes: names_inefficiency, names_fix and invents_nothing, each 1
// to 5.
const ScoreVersion = "score-description-v1"

// How a judge's answer was read (parse_status).
const (
	ScoresOK         = "ok"           // all three scores, each 1 to 5
	ScoresPartial    = "partial"      // a criterion has no score line
	ScoresOutOfRange = "out_of_range" // a score is not a whole number from 1 to 5
	ScoresNone       = "none"         // no score line at all
	ScoresTruncated  = "truncated"    // cut short before all three scores
)

// Scores are a judge's three scores of a description, nil where the
// answer gave none from 1 to 5, and how the answer was read.
type Scores struct {
	NamesInefficiency *int32
	NamesFix          *int32
	InventsNothing    *int32
	Status            string
}

// scoreLine is a score in any of the shapes chat models give it: a line
// "Fix: 4", with marks ("**Fix:** 4", "- Fix = **4**/5", "| Fix | 4 |"),
// the criterion's column name ("names_fix: 4"), a parenthesis after the
// label ("Fix (names_fix): 4"), or a JSON key ("fix": 4, "names_fix":
// "4"). Group 1 is the label, 2 the score, 3 the scale after a slash or
// "out of".
var scoreLine = regexp.MustCompile(`(?i)\b(names[ _-]?(?:the[ _-]?)?inefficiency|inefficiency|names[ _-]?(?:the[ _-]?)?fix|fix|invents[ _-]?nothing|nothing[ _-]invented|invented(?:[ _-]nothing)?)(?:[ _-]?score)?` +
	"[ \\t*_`\"']*(?:\\([^)\\n]{0,60}\\)[ \\t*_`\"']*)?" +
	"(?::|\uff1a|=|\\||\u2013|\u2014|-[ \\t])[ \\t*_`\"']*" +
	`(-?\d+(?:\.\d+)?)\b(?:[ \t*_` + "`" + `"']*(?:/|out of)[ \t]*(\d+)\b)?`)

// ParseScores reads a judge's answer, its reasoning set apart by Split:
// the last score of each criterion counts, wherever it is in the text
// and whatever its shape (see scoreLine). A score that is not a whole
// number from 1 to 5, or is given out of another scale, is no score. An
// answer cut inside its reasoning has no scores.
func ParseScores(a Answer) Scores {
	var s Scores
	last := [3]string{} // each criterion's last score, with "/scale" when given
	for _, m := range scoreLine.FindAllStringSubmatch(a.Text, -1) {
		i := criterion(m[1])
		last[i] = m[2]
		if m[3] != "" {
			last[i] += "/" + m[3]
		}
	}
	dst := [...]**int32{&s.NamesInefficiency, &s.NamesFix, &s.InventsNothing}
	found, invalid := 0, false
	for i, v := range last {
		if v == "" {
			continue
		}
		found++
		n, ok := scoreValue(v)
		if !ok {
			invalid = true
			continue
		}
		*dst[i] = &n
	}
	switch {
	case found == 3 && !invalid:
		s.Status = ScoresOK
	case a.Unclosed:
		s.Status = ScoresTruncated
	case invalid:
		s.Status = ScoresOutOfRange
	case found == 0:
		s.Status = ScoresNone
	default:
		s.Status = ScoresPartial
	}
	return s
}

// criterion is the index of a label's criterion: 0 names_inefficiency,
// 1 names_fix, 2 invents_nothing.
func criterion(label string) int {
	l := strings.ToLower(label)
	switch {
	case strings.Contains(l, "inefficiency"):
		return 0
	case strings.Contains(l, "fix"):
		return 1
	}
	return 2
}

// scoreValue reads "4", "4.0" or "4/5" as 4: a whole number from 1 to 5,
// on a scale of 5 when one is given.
func scoreValue(v string) (int32, bool) {
	v, scale, scaled := strings.Cut(v, "/")
	if scaled && scale != "5" {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f != float64(int32(f)) || f < 1 || f > 5 {
		return 0, false
	}
	return int32(f), true
}
