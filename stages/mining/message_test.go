package mining

import (
	"testing"

	"github.com/perfcon/perfcon/internal/source"
)

// The cues of messages seen on histories the rules were not written on:
// each must land on its side of the default score.
func TestMessageCues(t *testing.T) {
	for _, tc := range []struct {
		msg  string
		perf bool
	}{
		{"Smaller initial decoder alloc", true},
		{"Increase decoding speed of short blocks", true},
		{"Improve encoder performance on small inputs", true},
		{"Optmize the hash loop", true},
		{"Improve perfomance of the matcher", true},
		{"zstd: tweak the fast encoder\n\nThis gives 1.84% on the silesia corpus.", true},
		{"Use a larger table for matches\n\nThis gives 1.84% on the silesia corpus.", false}, // a figure in the body is half a claim
		{"Fix the window check\n\nPerformance neutral.", false},
		{"Refactor the block writer\n\nNo performance impact, benchmarks unchanged.", false},
		{"Rename the decoder's fields; performance unchanged", false},
		{"Add a replacement for the old API", false},
		{"opt(btree): use Go memory instead of mmap files", true},
		{"Add a 4-digit SWAR step to the digit loop", true},
		{"crc32: process 64 bytes per loop iteration", true},
		{"Write two bytes at a time into the buffer", true},
		{"lib/x86: make AVX2 adler32 code work with MSVC", false},
		{"Check for CPU capabilities before using SIMD instructions", false},
		{"Enable Boundary Check Elimination by pointer arithmetic", true},
		{"Enable noescape trick for decoder", true},
		{"Use BMI2 for the bit reader", true},
	} {
		score, ev, _ := scoreMessage(subjectAndBody(tc.msg, ""))
		if got := score >= DefaultMinScore; got != tc.perf {
			t.Errorf("%q: score %.2f (%v), want performance work %v", tc.msg, score, ev, tc.perf)
		}
	}
}

func TestCategoryInContext(t *testing.T) {
	for _, tc := range []struct {
		msg, lang, want string
	}{
		{"Vectorize the distance computation with numpy", source.Python, algorithm},
		{"Vectorize the distance loop with AVX2", source.CPP, microArch},
		{"Faster literal copy in the decoder", source.Go, algorithm}, // a codec's copy is not memory: no cue is left
		{"Avoid a copy of the request body", source.Go, memory},
		{"Inline template tests during optimization", source.Python, algorithm},
		{"Shortcut for the if inner visit for empty branches", source.Python, algorithm},
		{"Pad the counters to avoid false sharing", source.Python, microArch},
		{"Inline the hash round", source.C, microArch},
	} {
		got, why, _ := categorize(messageText(tc.msg, "", true), tc.lang, nil)
		if got != tc.want {
			t.Errorf("%q (%s): %s %v, want %s", tc.msg, tc.lang, got, why, tc.want)
		}
	}
}

// Work the labels' guide never counts as performance work, however much
// speed its message speaks of, is vetoed; performance work that speaks
// of tests or optimisations is not.
func TestVetoes(t *testing.T) {
	for _, tc := range []struct {
		msg, veto string
	}{
		{"Revert \"Speed up the parser 3x\"", "a revert"},
		{"Go back to the old loop\n\nThis reverts commit 0123456789abcdef.", "a revert"},
		{"Remove the lookup table optimization, it broke big-endian", "undoes an optimisation"},
		{"Make the test suite 2x faster", "not the product's speed"},
		{"Fix perf test: use a faster fixture", "a performance test"},
		{"Speed up the parser 3x", ""},
		{"Optimize the decoder: fewer allocations in the test of each token", ""},
		{"perf: avoid a copy found by the benchmark", ""},
	} {
		if got := vetoOf(subjectAndBody(tc.msg, "")); got != tc.veto {
			t.Errorf("%q: vetoed %q, want %q", tc.msg, got, tc.veto)
		}
	}
}
