/*
 * perfcon's sandbox helper: runs one program under limits, isolated where
 * the kernel allows, and reports how it went. It is small on purpose: the
 * program is forked from it, so the program's peak memory, as wait4
 * reports it, starts from this helper's few pages and not from the Go
 * process that started it.
 *
 *   helper [options] -- PROGRAM ARGS...
 *     -dir D       working directory, and HOME; with -fs the only writable
 *                  place, and D/tmp is mounted on /tmp (the TMPDIR)
 *     -cpu S -data B -as B -nproc N -nofile N -fsize B    rlimits
 *     -cgroup D    join cgroup D first (repeatable: pids, memory)
 *     -net         a network namespace of its own: only its own loopback
 *     -fs          a mount namespace in which everything else is read-only
 *     -pid         a pid namespace: whatever the program leaves behind
 *                  dies with it
 *     -hold FD     after reporting its pid, the program waits for a byte
 *                  on FD before it execs (for counters opened from exec)
 *
 * On file descriptor 3 it writes lines:
 *   isolated net|fs|pid            or   shared net|fs|pid <why>
 *   joined <cgroup>                or   unjoined <cgroup> <why>
 *   pid <pid>                      the program, as the caller sees pids
 *   exec <ns>                      CLOCK_MONOTONIC just before its exec
 *   exit|signal <n> <user_us> <sys_us> <maxrss_kb> <end_ns>
 *   failed <why>                   nothing ran
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <linux/capability.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
struct attr {
	unsigned long long set, clr, propagation, userns_fd;
};
#define ATTR_RDONLY 0x1
#define AT_RECURSIVE_ 0x8000

static FILE *report;
static long long cpu, data, as, nproc, nofile, fsize;
static const char *dir, *cgroups[8];
static int ncgroups;
static int dirfd = -1, fs_isolated, holdfd = -1;

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

static int setattr(const char *path, unsigned flags, unsigned long long set, unsigned long long clr) {
	struct attr a = {set, clr, 0, 0};
	return (int)syscall(SYS_mount_setattr, AT_FDCWD, path, flags, &a, sizeof a);
}

/* isolate_fs makes every mount read-only but dir, a /tmp of dir/tmp, and
   a fresh /dev/shm. dir may itself be under /tmp: the program reaches it
   through dirfd, its working directory. It returns NULL or what failed. */
static const char *isolate_fs(void) {
	static char why[256];
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s/tmp", dir);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		return snprintf(why, sizeof why, "making / private: %s", strerror(errno)), why;
	if (mount(dir, dir, NULL, MS_BIND | MS_REC, NULL) != 0)
		return snprintf(why, sizeof why, "binding %s: %s", dir, strerror(errno)), why;
	if (setattr("/", AT_RECURSIVE_, ATTR_RDONLY, 0) != 0)
		return snprintf(why, sizeof why, "making / read-only: %s", strerror(errno)), why;
	if (setattr(dir, AT_RECURSIVE_, 0, ATTR_RDONLY) != 0)
		return snprintf(why, sizeof why, "making the work directory writable: %s", strerror(errno)), why;
	/* The bound directory, as the program will see it. */
	close(dirfd);
	if ((dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return snprintf(why, sizeof why, "opening %s: %s", dir, strerror(errno)), why;
	if (mount(tmp, "/tmp", NULL, MS_BIND, NULL) != 0 || setattr("/tmp", 0, 0, ATTR_RDONLY) != 0)
		return snprintf(why, sizeof why, "mounting /tmp: %s", strerror(errno)), why;
	/* A work directory under /tmp is put back where it was, so that its
	   path, and the paths in it, still lead to it. */
	if (strncmp(dir, "/tmp/", 5) == 0) {
		char path[4096], src[64];
		snprintf(path, sizeof path, "%s", dir);
		for (char *p = path + 5; *p; p++)
			if (*p == '/') {
				*p = 0;
				mkdir(path, 0755);
				*p = '/';
			}
		mkdir(path, 0755);
		snprintf(src, sizeof src, "/proc/self/fd/%d", dirfd);
		if (mount(src, dir, NULL, MS_BIND | MS_REC, NULL) != 0)
			return snprintf(why, sizeof why, "mounting %s back: %s", dir, strerror(errno)), why;
	}
	if (mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "size=268435456,mode=1777") != 0)
		return snprintf(why, sizeof why, "mounting /dev/shm: %s", strerror(errno)), why;
	fs_isolated = 1;
	return NULL;
}

/* loopback_up brings up the new network namespace's loopback device, so
   a program may talk to itself; nothing else is reachable. */
static const char *loopback_up(void) {
	static char why[256];
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return snprintf(why, sizeof why, "socket: %s", strerror(errno)), why;
	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	int err = ioctl(s, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (err == 0)
		err = ioctl(s, SIOCSIFFLAGS, &ifr);
	if (err != 0)
		snprintf(why, sizeof why, "loopback: %s", strerror(errno));
	close(s);
	return err == 0 ? NULL : why;
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
	setpgid(0, 0);
	/* If the helper dies, so does the program. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(125);
	char self[32] = {0};
	/* /proc is the caller's: it names this process as the caller sees it. */
	if (readlink("/proc/self", self, sizeof self - 1) > 0)
		fprintf(report, "pid %s\n", self);
	fflush(report);
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
	if (dirfd >= 0 && fchdir(dirfd) != 0) {
		fprintf(stderr, "sandbox: chdir %s: %s\n", dir, strerror(errno));
		_exit(126);
	}
	if (dir != NULL) {
		char tmp[4096];
		snprintf(tmp, sizeof tmp, "%s/tmp", dir);
		setenv("TMPDIR", fs_isolated ? "/tmp" : tmp, 1);
		setenv("HOME", dir, 1);
	}
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
	fprintf(report, "exec %lld\n", now_ns());
	fclose(report); /* the report is not the program's */
	execvp(argv[0], argv);
	fprintf(stderr, "sandbox: exec %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static long long usec(struct timeval tv) { return (long long)tv.tv_sec * 1000000 + tv.tv_usec; }

/* run starts the program, waits for it and reports its end. */
static int run(char **argv) {
	pid_t pid = spawn(argv);
	if (pid < 0) {
		fprintf(report, "failed fork: %s\n", strerror(errno));
		return 1;
	}
	setpgid(pid, pid); /* as the child does: whichever runs first */
	int status;
	struct rusage ru;
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(report, "failed wait4: %s\n", strerror(errno));
			return 1;
		}
	}
	long long end = now_ns();
	kill(-pid, SIGKILL); /* what it left in its group dies with it */
	fprintf(report, "%s %d %lld %lld %ld %lld\n", WIFSIGNALED(status) ? "signal" : "exit",
		WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status), usec(ru.ru_utime), usec(ru.ru_stime),
		ru.ru_maxrss, end);
	return 0;
}

int main(int argc, char **argv) {
	int net = 0, fs = 0, pidns = 0, i;
	for (i = 1; i < argc; i++) {
		const char *k = argv[i];
		if (strcmp(k, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(k, "-net") == 0 || strcmp(k, "-fs") == 0 || strcmp(k, "-pid") == 0) {
			net |= k[1] == 'n', fs |= k[1] == 'f', pidns |= k[1] == 'p';
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "sandbox: %s needs a value\n", k);
			return 2;
		}
		const char *v = argv[++i];
		if (strcmp(k, "-dir") == 0) dir = v;
		else if (strcmp(k, "-cgroup") == 0 && ncgroups < 8) cgroups[ncgroups++] = v;
		else if (strcmp(k, "-cpu") == 0) cpu = atoll(v);
		else if (strcmp(k, "-data") == 0) data = atoll(v);
		else if (strcmp(k, "-as") == 0) as = atoll(v);
		else if (strcmp(k, "-nproc") == 0) nproc = atoll(v);
		else if (strcmp(k, "-nofile") == 0) nofile = atoll(v);
		else if (strcmp(k, "-fsize") == 0) fsize = atoll(v);
		else if (strcmp(k, "-hold") == 0) holdfd = atoi(v);
		else {
			fprintf(stderr, "sandbox: unknown option %s\n", k);
			return 2;
		}
	}
	if (i >= argc || (fs && dir == NULL)) {
		fprintf(stderr, "usage: helper [-dir D] [options] -- program [args]\n");
		return 2;
	}
	if (dir != NULL && (dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		fprintf(stderr, "sandbox: %s: %s\n", dir, strerror(errno));
		return 2;
	}
	report = fdopen(3, "w");
	if (report == NULL) {
		fprintf(stderr, "sandbox: no report descriptor: %s\n", strerror(errno));
		return 2;
	}
	setvbuf(report, NULL, _IOLBF, 0);

	for (int c = 0; c < ncgroups; c++) {
		char procs[4096];
		snprintf(procs, sizeof procs, "%s/cgroup.procs", cgroups[c]);
		int fd = open(procs, O_WRONLY);
		if (fd < 0 || write(fd, "0", 1) != 1)
			fprintf(report, "unjoined %s %s\n", cgroups[c], strerror(errno));
		else
			fprintf(report, "joined %s\n", cgroups[c]);
		if (fd >= 0)
			close(fd);
	}
	struct {
		int want, flag;
		const char *name;
	} ns[] = {{net, CLONE_NEWNET, "net"}, {fs, CLONE_NEWNS, "fs"}, {pidns, CLONE_NEWPID, "pid"}};
	for (int n = 0; n < 3; n++) {
		if (!ns[n].want)
			continue;
		if (unshare(ns[n].flag) != 0) {
			fprintf(report, "shared %s %s\n", ns[n].name, strerror(errno));
			ns[n].want = 0;
			continue;
		}
		const char *why = ns[n].flag == CLONE_NEWNS ? isolate_fs() : NULL;
		const char *lo = ns[n].flag == CLONE_NEWNET ? loopback_up() : NULL;
		if (why != NULL)
			fprintf(report, "shared fs %s\n", why);
		else if (lo != NULL)
			fprintf(report, "isolated net (%s)\n", lo);
		else
			fprintf(report, "isolated %s\n", ns[n].name);
	}
	if (!ns[2].want)
		return run(argv + i);

	/* In a pid namespace the first child is its init: it runs the
	   program, and when it ends the kernel kills everything left. */
	pid_t init = fork();
	if (init < 0) {
		fprintf(report, "failed fork: %s\n", strerror(errno));
		return 1;
	}
	if (init == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* the namespace dies with the helper */
		_exit(run(argv + i));
	}
	fclose(report);
	int status;
	while (waitpid(init, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
