package prompt

import (
	"regexp"
	"strings"
)

// verdictLine is a judge's answer line: "Performance: yes", with the
// marks models put around it ("**Performance:** Yes.").
var verdictLine = regexp.MustCompile(`(?im)^[\s*#>_-]*performance\s*[:=][\s*_` + "`" + `"']*(yes|no|true|false)\b`)

// Verdict reads the last "Performance: yes|no" line of a judge's answer:
// yes is true, and found is false when there is no such line.
func Verdict(answer string) (yes, found bool) {
	m := verdictLine.FindAllStringSubmatch(answer, -1)
	if len(m) == 0 {
		return false, false
	}
	v := strings.ToLower(m[len(m)-1][1])
	return v == "yes" || v == "true", true
}
