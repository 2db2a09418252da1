/*
 * The helper's report: one line per message on descriptor 3, each line a
 * format below. This file is the protocol's only definition: the helper
 * prints with these formats, and the Go side (protocol.go) reads this
 * same file to parse them. Integers are %d, %lld or %ld; a %s that ends a
 * format takes the rest of the line, spaces and all; any other is one word.
 */
#ifndef PERFCON_REPORT_H
#define PERFCON_REPORT_H

/* A layer held: user, net, ipc, fs, dev, proc, pid, disk, seccomp. */
#define REPORT_ISOLATED "isolated %s"
/* A layer did not hold, and why. */
#define REPORT_MISSING "missing %s %s"
/* The helper joined a cgroup, or could not. */
#define REPORT_JOINED "joined %s"
#define REPORT_UNJOINED "unjoined %s %s"
/* The program's pid, as the caller sees pids. */
#define REPORT_PID "pid %d"
/* CLOCK_MONOTONIC, in ns, just before the program's exec. */
#define REPORT_EXEC "exec %lld"
/* How it ended: "exit" or "signal", the code or signal, user and system
   time in us, peak RSS in KiB, CLOCK_MONOTONIC at its end, and the bytes
   of its work folder's size bound left free (-1 without a bound). */
#define REPORT_END "end %s %d %lld %lld %ld %lld %lld"
/* The processes the program left behind, killed and reaped after it: how
   many, their user and system time in us, and the largest peak RSS among
   them in KiB. */
#define REPORT_REAPED "reaped %d %lld %lld %ld"
/* Nothing ran, and why. */
#define REPORT_FAILED "failed %s"

#endif
