package mining

import (
	"regexp/syntax"
	"strings"
)

// needed lists strings one of which is in every text the pattern matches,
// or nil when there are none to tell: a cue whose words are all absent
// from a message is not run on it (a regular expression costs a
// microsecond a message; strings.Contains a few nanoseconds).
func needed(pattern string) []string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	return required(re.Simplify())
}

// required is the set of strings one of which any match of re contains,
// nil when unknown. Only literals of three bytes or more are kept: a
// shorter one says little.
func required(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || len(string(re.Rune)) < 3 {
			return nil
		}
		return []string{string(re.Rune)}
	case syntax.OpCapture:
		return required(re.Sub[0])
	case syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min > 0 {
			return required(re.Sub[0])
		}
		return nil
	case syntax.OpConcat:
		// Any part's set will do; the one with the longest shortest
		// string filters best.
		var best []string
		bestLen := 0
		for _, sub := range re.Sub {
			if set := required(sub); set != nil {
				if l := shortest(set); l > bestLen {
					best, bestLen = set, l
				}
			}
		}
		return best
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			set := required(sub)
			if set == nil {
				return nil
			}
			all = append(all, set...)
		}
		return all
	}
	return nil
}

func shortest(set []string) int {
	n := -1
	for _, s := range set {
		if n < 0 || len(s) < n {
			n = len(s)
		}
	}
	return n
}

// mayMatch reports whether text holds one of the needed strings (or
// whether nothing is needed).
func mayMatch(need []string, text string) bool {
	if need == nil {
		return true
	}
	for _, s := range need {
		if strings.Contains(text, s) {
			return true
		}
	}
	return false
}
