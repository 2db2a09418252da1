package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/table"
)

// cluster is a single-node Slurm of the test's own: munged, slurmctld and
// slurmd from the distribution's packages, with a configuration, state and
// logs in one folder, on ports of their own.
type cluster struct {
	dir, conf string
}

// startCluster starts a Slurm, or says why it can't and skips.
func startCluster(t *testing.T) *cluster {
	t.Helper()
	for _, b := range []string{"munged", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "sinfo", "setpriv"} {
		if _, err := exec.LookPath(b); err != nil {
			t.Skipf("Slurm is not installed here (%s: %v): apt-get install slurm-wlm munge", b, err)
		}
	}
	if os.Geteuid() != 0 {
		t.Skip("starting slurmd and munged takes root; the jobs themselves run as nobody")
	}
	dir, err := os.MkdirTemp("/tmp", "perfcon-slurm-")
	if err != nil {
		t.Fatal(err)
	}
	// The jobs run as nobody: every folder on their way is open to it.
	must(t, os.Chmod(dir, 0o755))
	c := &cluster{dir: dir, conf: filepath.Join(dir, "slurm.conf")}
	t.Cleanup(func() {
		for _, pid := range []string{"slurmd.pid", "slurmctld.pid", "munged.pid"} {
			if b, err := os.ReadFile(filepath.Join(dir, pid)); err == nil {
				if p, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
					syscall.Kill(p, syscall.SIGTERM)
				}
			}
		}
		time.Sleep(500 * time.Millisecond)
		if t.Failed() {
			for _, l := range []string{"slurmctld.log", "slurmd.log"} {
				b, _ := os.ReadFile(filepath.Join(dir, l))
				t.Logf("%s:\n%s", l, tailOf(string(b), 2000))
			}
		}
		os.RemoveAll(dir)
	})
	key := make([]byte, 1024)
	f, err := os.Open("/dev/urandom")
	must(t, err)
	io.ReadFull(f, key)
	f.Close()
	must(t, os.WriteFile(filepath.Join(dir, "munge.key"), key, 0o600))
	host, err := os.Hostname()
	must(t, err)
	host, _, _ = strings.Cut(host, ".")
	ports := freePorts(t, 2)
	for _, d := range []string{"state", "spool"} {
		must(t, os.MkdirAll(filepath.Join(dir, d), 0o755))
	}
	conf := fmt.Sprintf(`ClusterName=perfcontest
SlurmctldHost=%[2]s(127.0.0.1)
AuthType=auth/munge
AuthInfo=socket=%[1]s/munge.sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
SlurmctldPort=%[3]d
SlurmdPort=%[4]d
StateSaveLocation=%[1]s/state
SlurmdSpoolDir=%[1]s/spool
SlurmctldPidFile=%[1]s/slurmctld.pid
SlurmdPidFile=%[1]s/slurmd.pid
SlurmctldLogFile=%[1]s/slurmctld.log
SlurmdLogFile=%[1]s/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=%[2]s NodeAddr=127.0.0.1 CPUs=%[5]d RealMemory=4096 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
`, dir, host, ports[0], ports[1], runtime.NumCPU())
	must(t, os.WriteFile(c.conf, []byte(conf), 0o644))
	run := func(name string, args ...string) {
		out, err := exec.Command(name, args...).CombinedOutput()
		if err != nil {
			t.Skipf("Slurm does not start here: %s: %v\n%s", name, err, out)
		}
	}
	run("munged", "--force", "--key-file="+filepath.Join(dir, "munge.key"), "--socket="+filepath.Join(dir, "munge.sock"),
		"--pid-file="+filepath.Join(dir, "munged.pid"), "--log-file="+filepath.Join(dir, "munged.log"),
		"--seed-file="+filepath.Join(dir, "munge.seed"))
	run("slurmctld", "-f", c.conf)
	run("slurmd", "-f", c.conf, "-N", host)
	deadline := time.Now().Add(60 * time.Second)
	for {
		out, _ := c.command("sinfo", "-h", "-o", "%T").CombinedOutput()
		if strings.TrimSpace(string(out)) == "idle" {
			return c
		}
		if time.Now().After(deadline) {
			t.Skipf("Slurm's node is not idle after a minute: %s", out)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// command is a Slurm client command of this cluster.
func (c *cluster) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "SLURM_CONF="+c.conf)
	return cmd
}

// asNobody runs perfcon, this test binary copied where nobody can run it,
// as the user nobody, the way a user submits work to a cluster.
func (c *cluster) asNobody(bin string, args ...string) *exec.Cmd {
	cmd := c.command("setpriv", append([]string{"--reuid=nobody", "--regid=nogroup", "--clear-groups", bin}, args...)...)
	cmd.Env = append(cmd.Env, "PERFCON_RUN_CLI=1", "HOME="+c.dir)
	return cmd
}

func freePorts(t *testing.T, n int) []int {
	var ports []int
	var ls []net.Listener
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		must(t, err)
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

func tailOf(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Validation and measurement of three shipped tasks as Slurm array jobs of
// three shards, submitted by an ordinary user; one shard is cancelled in
// the middle of its runs and submitted again; the merged table holds the
// same (task, variant, repeat) rows as a measure on one machine.
func TestSlurmShards(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Slurm cluster")
	}
	c := startCluster(t)
	work := filepath.Join(c.dir, "work")
	must(t, os.MkdirAll(filepath.Join(work, "ds"), 0o755))
	for _, task := range []string{"py-algo-reconcile-payments", "py-api-access-log-buckets", "py-march-text-class-table"} {
		must(t, exec.Command("cp", "-r", filepath.Join("..", "..", "datasets", "core", task), filepath.Join(work, "ds")).Run())
	}
	bin := filepath.Join(c.dir, "perfcon")
	self, err := os.ReadFile(os.Args[0])
	must(t, err)
	must(t, os.WriteFile(bin, self, 0o755))
	tables := filepath.Join(work, "t")
	local := func(args ...string) {
		t.Helper()
		var errs bytes.Buffer
		if err := perfcon(context.Background(), io.Discard, &errs, append([]string{"--tables", tables}, args...)); err != nil {
			t.Fatalf("perfcon %v: %v\n%s", args, err, errs.String())
		}
	}
	local("commits", "--dataset", filepath.Join(work, "ds"))
	local("executables", "--dataset", filepath.Join(work, "ds"))
	local("describe", "--model", "identity", "--model", "oracle", "--model", "twin", "--no-cache")
	local("generate", "--model", "identity", "--model", "oracle", "--model", "twin", "--no-cache")
	must(t, exec.Command("chmod", "-R", "a+rwX", work).Run())
	cache := filepath.Join(work, "cache")

	out, err := c.asNobody(bin, "--tables", tables, "slurm", "--shards", "3", "--", "executables", "validate",
		"--profile", "quick", "--cache", cache, "--allow-failures").CombinedOutput()
	if err != nil {
		t.Fatalf("slurm validate: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "validate: merged 3 shards: ") || !strings.Contains(string(out), " of 3 tasks passed") {
		t.Fatalf("slurm validate:\n%s", out)
	}

	// Measure, and cancel shard 1 once it runs.
	drv := c.asNobody(bin, "--tables", tables, "slurm", "--shards", "3", "--", "measure", "--profile", "test", "--cache", cache)
	var log bytes.Buffer
	drv.Stdout, drv.Stderr = &log, &log
	must(t, drv.Start())
	cancelled := ""
	deadline := time.Now().Add(2 * time.Minute)
	for cancelled == "" && time.Now().Before(deadline) {
		q, _ := c.command("squeue", "-h", "-r", "-o", "%i %K %T").Output()
		for _, l := range strings.Split(string(q), "\n") {
			if f := strings.Fields(l); len(f) == 3 && f[1] == "1" && f[2] == "RUNNING" {
				time.Sleep(700 * time.Millisecond) // into its runs
				must(t, c.command("scancel", f[0]).Run())
				cancelled = f[0]
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	err = drv.Wait()
	if err != nil || cancelled == "" {
		t.Fatalf("slurm measure (cancelled %q): %v\n%s", cancelled, err, log.String())
	}
	for _, want := range []string{"submitting measure shards 0-2 of 3 (attempt 1", "submitting measure shards 1 of 3 (attempt 2",
		"measure: merged 3 shards"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("the driver's log lacks %q:\n%s", want, log.String())
		}
	}
	// The shards ran as nobody.
	logs, _ := filepath.Glob(filepath.Join(tables, ".slurm", "measure-*", "shard-0.log"))
	if len(logs) != 1 {
		t.Fatalf("shard logs: %v", logs)
	}
	st, err := os.Stat(logs[0])
	must(t, err)
	if uid := st.Sys().(*syscall.Stat_t).Uid; uid != 65534 {
		t.Errorf("shard 0 ran as uid %d, not nobody", uid)
	}

	single := filepath.Join(work, "single.parquet")
	local("measure", "--profile", "test", "--cache", filepath.Join(work, "cache-root"), "--out", single)
	key := func(path string) []string {
		rows, err := table.ReadFile[table.Measurement](path)
		must(t, err)
		var ks []string
		for _, r := range rows {
			ks = append(ks, fmt.Sprintf("%s %s %s %d", r.TaskID, r.Variant, r.VariantID, r.Repeat))
		}
		slices.Sort(ks)
		return ks
	}
	a, b := key(filepath.Join(tables, "measurements.parquet")), key(single)
	if !slices.Equal(a, b) || len(a) == 0 {
		t.Errorf("the shards' table differs from one machine's:\n%v\n%v", a, b)
	}
}
