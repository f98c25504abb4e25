// Package testcluster gives integration tests a real kube-apiserver, started
// once per test binary (or shared by every package when run under
// `go run ./hack/cluster run -- go test ./...`).
//
// Wire it into a package's TestMain and fetch the cluster in tests:
//
//	func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }
//
//	func TestListPods(t *testing.T) {
//		c := testcluster.Get(t) // skips under -short
//		cfg := &rest.Config{
//			Host: c.Host,
//			TLSClientConfig: rest.TLSClientConfig{
//				CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData,
//			},
//		}
//		...
//	}
//
// Under -short nothing is started and Get skips. If $KCLIENT_CLUSTER_DIR names
// the directory of a running cluster (see localcluster.Load), it is reused and
// left running; otherwise Run starts a private cluster and stops it when the
// tests finish. Tests that must disturb the apiserver (restarts, special flags)
// should use New for a dedicated cluster instead of the shared one.
package testcluster

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/kclient/kclient/internal/localcluster"
)

// ClusterDirEnv names the environment variable holding the directory of a
// running cluster that tests should reuse.
const ClusterDirEnv = localcluster.ClusterDirEnv

// skipReason is the message Get and New skip with under -short.
const skipReason = "integration test: needs the local kube-apiserver; run without -short"

// current is the cluster Run provides to Get; set before m.Run and never changed while tests run.
var current *localcluster.Cluster

// Run starts (or attaches to) the cluster, runs the tests and stops the cluster
// again if Run started it, also when the binary is interrupted by SIGINT or
// SIGTERM. It returns the exit code for os.Exit. If the cluster cannot be
// started it prints why and returns 1.
//
// Should a test panic, the cluster processes still die with the test binary
// (the kernel kills them), though the temporary directory may remain.
func Run(m *testing.M) int {
	if !flag.Parsed() {
		flag.Parse()
	}
	if testing.Short() {
		return m.Run()
	}
	if dir := os.Getenv(ClusterDirEnv); dir != "" {
		c, err := localcluster.Load(dir)
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			err = c.WaitReady(ctx)
			cancel()
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "testcluster: cannot use the cluster in $%s=%s: %v\n", ClusterDirEnv, dir, err)
			return 1
		}
		current = c
		return m.Run()
	}

	c, err := start(context.Background(), localcluster.Options{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "testcluster: %v\n", err)
		return 1
	}
	current = c
	stopOnSignal := make(chan os.Signal, 1)
	signal.Notify(stopOnSignal, syscall.SIGINT, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-stopOnSignal:
			fmt.Fprintf(os.Stderr, "testcluster: %v: stopping the local cluster\n", sig)
			_ = c.Stop()
			os.Exit(1)
		case <-done:
		}
	}()
	defer func() {
		signal.Stop(stopOnSignal)
		close(done)
		if err := c.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "testcluster: %v\n", err)
		}
	}()
	return m.Run()
}

// Get returns the cluster prepared by Run. Under -short it skips the test. It
// fails the test if the package's TestMain does not call Run.
//
// The cluster is shared by all tests of the binary (and possibly by other
// packages): use unique namespaces or names, and do not restart it.
func Get(t testing.TB) *localcluster.Cluster {
	t.Helper()
	if testing.Short() {
		t.Skip(skipReason)
	}
	if current == nil {
		t.Fatal("testcluster.Get: no cluster; call os.Exit(testcluster.Run(m)) from TestMain")
	}
	return current
}

// New starts a dedicated cluster for t with opts (binaries are found or built
// when opts.Binaries is empty) and stops it when t finishes. Use it for tests
// that restart the apiserver or need extra flags. Under -short it skips the test.
func New(t testing.TB, opts localcluster.Options) *localcluster.Cluster {
	t.Helper()
	if testing.Short() {
		t.Skip(skipReason)
	}
	c, err := start(context.Background(), opts)
	if err != nil {
		t.Fatalf("testcluster.New: %v", err)
	}
	t.Cleanup(func() {
		if err := c.Stop(); err != nil {
			t.Errorf("testcluster: %v", err)
		}
	})
	return c
}

// start ensures the binaries (reporting builds on stderr) and starts a cluster.
func start(ctx context.Context, opts localcluster.Options) (*localcluster.Cluster, error) {
	if opts.Binaries.Etcd == "" || opts.Binaries.KubeAPIServer == "" {
		// A first build of kube-apiserver takes minutes.
		bctx, cancel := context.WithTimeout(ctx, 20*time.Minute)
		defer cancel()
		bins, err := localcluster.EnsureBinaries(bctx, localcluster.BuildOptions{Progress: os.Stderr})
		if err != nil {
			return nil, err
		}
		opts.Binaries = bins
	}
	return localcluster.Start(ctx, opts)
}
