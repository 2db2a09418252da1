/*
 * perfcon's sandbox helper: runs one program under limits, isolated where
 * the kernel allows, and reports how it went. It is small on purpose: the
 * program is forked from it, so the program's peak memory, as wait4
 * reports it, starts from this helper's few pages and not from the Go
 * process that started it.
 *
 *   helper [options] -- PROGRAM ARGS...
 *     -work W      an empty folder: with -isolate, where the program's new
 *                  root is built; without, its work folder
 *     -src S       the program's files, copied into its work folder
 *     -out O       after the program ends, its work folder's files (but
 *                  tmp) are copied to O
 *     -disk B      with -isolate, the work folder is a tmpfs of B bytes, and
 *                  /tmp and /dev/shm are in it
 *     -ro P        with -isolate, a path of this machine the program may
 *                  read (repeatable); nothing else of it is there
 *     -rw P        likewise, a path it may write (a build's cache)
 *     -hide P      a path under one of those it must not see: it is empty
 *     -isolate     namespaces: a user namespace (when not root), network,
 *                  IPC, mount (a new root) and pid
 *     -cpu S -data B -as B -nproc N -nofile N -fsize B    rlimits
 *     -cgroup D    join cgroup D first (repeatable: pids, memory)
 *     -hold FD     after reporting its pid, the program waits for a byte
 *                  on FD before it execs (for counters opened from exec)
 *
 * In the new root the work folder is /work, its working directory and
 * HOME; /dev holds null, zero, full, random, urandom and a private pts;
 * /proc is the pid namespace's own, read-only. The program gets a session
 * keyring of its own and a seccomp filter (deny_syscalls) that refuses what
 * a benchmark never needs. The helper is the run's reaper: whatever the
 * program leaves behind is killed and reaped, and its CPU time counted. It
 * reports on descriptor 3, in the lines of report.h.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <linux/capability.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <stddef.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "report.h"

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
struct attr {
	unsigned long long set, clr, propagation, userns_fd;
};
#define ATTR_RDONLY 0x1
#define ATTR_NOSUID 0x2
#define ATTR_NODEV 0x4
#define ATTR_NOEXEC 0x8
#define AT_RECURSIVE_ 0x8000

static FILE *report;
static long long cpu, data, as, nproc, nofile, fsize, disk;
static const char *work, *src, *out, *ro[64], *rw[16], *hide[16], *cgroups[8];
static int nro, nrw, nhide, ncgroups, holdfd = -1;
static int srcfd = -1, outfd = -1, workfd = -1, procfd = -1;
static int fs_isolated, pid_isolated, proc_mounted;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	vfprintf(report, fmt, ap);
	va_end(ap);
	fputc('\n', report);
	fflush(report);
}

static char why[512];

/* fail notes what failed, with errno, for the caller to report. */
static const char *fail(const char *what, const char *path) {
	snprintf(why, sizeof why, "%s %s: %s", what, path, strerror(errno));
	return why;
}

/* limit lowers a resource's limits to v (the soft one) and v + slack (the
   hard one), never above the hard limit this process already has. */
static void limit(int resource, const char *name, long long v, long long slack) {
	if (v <= 0)
		return;
	struct rlimit rl, old;
	rl.rlim_cur = (rlim_t)v;
	rl.rlim_max = (rlim_t)(v + slack);
	if (getrlimit(resource, &old) == 0 && old.rlim_max != RLIM_INFINITY) {
		if (rl.rlim_max > old.rlim_max)
			rl.rlim_max = old.rlim_max;
		if (rl.rlim_cur > rl.rlim_max)
			rl.rlim_cur = rl.rlim_max;
	}
	if (setrlimit(resource, &rl) != 0) {
		fprintf(stderr, "sandbox: setrlimit %s: %s\n", name, strerror(errno));
		_exit(126);
	}
}

/* restrict adds mount flags to the mount at path (and those under it,
   when recursive). Kernels before mount_setattr (5.12) get a remount of
   the one mount, which must repeat the flags it has. */
static int restrict_mount(const char *path, int recursive, unsigned long long set) {
	struct attr a = {set, 0, 0, 0};
	if (syscall(SYS_mount_setattr, AT_FDCWD, path, recursive ? AT_RECURSIVE_ : 0, &a, sizeof a) == 0)
		return 0;
	if (errno != ENOSYS)
		return -1;
	struct statvfs sv;
	if (statvfs(path, &sv) != 0)
		return -1;
	unsigned long f = MS_REMOUNT | MS_BIND;
	f |= (sv.f_flag & ST_RDONLY || set & ATTR_RDONLY) ? MS_RDONLY : 0;
	f |= (sv.f_flag & ST_NOSUID || set & ATTR_NOSUID) ? MS_NOSUID : 0;
	f |= (sv.f_flag & ST_NODEV || set & ATTR_NODEV) ? MS_NODEV : 0;
	f |= (sv.f_flag & ST_NOEXEC || set & ATTR_NOEXEC) ? MS_NOEXEC : 0;
	f |= sv.f_flag & ST_NOATIME ? MS_NOATIME : 0;
	f |= sv.f_flag & ST_NODIRATIME ? MS_NODIRATIME : 0;
	f |= sv.f_flag & ST_RELATIME ? MS_RELATIME : 0;
	return mount(NULL, path, NULL, f, NULL);
}

/* mkdirs makes path and its parents. */
static int mkdirs(const char *path) {
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s", path);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = 0;
			if (mkdir(p, 0755) != 0 && errno != EEXIST)
				return -1;
			*s = '/';
		}
	return mkdir(p, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

/* copy_file copies one regular file, opened without following links or
   waiting on a fifo. */
static int copy_file(int from, int to, const char *name, mode_t mode) {
	int in = openat(from, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (in < 0)
		return -1;
	struct stat st;
	if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(in);
		return 0; /* changed under us: not a file to copy */
	}
	int o = openat(to, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode & 0777);
	if (o < 0) {
		close(in);
		return -1;
	}
	char buf[65536];
	ssize_t n;
	int err = 0;
	while ((n = read(in, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -1;
			break;
		}
		for (ssize_t w = 0; w < n;) {
			ssize_t k = write(o, buf + w, n - w);
			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0) {
				err = -1;
				break;
			}
			w += k;
		}
		if (err)
			break;
	}
	if (err == 0)
		err = fchmod(o, mode & 0777);
	int e = errno;
	close(in);
	close(o);
	errno = e;
	return err;
}

/* copy_tree copies the folders and regular files under from into to,
   skipping the entry named skip; links, devices and the like are left
   out. */
static int copy_tree(int from, int to, const char *skip, int depth) {
	if (depth > 64) {
		errno = ELOOP;
		return -1;
	}
	int d = openat(from, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir = d < 0 ? NULL : fdopendir(d);
	if (dir == NULL)
		return -1;
	struct dirent *e;
	int err = 0;
	while (err == 0 && (e = readdir(dir)) != NULL) {
		const char *name = e->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || (skip && strcmp(name, skip) == 0))
			continue;
		struct stat st;
		if (fstatat(from, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			err = -1;
			break;
		}
		if (S_ISREG(st.st_mode)) {
			err = copy_file(from, to, name, st.st_mode);
		} else if (S_ISDIR(st.st_mode)) {
			if (mkdirat(to, name, 0700) != 0 && errno != EEXIST) {
				err = -1;
				break;
			}
			int a = openat(from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			int b = openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			err = a < 0 || b < 0 ? -1 : copy_tree(a, b, NULL, depth + 1);
			if (err == 0)
				err = fchmod(b, (st.st_mode & 0777) | 0700);
			int en = errno;
			if (a >= 0)
				close(a);
			if (b >= 0)
				close(b);
			errno = en;
		}
	}
	int en = errno;
	closedir(dir);
	errno = en;
	return err;
}

/* expose makes path, of this machine, appear at the same path under
   root: a link as the same link, a folder or file as a bind mount,
   read-only unless writable. A path that does not exist, or that this
   user can't see, is left out. */
static const char *expose(const char *root, const char *path, int writable) {
	char dst[PATH_MAX], parent[PATH_MAX];
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT || errno == EACCES || errno == ENOTDIR ? NULL : fail("reading", path);
	snprintf(dst, sizeof dst, "%s%s", root, path);
	snprintf(parent, sizeof parent, "%s", dst);
	*strrchr(parent, '/') = 0;
	if (mkdirs(parent) != 0)
		return fail("making", parent);
	if (S_ISLNK(st.st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlink(path, target, sizeof target - 1);
		if (n < 0)
			return fail("reading", path);
		target[n] = 0;
		if (symlink(target, dst) != 0 && errno != EEXIST)
			return fail("linking", dst);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		if (mkdir(dst, 0755) != 0 && errno != EEXIST)
			return fail("making", dst);
	} else {
		int fd = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0)
			return fail("making", dst);
		close(fd);
	}
	if (mount(path, dst, NULL, MS_BIND | MS_REC, NULL) != 0)
		return fail("binding", path);
	if (restrict_mount(dst, 1, (writable ? 0 : ATTR_RDONLY) | ATTR_NOSUID | ATTR_NODEV) != 0)
		return fail("restricting", path);
	return NULL;
}

/* make_dev fills root/dev with the few devices a program needs, bound
   from this machine's, and a pts of its own. */
static const char *make_dev(const char *root) {
	static const char *devices[] = {"null", "zero", "full", "random", "urandom"};
	static const char *links[][2] = {{"fd", "/proc/self/fd"}, {"stdin", "/proc/self/fd/0"},
		{"stdout", "/proc/self/fd/1"}, {"stderr", "/proc/self/fd/2"}, {"ptmx", "pts/ptmx"}};
	char dev[PATH_MAX], p[PATH_MAX];
	snprintf(dev, sizeof dev, "%s/dev", root);
	if (mkdir(dev, 0755) != 0 || mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755,size=65536") != 0)
		return fail("mounting", "/dev");
	for (size_t i = 0; i < sizeof devices / sizeof *devices; i++) {
		char host[64];
		snprintf(host, sizeof host, "/dev/%s", devices[i]);
		snprintf(p, sizeof p, "%s/%s", dev, devices[i]);
		int fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
		if (fd < 0)
			return fail("making", p);
		close(fd);
		if (mount(host, p, NULL, MS_BIND, NULL) != 0 || restrict_mount(p, 0, ATTR_NOSUID | ATTR_NOEXEC) != 0)
			return fail("binding", host);
	}
	for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
		snprintf(p, sizeof p, "%s/%s", dev, links[i][0]);
		if (symlink(links[i][1], p) != 0)
			return fail("linking", p);
	}
	snprintf(p, sizeof p, "%s/shm", dev);
	if (mkdir(p, 01777) != 0)
		return fail("making", p);
	snprintf(p, sizeof p, "%s/pts", dev);
	if (mkdir(p, 0755) != 0)
		return fail("making", p);
	/* Without a pts of its own a program just has no terminals. */
	mount("devpts", p, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620");
	return NULL;
}

/* new_root builds the program's root on a tmpfs at work and moves into
   it: its work folder, /tmp, /dev, a mount point for /proc, and the
   paths it may read. Everything else of this machine is gone. */
static const char *new_root(void) {
	const char *root = work, *e;
	char p[PATH_MAX], q[PATH_MAX], size[96];
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		return fail("making", "/ private");
	if (mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1048576") != 0)
		return fail("mounting a tmpfs on", root);
	if ((e = make_dev(root)) != NULL)
		return e;
	snprintf(p, sizeof p, "%s/work", root);
	if (disk > 0)
		snprintf(size, sizeof size, "mode=0755,size=%lld,nr_inodes=%lld", disk, disk / 16384 > 4096 ? disk / 16384 : 4096);
	else
		snprintf(size, sizeof size, "mode=0755");
	if (mkdir(p, 0755) != 0 || mount("tmpfs", p, "tmpfs", MS_NOSUID | MS_NODEV, size) != 0)
		return fail("mounting", "/work");
	if ((workfd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return fail("opening", p);
	if (srcfd >= 0 && copy_tree(srcfd, workfd, NULL, 0) != 0)
		return fail("copying the program's files from", src);
	if (mkdirat(workfd, "tmp", 01777) != 0 || fchmodat(workfd, "tmp", 01777, 0) != 0)
		return fail("making", "/work/tmp");
	/* /tmp and /dev/shm are the work folder's tmp: one bound for all. */
	snprintf(p, sizeof p, "%s/work/tmp", root);
	snprintf(q, sizeof q, "%s/tmp", root);
	if (mkdir(q, 0755) != 0 || mount(p, q, NULL, MS_BIND, NULL) != 0)
		return fail("mounting", "/tmp");
	snprintf(q, sizeof q, "%s/dev/shm", root);
	if (mount(p, q, NULL, MS_BIND, NULL) != 0)
		return fail("mounting", "/dev/shm");
	snprintf(p, sizeof p, "%s/proc", root);
	if (mkdir(p, 0555) != 0)
		return fail("making", p);
	/* Mounted while the old root is still in sight, which a user
	   namespace's mount of proc needs. */
	if (pid_isolated) {
		if (mount("proc", p, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, NULL) == 0)
			proc_mounted = 1;
		else
			say(REPORT_MISSING, "proc", fail("mounting", "/proc"));
	}
	for (int i = 0; i < nro; i++)
		if ((e = expose(root, ro[i], 0)) != NULL)
			return e;
	for (int i = 0; i < nrw; i++)
		if ((e = expose(root, rw[i], 1)) != NULL)
			return e;
	for (int i = 0; i < nhide; i++) {
		struct stat st;
		snprintf(p, sizeof p, "%s%s", root, hide[i]);
		if (lstat(p, &st) != 0 || S_ISLNK(st.st_mode))
			continue;
		if (S_ISDIR(st.st_mode) ? mount("tmpfs", p, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4096,mode=0755")
		                        : mount("/dev/null", p, NULL, MS_BIND, NULL))
			return fail("hiding", hide[i]);
	}
	/* Into the new root; the old one is let go. */
	if (chdir(root) != 0 || syscall(SYS_pivot_root, ".", ".") != 0)
		return fail("pivoting to", root);
	if (umount2(".", MNT_DETACH) != 0 || chdir("/") != 0)
		return fail("letting go of", "the old root");
	if (restrict_mount("/", 0, ATTR_RDONLY | ATTR_NOSUID | ATTR_NODEV) != 0 ||
	    restrict_mount("/dev", 0, ATTR_RDONLY) != 0)
		return fail("making", "/ read-only");
	return NULL;
}

/* loopback_up brings up the new network namespace's loopback device, so
   a program may talk to itself; nothing else is reachable. */
static const char *loopback_up(void) {
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return fail("making", "a socket");
	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	int err = ioctl(s, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (err == 0)
		err = ioctl(s, SIOCSIFFLAGS, &ifr);
	const char *w = err == 0 ? NULL : fail("bringing up", "lo");
	close(s);
	return w;
}

static int write_file(const char *path, const char *text) {
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	int e = errno;
	close(fd);
	errno = e;
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* isolate enters the namespaces, each on its own so that one the kernel
   refuses leaves the others, and reports each layer but the mount
   namespace's, which setup_fs reports once it is built. */
static int isolate(void) {
	uid_t uid = geteuid();
	gid_t gid = getegid();
	if (uid != 0) {
		/* Not root: a user namespace, in which this user is itself but may
		   make the others. */
		char map[64];
		if (unshare(CLONE_NEWUSER) != 0) {
			say(REPORT_MISSING, "user", strerror(errno));
		} else {
			snprintf(map, sizeof map, "%u %u 1\n", gid, gid);
			if (write_file("/proc/self/setgroups", "deny") != 0 || write_file("/proc/self/gid_map", map) != 0)
				say(REPORT_MISSING, "user", fail("mapping", "the group"));
			snprintf(map, sizeof map, "%u %u 1\n", uid, uid);
			if (write_file("/proc/self/uid_map", map) != 0)
				say(REPORT_MISSING, "user", fail("mapping", "the user"));
			else
				say(REPORT_ISOLATED, "user");
		}
	}
	const char *w;
	if (unshare(CLONE_NEWNET) != 0) {
		say(REPORT_MISSING, "net", strerror(errno));
	} else {
		say(REPORT_ISOLATED, "net");
		if ((w = loopback_up()) != NULL)
			say(REPORT_MISSING, "loopback", w);
	}
	/* System V segments, semaphores and message queues, and POSIX
	   queues, of its own: gone when the run ends. */
	if (unshare(CLONE_NEWIPC) != 0)
		say(REPORT_MISSING, "ipc", strerror(errno));
	else
		say(REPORT_ISOLATED, "ipc");
	int mountns = unshare(CLONE_NEWNS) == 0;
	if (!mountns)
		say(REPORT_MISSING, "fs", strerror(errno));
	if (unshare(CLONE_NEWPID) != 0) {
		say(REPORT_MISSING, "pid", strerror(errno));
	} else {
		pid_isolated = 1;
		say(REPORT_ISOLATED, "pid");
	}
	return mountns;
}

/* setup_fs makes the program's files: a new root where the mount
   namespace allows one, else the work folder on this machine's disk. It
   runs in the process that will fork the program, inside the pid
   namespace, since /proc is mounted for that namespace. */
static int setup_fs(int mountns) {
	const char *w = NULL;
	if (mountns && (w = new_root()) != NULL)
		say(REPORT_MISSING, "fs", w);
	if (mountns && w == NULL) {
		fs_isolated = 1;
		say(REPORT_ISOLATED, "fs");
		say(REPORT_ISOLATED, "dev");
		if (disk > 0)
			say(REPORT_ISOLATED, "disk");
		if (proc_mounted)
			say(REPORT_ISOLATED, "proc");
		else if (!pid_isolated)
			say(REPORT_MISSING, "proc", "no pid namespace of its own");
	} else {
		/* The work folder is the one given, on this machine's disk. */
		if ((workfd = open(work, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
		    (srcfd >= 0 && copy_tree(srcfd, workfd, NULL, 0) != 0) ||
		    (mkdirat(workfd, "tmp", 01777) != 0 && errno != EEXIST) || fchmodat(workfd, "tmp", 01777, 0) != 0) {
			say(REPORT_FAILED, fail("preparing the work folder", work));
			return -1;
		}
	}
	if (srcfd >= 0)
		close(srcfd);
	return 0;
}

/* What a benchmark program is refused, and how. A filter can't read the
   CPU mask sched_setaffinity is given, so the call does nothing and
   succeeds: the program stays on the CPUs it was started on. inotify is
   refused as if the program had used up its instances. clone3 passes its
   flags in memory a filter can't read: it is "not implemented", and the C
   library falls back to clone, whose flags are checked. */
#if defined(__x86_64__)
#define FILTER_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define FILTER_ARCH AUDIT_ARCH_AARCH64
#endif
#define NS_FLAGS (CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP)

struct denial {
	long nr;
	unsigned int ret;
};

#define EPERM_(name) {__NR_##name, SECCOMP_RET_ERRNO | EPERM}
static const struct denial denials[] = {
	/* mounts, namespaces, other processes' memory */
	EPERM_(mount), EPERM_(umount2), EPERM_(pivot_root), EPERM_(chroot), EPERM_(unshare), EPERM_(setns),
	EPERM_(ptrace), EPERM_(process_vm_readv), EPERM_(process_vm_writev),
#ifdef __NR_open_tree
	EPERM_(open_tree), EPERM_(move_mount), EPERM_(fsopen), EPERM_(fsconfig), EPERM_(fsmount), EPERM_(fspick),
#endif
#ifdef __NR_mount_setattr
	EPERM_(mount_setattr),
#endif
#ifdef __NR_pidfd_getfd
	EPERM_(pidfd_getfd),
#endif
	EPERM_(name_to_handle_at), EPERM_(open_by_handle_at),
	/* the kernel's keyrings */
	EPERM_(keyctl), EPERM_(add_key), EPERM_(request_key),
	/* clocks, counters, the kernel itself */
	EPERM_(settimeofday), EPERM_(clock_settime), EPERM_(clock_adjtime), EPERM_(adjtimex),
	EPERM_(perf_event_open), EPERM_(bpf), EPERM_(userfaultfd), EPERM_(kexec_load), EPERM_(init_module),
	EPERM_(finit_module), EPERM_(delete_module), EPERM_(reboot), EPERM_(swapon), EPERM_(swapoff), EPERM_(acct),
	EPERM_(quotactl), EPERM_(syslog), EPERM_(vhangup),
#ifdef __NR_kexec_file_load
	EPERM_(kexec_file_load),
#endif
#ifdef __NR_iopl
	EPERM_(iopl), EPERM_(ioperm),
#endif
	{__NR_sched_setaffinity, SECCOMP_RET_ERRNO | 0},
#ifdef __NR_inotify_init
	{__NR_inotify_init, SECCOMP_RET_ERRNO | EMFILE},
#endif
	{__NR_inotify_init1, SECCOMP_RET_ERRNO | EMFILE},
	{__NR_fanotify_init, SECCOMP_RET_ERRNO | EPERM},
#ifdef __NR_clone3
	{__NR_clone3, SECCOMP_RET_ERRNO | ENOSYS},
#endif
};

/* deny_syscalls installs the filter. It needs no privilege once
   no_new_privs is set. */
static const char *deny_syscalls(void) {
#ifndef FILTER_ARCH
	return "no filter for this architecture";
#else
	struct sock_filter f[2 * sizeof denials / sizeof *denials + 16];
	int n = 0;
#define STMT(code, k) f[n++] = (struct sock_filter)BPF_STMT(code, k)
#define JUMP(code, k, jt, jf) f[n++] = (struct sock_filter)BPF_JUMP(code, k, jt, jf)
	STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	JUMP(BPF_JMP | BPF_JEQ | BPF_K, FILTER_ARCH, 1, 0);
	STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS); /* another ABI: no way around the list */
	STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
#ifdef __x86_64__
	JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1); /* x32 */
	STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);
#endif
	for (size_t i = 0; i < sizeof denials / sizeof *denials; i++) {
		JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)denials[i].nr, 0, 1);
		STMT(BPF_RET | BPF_K, denials[i].ret);
	}
	/* clone: threads and processes, but no new namespace */
	JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 3);
	STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]));
	JUMP(BPF_JMP | BPF_JSET | BPF_K, NS_FLAGS, 0, 1);
	STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
	STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
#undef STMT
#undef JUMP
	struct sock_fprog prog = {(unsigned short)n, f};
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0 &&
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) != 0)
		return strerror(errno);
	return NULL;
#endif
}

static long long now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* spawn forks the program. */
static pid_t spawn(char **argv) {
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	/* A session of its own: no terminal to read or write, a process
	   group to be killed by. */
	setsid();
	/* If the helper dies, so does the program. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(125);
	char self[32] = {0};
	/* procfd is the caller's /proc: it names this process as the caller
	   sees it. */
	if (readlinkat(procfd, "self", self, sizeof self - 1) > 0)
		say(REPORT_PID, atoi(self));
	if (holdfd >= 0) {
		/* The caller opens what it counts of this process before it runs. */
		char go;
		if (read(holdfd, &go, 1) != 1)
			_exit(125);
		close(holdfd);
	}
	/* A soft CPU limit first, so the program is told (SIGXCPU) before it
	   is killed. */
	limit(RLIMIT_CPU, "cpu", cpu, 1);
	limit(RLIMIT_DATA, "data", data, 0);
	limit(RLIMIT_AS, "as", as, 0);
	limit(RLIMIT_NPROC, "nproc", nproc, 0);
	limit(RLIMIT_NOFILE, "nofile", nofile, 0);
	limit(RLIMIT_FSIZE, "fsize", fsize, 0);
	struct rlimit none = {0, 0};
	setrlimit(RLIMIT_CORE, &none);
	if (fchdir(workfd) != 0) {
		fprintf(stderr, "sandbox: chdir: %s\n", strerror(errno));
		_exit(126);
	}
	char home[PATH_MAX], tmp[PATH_MAX];
	snprintf(home, sizeof home, "%s", fs_isolated ? "/work" : work);
	snprintf(tmp, sizeof tmp, "%s", fs_isolated ? "/tmp" : work);
	if (!fs_isolated)
		strncat(tmp, "/tmp", sizeof tmp - strlen(tmp) - 1);
	setenv("HOME", home, 1);
	setenv("TMPDIR", tmp, 1);
	/* No capabilities, now or after exec, even as root: the program can't
	   undo its mounts, limits or namespaces. */
	for (int c = 0; c < 64; c++)
		prctl(PR_CAPBSET_DROP, c, 0, 0, 0);
	struct __user_cap_header_struct head = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct caps[2];
	memset(caps, 0, sizeof caps);
	if (syscall(SYS_capset, &head, caps) != 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		fprintf(stderr, "sandbox: dropping capabilities: %s\n", strerror(errno));
		_exit(126);
	}
	/* A session keyring of its own, though the filter keeps every
	   keyring out of reach: nothing of the caller's session shows. */
	syscall(SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, NULL);
	const char *w = deny_syscalls();
	if (w != NULL)
		say(REPORT_MISSING, "seccomp", w);
	else
		say(REPORT_ISOLATED, "seccomp");
	say(REPORT_EXEC, now_ns());
	fclose(report); /* the report is not the program's */
	execvp(argv[0], argv);
	fprintf(stderr, "sandbox: exec %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static long long usec(struct timeval tv) { return (long long)tv.tv_sec * 1000000 + tv.tv_usec; }

/* left is what the program left behind: the processes reaped after it,
   with their times and largest peak memory. */
struct left {
	int n;
	long long user, sys;
	long maxrss;
};

/* kill_children kills this process's children: in a pid namespace,
   everything in it but this init; else each child listed in /proc, whose
   own children then come to this helper, the run's subreaper. */
static void kill_children(pid_t group) {
	if (pid_isolated) {
		kill(-1, SIGKILL);
		return;
	}
	kill(-group, SIGKILL);
	char self[32] = {0}, path[96];
	if (procfd < 0 || readlinkat(procfd, "self", self, sizeof self - 1) <= 0)
		return;
	snprintf(path, sizeof path, "%s/task/%s/children", self, self);
	int fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	char buf[8192];
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = 0;
	for (char *p = buf, *end; *p; p = end) {
		long pid = strtol(p, &end, 10);
		if (end == p)
			break;
		if (pid > 0)
			kill((pid_t)pid, SIGKILL);
	}
}

/* reap_rest kills and reaps every process left once the program has
   ended: its children it never waited for, running or not, and theirs.
   Their CPU time is the run's as much as the program's own. */
static struct left reap_rest(pid_t group) {
	struct left l = {0, 0, 0, 0};
	for (;;) {
		int st;
		struct rusage ru;
		pid_t p = wait4(-1, &st, WNOHANG | __WALL, &ru);
		if (p == 0) {
			/* Some still run: kill them, then wait for one. */
			kill_children(group);
			p = wait4(-1, &st, __WALL, &ru);
		}
		if (p < 0) {
			if (errno == EINTR)
				continue;
			break; /* ECHILD: none left */
		}
		l.n++;
		l.user += usec(ru.ru_utime);
		l.sys += usec(ru.ru_stime);
		if (ru.ru_maxrss > l.maxrss)
			l.maxrss = ru.ru_maxrss;
	}
	return l;
}

/* run starts the program, waits for it, reaps what it left, copies its
   files out if asked, and reports its end. */
static int run(char **argv) {
	/* Whatever the program leaves behind comes to this process, in a
	   pid namespace or not. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	pid_t pid = spawn(argv);
	if (pid < 0) {
		say(REPORT_FAILED, fail("forking", argv[0]));
		return 1;
	}
	setpgid(pid, pid); /* as the child does: whichever runs first */
	int status;
	struct rusage ru;
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			say(REPORT_FAILED, fail("waiting for", argv[0]));
			return 1;
		}
	}
	long long end = now_ns();
	kill(-pid, SIGKILL); /* what it left in its group dies with it */
	if (pid_isolated)
		kill(-1, SIGKILL); /* and, as the namespace's init, all the rest */
	struct left rest = reap_rest(pid);
	if (procfd >= 0)
		close(procfd);
	long long left = -1;
	struct statfs sf;
	if (fs_isolated && disk > 0 && fstatfs(workfd, &sf) == 0)
		left = (long long)sf.f_bavail * sf.f_bsize;
	if (outfd >= 0 && copy_tree(workfd, outfd, "tmp", 0) != 0) {
		say(REPORT_FAILED, fail("copying the work folder to", out));
		return 1;
	}
	if (rest.n > 0)
		say(REPORT_REAPED, rest.n, rest.user, rest.sys, rest.maxrss);
	say(REPORT_END, WIFSIGNALED(status) ? "signal" : "exit",
	    WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status), usec(ru.ru_utime), usec(ru.ru_stime),
	    ru.ru_maxrss, end, left);
	return 0;
}

static int usage(const char *msg, const char *arg) {
	fprintf(stderr, "sandbox helper: %s%s\nusage: helper -work W [options] -- program [args]\n", msg, arg);
	return 2;
}

int main(int argc, char **argv) {
	int ns = 0, i;
	for (i = 1; i < argc; i++) {
		const char *k = argv[i];
		if (strcmp(k, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(k, "-isolate") == 0) {
			ns = 1;
			continue;
		}
		if (i + 1 >= argc)
			return usage("a value is missing after ", k);
		const char *v = argv[++i];
		if (strcmp(k, "-work") == 0) work = v;
		else if (strcmp(k, "-src") == 0) src = v;
		else if (strcmp(k, "-out") == 0) out = v;
		else if (strcmp(k, "-ro") == 0 && nro < 64) ro[nro++] = v;
		else if (strcmp(k, "-rw") == 0 && nrw < 16) rw[nrw++] = v;
		else if (strcmp(k, "-hide") == 0 && nhide < 16) hide[nhide++] = v;
		else if (strcmp(k, "-cgroup") == 0 && ncgroups < 8) cgroups[ncgroups++] = v;
		else if (strcmp(k, "-disk") == 0) disk = atoll(v);
		else if (strcmp(k, "-cpu") == 0) cpu = atoll(v);
		else if (strcmp(k, "-data") == 0) data = atoll(v);
		else if (strcmp(k, "-as") == 0) as = atoll(v);
		else if (strcmp(k, "-nproc") == 0) nproc = atoll(v);
		else if (strcmp(k, "-nofile") == 0) nofile = atoll(v);
		else if (strcmp(k, "-fsize") == 0) fsize = atoll(v);
		else if (strcmp(k, "-hold") == 0) holdfd = atoi(v);
		else return usage("unknown or repeated too often: ", k);
	}
	if (i >= argc || work == NULL || work[0] != '/')
		return usage("no program, or no absolute -work", "");
	report = fdopen(3, "w");
	if (report == NULL)
		return usage("no report descriptor 3", "");
	if (src != NULL && (srcfd = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		say(REPORT_FAILED, fail("opening", src));
		return 1;
	}
	if (out != NULL && (outfd = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		say(REPORT_FAILED, fail("opening", out));
		return 1;
	}
	procfd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);

	for (int c = 0; c < ncgroups; c++) {
		char procs[PATH_MAX];
		snprintf(procs, sizeof procs, "%s/cgroup.procs", cgroups[c]);
		if (write_file(procs, "0") != 0)
			say(REPORT_UNJOINED, cgroups[c], strerror(errno));
		else
			say(REPORT_JOINED, cgroups[c]);
	}
	int mountns = ns ? isolate() : 0;
	/* Nothing in the sandbox may read this process's memory or
	   descriptors through /proc (a user namespace's maps are written). */
	prctl(PR_SET_DUMPABLE, 0);
	if (!pid_isolated)
		return setup_fs(mountns) != 0 ? 1 : run(argv + i);

	/* In a pid namespace the first child is its init: it builds the
	   program's files, runs the program, and when it ends the kernel kills
	   everything left. */
	pid_t init = fork();
	if (init < 0) {
		say(REPORT_FAILED, fail("forking", "init"));
		return 1;
	}
	if (init == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* the namespace dies with the helper */
		prctl(PR_SET_DUMPABLE, 0);
		_exit(setup_fs(mountns) != 0 ? 1 : run(argv + i));
	}
	fclose(report);
	if (procfd >= 0)
		close(procfd);
	if (srcfd >= 0)
		close(srcfd);
	int status;
	while (waitpid(init, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
