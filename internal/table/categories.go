package table

// CategoryDefinitions gives each category of Categories its one-line
// definition: the same words in the describe prompt, perfcon help
// categories and the README.
//
// Each says what the inefficiency is, with the shapes it takes in the
// task sets, so that a change fits one category: building a string or
// slice by repeated concatenation or regrowth is memory_inefficiency
// (the fix removes copies), not api_misuse. The describe prompt shows
// them, so changing one changes that prompt: it calls for a new describe
// version (internal/prompt's TestDigestPinsRender fails until then).
var CategoryDefinitions = map[string]string{
	"api_misuse": "a slow way of using an API or library, or a slower call where a faster one fits: " +
		"an object rebuilt on every call instead of once (a regular expression compiled per line), " +
		"a general or reflective routine where a specific one does (deepcopy for a shallow copy, " +
		"strptime for a fixed format), the same lookup made several times where one serves",
	"memory_inefficiency": "needless allocations, copies or memory footprint: a string or buffer built by " +
		"repeated concatenation or re-slicing, a container regrown instead of sized up front, " +
		"a value copied where a reference or view does, a buffer allocated per item instead of reused",
	"poor_concurrency_control": "synchronisation overhead between threads: a lock taken per item or held " +
		"too long, lock contention, needless locks or atomics, a channel or queue hand-off per item, busy waiting",
	"inefficient_io": "file, disk or stream I/O: unbuffered or small reads and writes, a flush or open per " +
		"record, more system calls than the data needs",
	"network_bottleneck": "network round trips and connections: a round trip per request where requests " +
		"could be batched or pipelined, a connection set up per request instead of kept alive or pooled, " +
		"chatty protocols",
	"inefficient_algorithm": "a worse algorithm or data structure: quadratic loops, linear search where a " +
		"hash or index fits, sorting more than the result needs, recomputation, missing early exit or memoisation",
	"parallelization": "independent work done serially that can run on several cores, split across " +
		"threads, processes or goroutines",
	"micro_architectural": "what the CPU does with the code: branch mispredictions, cache misses and poor " +
		"locality, false sharing, costly instructions such as division, work done a byte at a time instead " +
		"of a word or SIMD lane at a time, missed inlining or bounds-check elimination",
}
