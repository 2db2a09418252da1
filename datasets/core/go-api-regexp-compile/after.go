package main

import (
	"regexp"
	"sort"
)

var ticketRefRE = regexp.MustCompile(`\b([A-Z][A-Z0-9]{1,9})-([1-9][0-9]{0,5})\b`)

// TicketRefs collects the distinct issue references ("OPS-1234",
// "NET-77", ...) mentioned in a batch of commit messages or chat lines and
// returns them sorted.
func TicketRefs(lines []string) []string {
	seen := make(map[string]bool)
	var refs []string
	for _, line := range lines {
		for _, m := range ticketRefRE.FindAllString(line, -1) {
			if !seen[m] {
				seen[m] = true
				refs = append(refs, m)
			}
		}
	}
	sort.Strings(refs)
	return refs
}
