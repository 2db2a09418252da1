package prompt

import (
	"regexp"
	"strconv"
	"strings"
)

// HarnessDraft is what a model's answer to a draft prompt holds.
type HarnessDraft struct {
	Prelude, Harness string
	Scale            int64    // 0: the answer named none
	Stubs            []string // the names the model wrote stand-ins for
}

var (
	scaleLine = regexp.MustCompile(`(?im)^[\s*_#>-]*scale[\s*_]*[:=][\s*_` + "`" + `]*([0-9][0-9_,]*)`)
	stubsLine = regexp.MustCompile(`(?im)^[\s*_#>-]*stubs[\s*_]*[:=][\s*_]*(.*)$`)
)

// Harness reads a draft answer: the block tagged "prelude" and the one
// tagged "harness"; untagged, the last block is the harness and one
// before it the prelude. The status is as Code's, for the harness.
func Harness(answer, language string) (HarnessDraft, string) {
	var d HarnessDraft
	blocks := fencedBlocks(answer)
	var prelude, harness *block
	for i := range blocks {
		switch tag := blocks[i].tag; {
		case strings.Contains(tag, "prelude"):
			prelude = &blocks[i]
		case strings.Contains(tag, "harness"):
			harness = &blocks[i]
		}
	}
	if harness == nil && len(blocks) > 0 {
		harness = &blocks[len(blocks)-1]
		if prelude == nil && len(blocks) > 1 {
			prelude = &blocks[len(blocks)-2]
		}
	}
	if harness == nil || strings.TrimSpace(harness.code) == "" {
		return d, ExtractEmpty
	}
	d.Harness = withNewline(harness.code, strings.TrimSpace(harness.code))
	if prelude != nil && strings.TrimSpace(prelude.code) != "" {
		d.Prelude = withNewline(prelude.code, strings.TrimSpace(prelude.code))
	}
	if m := scaleLine.FindStringSubmatch(answer); m != nil {
		d.Scale, _ = strconv.ParseInt(strings.NewReplacer("_", "", ",", "").Replace(m[1]), 10, 64)
	}
	if m := stubsLine.FindStringSubmatch(answer); m != nil {
		for _, s := range strings.Split(m[1], ",") {
			s = strings.Trim(strings.TrimSpace(s), "`*_.")
			if s != "" && !strings.EqualFold(s, "none") {
				d.Stubs = append(d.Stubs, s)
			}
		}
	}
	status := ExtractFenced
	switch {
	case !harness.closed:
		status = ExtractTruncated
	case len(blocks) > 2:
		status = ExtractMultiple
	}
	return d, status
}
