package localcluster

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// helperEnv switches the test binary into the child role of TestChildrenDieWithOwner.
const helperEnv = "LOCALCLUSTER_PDEATHSIG_HELPER"

// init pins the helper's main goroutine to the main thread, so that the
// goroutine that starts the cluster runs on another thread, which really exits
// afterwards (the runtime never exits the main thread).
func init() {
	if os.Getenv(helperEnv) == "1" {
		runtime.LockOSThread()
	}
}

// TestMain lets the test binary act as the helper process.
func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "1" {
		os.Exit(pdeathsigHelper())
	}
	os.Exit(m.Run())
}

// pdeathsigHelper starts a cluster from a goroutine whose locked OS thread then
// exits (which would fire Pdeathsig if the child had been forked from it),
// checks that the cluster survives that, prints the pids and waits to be killed.
func pdeathsigHelper() int {
	type result struct {
		c   *Cluster
		err error
	}
	res := make(chan result, 1)
	tid := make(chan int, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread exits with this goroutine
		tid <- syscall.Gettid()
		c, err := Start(context.Background(), Options{Binaries: Binaries{
			Etcd: os.Getenv(EtcdBinaryEnv), KubeAPIServer: os.Getenv(KubeAPIServerBinaryEnv),
		}})
		res <- result{c, err}
	}()
	r := <-res
	if r.err != nil {
		fmt.Println("error:", r.err)
		return 1
	}
	starter := <-tid
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if _, err := os.Stat("/proc/self/task/" + strconv.Itoa(starter)); err != nil {
			break // the thread that called Start is gone
		}
		if time.Now().After(deadline) {
			fmt.Println("error: the starting thread did not exit")
			return 1
		}
	}
	time.Sleep(500 * time.Millisecond) // give a Pdeathsig time to land
	if !r.c.Running() || r.c.WaitReady(context.Background()) != nil {
		fmt.Println("error: cluster died with the thread that started it")
		return 1
	}
	fmt.Printf("pids %d %d %s\n", r.c.etcd.pid, r.c.apiserver.pid, r.c.Dir)
	time.Sleep(time.Minute)
	return 0
}

func TestChildrenDieWithOwner(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: needs the local kube-apiserver; run without -short")
	}
	if runtime.GOOS != "linux" {
		t.Skip("Pdeathsig is Linux only")
	}
	bins, err := EnsureBinaries(context.Background(), BuildOptions{})
	require.NoError(t, err)

	helper := exec.Command(os.Args[0], "-test.run=^$")
	helper.Env = append(os.Environ(), helperEnv+"=1",
		EtcdBinaryEnv+"="+bins.Etcd, KubeAPIServerBinaryEnv+"="+bins.KubeAPIServer)
	out, err := helper.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, helper.Start())
	t.Cleanup(func() { _ = helper.Process.Kill(); _ = helper.Wait() })

	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err)
	fields := strings.Fields(line)
	require.Len(t, fields, 4, "helper said: %s", line)
	require.Equal(t, "pids", fields[0], "helper said: %s", line)
	dir := fields[3]
	t.Cleanup(func() { _ = os.RemoveAll(dir) })

	require.NoError(t, helper.Process.Kill())
	_ = helper.Wait()
	for _, f := range fields[1:3] {
		pid, err := strconv.Atoi(f)
		require.NoError(t, err)
		p := &process{name: "child", pid: pid, marker: dir}
		assert.True(t, p.wait(10*time.Second), "pid %d survived its owner", pid)
	}
}
