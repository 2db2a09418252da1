package main

import (
	"runtime"
	"sort"
	"sync"
)

// Row is one row of a query result being ordered for an ORDER BY.
type Row struct {
	Key uint64
	Seq uint32 // position in the input, used as tie-breaker
	Val int32
}

func rowLess(a, b *Row) bool {
	if a.Key != b.Key {
		return a.Key < b.Key
	}
	return a.Seq < b.Seq
}

// merge merges the sorted halves a[:mid] and a[mid:] using tmp as
// scratch space of the same length as a.
func merge(a []Row, mid int, tmp []Row) {
	copy(tmp, a)
	mergeInto(tmp[:mid], tmp[mid:], a)
}

// mergeInto merges the sorted runs x and y into out, which has room for
// both; on equal rows, those of x come first.
func mergeInto(x, y, out []Row) {
	i, j, k := 0, 0, 0
	for i < len(x) && j < len(y) {
		if rowLess(&y[j], &x[i]) {
			out[k] = y[j]
			j++
		} else {
			out[k] = x[i]
			i++
		}
		k++
	}
	k += copy(out[k:], x[i:])
	copy(out[k:], y[j:])
}

// parallelMerge is mergeInto split into 2^depth merges of about the same
// size that run concurrently.
func parallelMerge(x, y, out []Row, depth int) {
	if depth == 0 || len(out) <= parallelCutoff {
		mergeInto(x, y, out)
		return
	}
	// Cut the longer run in the middle and find where its middle row goes
	// in the other run: everything before the cut merges into the front of
	// out, the rest into the back, and rows of x still precede equal rows
	// of y.
	var i, j int
	if len(x) >= len(y) {
		i = len(x) / 2
		j = sort.Search(len(y), func(k int) bool { return !rowLess(&y[k], &x[i]) })
	} else {
		j = len(y) / 2
		i = sort.Search(len(x), func(k int) bool { return rowLess(&y[j], &x[k]) })
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		parallelMerge(x[:i], y[:j], out[:i+j], depth-1)
	}()
	parallelMerge(x[i:], y[j:], out[i+j:], depth-1)
	wg.Wait()
}

const (
	// Ranges at or below this size are sorted by insertion.
	insertionCutoff = 24
	// Ranges at or below this size are not worth a goroutine.
	parallelCutoff = 8192
)

func insertionSort(a []Row) {
	for i := 1; i < len(a); i++ {
		x := a[i]
		j := i
		for j > 0 && rowLess(&x, &a[j-1]) {
			a[j] = a[j-1]
			j--
		}
		a[j] = x
	}
}

func mergeSort(a, tmp []Row) {
	if len(a) <= insertionCutoff {
		insertionSort(a)
		return
	}
	mid := len(a) / 2
	mergeSort(a[:mid], tmp[:mid])
	mergeSort(a[mid:], tmp[mid:])
	merge(a, mid, tmp)
}

// parallelMergeSort sorts the two halves of a concurrently, splitting
// again depth times, and merges them on as many goroutines.
func parallelMergeSort(a, tmp []Row, depth int) {
	if depth == 0 || len(a) <= parallelCutoff {
		mergeSort(a, tmp)
		return
	}
	mid := len(a) / 2
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		parallelMergeSort(a[:mid], tmp[:mid], depth-1)
		copy(tmp[:mid], a[:mid])
	}()
	parallelMergeSort(a[mid:], tmp[mid:], depth-1)
	copy(tmp[mid:], a[mid:])
	wg.Wait()
	parallelMerge(tmp[:mid], tmp[mid:], a, depth)
}

// SortRows sorts rows in place by (Key, Seq). The merge sort is stable;
// large inputs are sorted and merged on all available CPUs.
func SortRows(rows []Row) {
	tmp := make([]Row, len(rows))
	// Split until there is a sort for every CPU the process may use.
	depth := 0
	for 1<<depth < runtime.GOMAXPROCS(0) {
		depth++
	}
	parallelMergeSort(rows, tmp, depth)
}
