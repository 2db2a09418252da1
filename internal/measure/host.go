package measure

import (
	"bufio"
	"fmt"
	"os"
	"strings"

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

// probeCounters opens the instruction counter on this process to learn
// whether the kernel and the (virtual) CPU provide one.
func probeCounters() string {
	if _, err := openCounter(0, counted).read(); err != nil {
		return fmt.Sprintf("unavailable: instructions: %v", err)
	}
	return "available"
}
