package main

import (
	"strconv"
	"strings"
	"sync"
)

const statusWorkers = 4

// parseStatus extracts the HTTP status code from an access log line of the
// form `<ip> <method> <path> <status> <bytes>`. It returns 0 when the line
// is malformed.
func parseStatus(line string) int {
	rest := line
	for i := 0; i < 3; i++ { // skip ip, method and path
		sp := strings.IndexByte(rest, ' ')
		if sp <= 0 {
			return 0
		}
		rest = rest[sp+1:]
	}
	sp := strings.IndexByte(rest, ' ')
	if sp <= 0 || sp == len(rest)-1 || strings.IndexByte(rest[sp+1:], ' ') >= 0 {
		return 0
	}
	code, err := strconv.Atoi(rest[:sp])
	if err != nil {
		return 0
	}
	return code
}

// CountStatuses counts access log lines per HTTP status code, using a small
// pool of parser goroutines. Malformed lines are counted under code 0.
func CountStatuses(lines []string) map[int]int {
	jobs := make(chan string, 256)
	results := make(chan int, 256)

	var wg sync.WaitGroup
	for w := 0; w < statusWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for line := range jobs {
				results <- parseStatus(line)
			}
		}()
	}
	go func() {
		for _, line := range lines {
			jobs <- line
		}
		close(jobs)
		wg.Wait()
		close(results)
	}()

	counts := make(map[int]int)
	for code := range results {
		counts[code]++
	}
	return counts
}
