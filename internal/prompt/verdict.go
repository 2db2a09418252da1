package prompt

import (
	"regexp"
	"strings"
)

// verdictLine is a judge's answer line: "Performance: yes", with the
// marks and the wordings models put around it ("**Performance:** Yes.",
// "Performance work: yes", "Verdict — no", `"performance": true` in a
// JSON object, "| Performance | yes |" in a table). What follows the
// word must end the line or open an aside, so "Performance: no doubt
// faster" is not a no.
var verdictLine = regexp.MustCompile(`(?im)^[\s*#>_|{"'` + "`" + `-]*(?:performance(?:[ _](?:work|improvement|change|related))?|is[ _]performance(?:[ _]work)?|verdict|final[ _]answer|answer|decision)["'` + "`" + `*_]*\s*[:=|—–-]+[\s*_"'` + "`" + `]*(yes|no|true|false)\b[\s*_"'` + "`" + `.!|,}]*(?:$|[(\[,;:—–-])`)

// bareVerdict is an answer that gives its verdict as its first or last
// word alone: "Yes. It pools the buffers." or a last line "No.".
var (
	firstWord = regexp.MustCompile(`(?i)^[\s*#>_"']*(yes|no)\b[\s*_"'.!,:;]`)
	lastWord  = regexp.MustCompile(`(?i)(?:^|\n)[\s*#>_"']*(yes|no)[\s*_"'.!]*$`)
)

// Verdict reads the last "Performance: yes|no" line of a judge's answer
// (in the shapes verdictLine knows), else an answer that starts or ends
// with a bare yes or no: yes is true, and found is false when there is
// none of these.
func Verdict(answer string) (yes, found bool) {
	answer = strings.TrimSpace(answer)
	var v string
	if m := verdictLine.FindAllStringSubmatch(answer, -1); len(m) > 0 {
		v = m[len(m)-1][1]
	} else if m := lastWord.FindStringSubmatch(answer); m != nil {
		v = m[1]
	} else if m := firstWord.FindStringSubmatch(answer + "\n"); m != nil {
		v = m[1]
	} else {
		return false, false
	}
	v = strings.ToLower(v)
	return v == "yes" || v == "true", true
}
