// Package par runs the iterations of a loop on every CPU, and lets
// goroutines share a writer.
package par

import (
	"io"
	"runtime"
	"sync"
)

// For runs f(0..n-1) on every CPU, each worker taking every w-th i; on
// one CPU, or for fewer than 64 iterations a worker, it runs them in
// order here. f must be safe to call concurrently.
func For(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), (n+63)/64)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				f(i)
			}
		})
	}
	wg.Wait()
}

// Writer makes w safe for several goroutines: each Write is whole, one at
// a time. A nil w stays nil.
func Writer(w io.Writer) io.Writer {
	if w == nil {
		return nil
	}
	if _, ok := w.(*lockedWriter); ok {
		return w
	}
	return &lockedWriter{w: w}
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
