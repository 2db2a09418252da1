package measure

import (
	"encoding/binary"
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

// counted and cycles are what a run counts, from the program's exec on,
// where the machine has the counters: retired user-space instructions and
// CPU cycles of the program and every thread and child it starts.
// Variables so that tests can count a software event on machines without
// hardware counters.
var (
	counted = unix.PerfEventAttr{
		Type:   unix.PERF_TYPE_HARDWARE,
		Config: unix.PERF_COUNT_HW_INSTRUCTIONS,
		Bits: unix.PerfBitDisabled | unix.PerfBitEnableOnExec | unix.PerfBitInherit |
			unix.PerfBitExcludeKernel | unix.PerfBitExcludeHv,
	}
	cycles = unix.PerfEventAttr{
		Type:   unix.PERF_TYPE_HARDWARE,
		Config: unix.PERF_COUNT_HW_CPU_CYCLES,
		Bits:   counted.Bits,
	}
)

// counter is a perf event counting one process. hodgesds/perf-utils can't
// open an event that starts at exec, so this uses x/sys/unix directly.
type counter struct {
	fd  int
	err error
}

// openCounter attaches an event to pid before it execs.
func openCounter(pid int, attr unix.PerfEventAttr) *counter {
	attr.Size = uint32(unsafe.Sizeof(attr))
	fd, err := unix.PerfEventOpen(&attr, pid, -1, -1, unix.PERF_FLAG_FD_CLOEXEC)
	if err != nil {
		return &counter{fd: -1, err: fmt.Errorf("perf_event_open: %w", err)}
	}
	return &counter{fd: fd}
}

// read returns the count once the process has ended, and closes the
// counter.
func (c *counter) read() (int64, error) {
	if c.err != nil {
		return 0, c.err
	}
	defer unix.Close(c.fd)
	var b [8]byte
	if n, err := unix.Read(c.fd, b[:]); err != nil || n != 8 {
		return 0, fmt.Errorf("reading the counter: %d bytes, %v", n, err)
	}
	return int64(binary.NativeEndian.Uint64(b[:])), nil
}
