package measure

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Host is what a measurement records about the machine it ran on.
type Host struct {
	Name   string
	CPU    string // model name
	Kernel string
	// Counters says whether hardware instruction counters work here:
	// "available", or "unavailable: <reason>".
	Counters string
}

// ReadHost gathers the host facts once per stage.
func ReadHost() Host {
	h := Host{CPU: cpuModel(), Counters: probeCounters()}
	h.Name, _ = os.Hostname()
	var u unix.Utsname
	if unix.Uname(&u) == nil {
		h.Kernel = unix.ByteSliceToString(u.Sysname[:]) + " " + unix.ByteSliceToString(u.Release[:])
	}
	return h
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// probeCounters opens a hardware instruction counter on this process to
// learn whether the kernel and the (virtual) CPU provide one.
func probeCounters() string {
	attr := unix.PerfEventAttr{
		Type:   unix.PERF_TYPE_HARDWARE,
		Config: unix.PERF_COUNT_HW_INSTRUCTIONS,
		Bits:   unix.PerfBitDisabled | unix.PerfBitExcludeKernel | unix.PerfBitExcludeHv,
	}
	attr.Size = uint32(unsafe.Sizeof(attr))
	fd, err := unix.PerfEventOpen(&attr, 0, -1, -1, unix.PERF_FLAG_FD_CLOEXEC)
	if err != nil {
		return fmt.Sprintf("unavailable: perf_event_open(instructions): %v", err)
	}
	unix.Close(fd)
	return "available"
}
