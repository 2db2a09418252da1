// Package sandbox runs untrusted programs, and the builds of them: each
// with limits on CPU time, memory, processes, open files, file size and
// the bytes it writes in all, and, where the kernel allows, in a root of
// its own that holds only its work folder, the paths its language needs
// (read-only), a minimal /dev and the /proc of its own pid namespace, with
// no network but its own loopback.
//
// The work is done by a small C helper (csrc/helper.c), built once with
// the system's C compiler and cached. Go can't set rlimits or namespaces for
// a child alone, and perfcon's own binary is too big to fork from: a child
// forked from it starts with the parent's pages in its peak memory. The
// helper reports on a pipe, in the lines defined once in csrc/report.h,
// which protocol.go reads too.
//
// As root the helper makes network, mount and pid namespaces; as any other
// user it first makes a user namespace, where the system allows
// unprivileged ones. Each layer that could not be made is named, with the
// reason, in Exit.Missing.
//
// Users' documentation of the sandbox is docs/sandbox.md.
//
// # Layers
//
// Each layer, what it holds, and where it can't (Layers lists them;
// Exit.Isolation says how each held and Exit.Missing which did not):
//
//   - user: as root, none is needed; as any other user, a user namespace
//     in which the user is itself. Without unprivileged user namespaces
//     every layer below but the rlimits is missing.
//   - net: a network namespace with only its own loopback: a task may serve
//     itself, nothing else is reachable, abstract unix sockets included.
//   - ipc: an IPC namespace: System V shared memory, semaphores and message
//     queues and POSIX queues of its own, gone when the run ends.
//   - fs: a root of its own, on a tmpfs, holding only its work folder /work
//     (a private copy of its program's folder, its working directory and
//     HOME), the system's programs and libraries read-only (/usr, /bin,
//     /lib*, /sbin, and a few files of /etc: ld.so.*, alternatives, passwd,
//     group, nsswitch.conf, hosts, localtime, python3*) and its language's
//     toolchain read-only (the Python prefix, GOROOT). Nothing else of the
//     machine is there: not the task set, the tables, the caches, the home
//     folder, /run, /var/tmp or their socket files. A folder of perfcon's
//     that lies under a readable path is covered by an empty one.
//   - dev: /dev holds null, zero, full, random, urandom, a pts of its own
//     and the fd links; nothing can be made there.
//   - proc: /proc is the pid namespace's own, read-only; without a pid
//     namespace there is no /proc.
//   - pid: a pid namespace, so nothing the program starts outlives it; a
//     session of its own, so no terminal. The helper is the run's reaper:
//     whatever the program leaves behind is killed and reaped when it ends,
//     its CPU time added to the run's, and a run that leaves any is a
//     runtime error ("left N child processes it never waited for"), so work
//     handed to a child gets no credit.
//   - seccomp: a filter refuses (EPERM) mounts, unshare, setns and clone
//     with namespace flags, ptrace and process_vm_*, the keyring calls (the
//     program also joins a session keyring of its own), setting clocks,
//     perf_event_open (the meter opens its counters before the program
//     runs), bpf, userfaultfd, modules, reboot and swapon; inotify_init*
//     fails with EMFILE; sched_setaffinity succeeds and does nothing, so a
//     program stays on the CPUs it was pinned to; clone3 is "not
//     implemented", so the C library falls back to clone, whose flags the
//     filter reads. Architectures other than x86-64 and arm64 get no
//     filter.
//   - disk: the work folder, /tmp and /dev/shm are one tmpfs of
//     Limits.Disk; a run that fills it is a runtime error whose stderr
//     begins "wrote more than N MiB in all (the disk limit)".
//   - procs: a pids cgroup (cgroup v1 pids, or a delegated cgroup v2
//     folder) of Limits.Procs, plus RLIMIT_NPROC. As root without a
//     writable cgroup, processes are unbounded.
//   - memory: a memory cgroup at Limits.Memory (a program killed there is
//     out of memory), which counts shared memory, tmpfs pages and the
//     kernel's memory for the program's files too; and RLIMIT_DATA at
//     Limits.Data (it counts every thread's whole stack). Without a
//     writable memory cgroup, RLIMIT_DATA is the only bound and shared
//     mappings escape it: the layer is reported missing.
//   - rlimits: CPU time (just past the timeout; SIGXCPU is a timeout),
//     address space (with room for Go's up-front reservations), open files
//     (the kernel has no bound on a run's files in all), file size, no core
//     files.
//   - capabilities: none, and no new privileges: the program can't undo
//     any of it.
//
// Besides: stdout is capped at 64 KiB (a program that writes more is
// stopped), stderr kept to its first 2 KiB; every text kept is valid UTF-8
// (a character cut at the end is dropped, any other invalid byte becomes
// U+FFFD); if perfcon dies, the helper and the program die with it. A run
// stopped at its timeout keeps its CPU time, wall time and peak memory
// until the kill: the program is killed first and the helper still
// reports it.
//
// Builds run in the same sandbox (see package lang), with the compiler's
// folder read-only, a scrubbed environment and their own limits and
// timeout; the work folder's files are copied back out when the build
// ends.
//
// What no layer covers: the machine's CPU caches, memory bandwidth and
// frequency, which a run shares with whatever else runs (the measurement
// protocol's interleaving and the noise floor answer that); the kernel's
// own attack surface; the read-only system folders, which a program may
// read; and a run outside the sandbox (measure.Runner without one, used
// only by perfcon's tests).
//
// The helper is not bubblewrap: bubblewrap can't report the program's own
// rusage and peak memory (the program is its child), join cgroups, or hold
// the program before its exec while its counters are opened, so the helper
// would still be needed inside it, at two execs a run instead of one.
package sandbox
