package main

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
	i, j, k := 0, mid, 0
	for i < mid && j < len(a) {
		if rowLess(&tmp[j], &tmp[i]) {
			a[k] = tmp[j]
			j++
		} else {
			a[k] = tmp[i]
			i++
		}
		k++
	}
	k += copy(a[k:], tmp[i:mid])
	copy(a[k:], tmp[j:])
}

// Ranges at or below this size are sorted by insertion.
const insertionCutoff = 24

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

// SortRows sorts rows in place by (Key, Seq). The merge sort is stable.
func SortRows(rows []Row) {
	tmp := make([]Row, len(rows))
	mergeSort(rows, tmp)
}
