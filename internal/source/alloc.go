package source

/*
#include <stdlib.h>

// The tree-sitter library's own, linked from its Go binding.
void ts_set_allocator(void *(*new_malloc)(size_t), void *(*new_calloc)(size_t, size_t),
                      void *(*new_realloc)(void *, size_t), void (*new_free)(void *));

static void perfcon_libc_allocator(void) { ts_set_allocator(malloc, calloc, realloc, free); }
*/
import "C"

// The Go binding routes every allocation of the C library through a Go
// callback; a parse makes thousands, and the callbacks were a fifth of a
// mining run's time. The library is told to use the C allocator again
// before any tree exists (the binding's init, which set the callbacks,
// runs before this package's).
func init() { C.perfcon_libc_allocator() }
