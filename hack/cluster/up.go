package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/kclient/kclient/internal/localcluster"
)

// runUp implements `cluster up`: start a detached cluster in the state dir.
// If one already runs there it only prints how to use it.
func runUp(ctx context.Context, args []string) int {
	var f clusterFlags
	fs := newFlagSet("up", "")
	f.register(fs, "<repo>/.cluster")
	_ = fs.Parse(args)
	dir, err := stateDir(f.dir)
	if err != nil {
		return fail(err)
	}
	if c, err := localcluster.Load(dir); err == nil && c.Running() {
		fmt.Printf("A local cluster already runs in %s.\n\n", dir)
		printUsage(c)
		return 0
	}
	// Leftovers of a cluster that died (or a failed start): start afresh.
	if err := clearStale(dir); err != nil {
		return fail(err)
	}

	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	bins, err := localcluster.EnsureBinaries(ctx, localcluster.BuildOptions{Progress: os.Stderr})
	if err != nil {
		return fail(err)
	}
	begin := time.Now()
	c, err := localcluster.Start(ctx, localcluster.Options{
		Binaries: bins, Dir: dir, Detach: true,
		ExtraAPIServerFlags: f.apiserverArg, StartTimeout: f.timeout,
	})
	if err != nil {
		return fail(err)
	}
	fmt.Printf("Local cluster (kube-apiserver %s) ready at %s in %s; state and logs in %s.\n\n",
		localcluster.KubeAPIServerVersion, c.Host, time.Since(begin).Round(100*time.Millisecond), dir)
	printUsage(c)
	return 0
}

// clearStale removes dir if it holds the state of a cluster that no longer runs.
// It refuses to remove a directory that does not look like cluster state.
func clearStale(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) || (err == nil && len(entries) == 0) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading %s: %w", dir, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "pki")); err != nil {
		return fmt.Errorf("%s is not empty and does not look like a cluster directory; remove it or pick another -dir", dir)
	}
	if c, err := localcluster.Load(dir); err == nil {
		_ = c.Stop() // kills any process that is still around, removes dir
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("removing stale cluster state: %w", err)
	}
	return nil
}

// printUsage tells the user how to talk to c.
func printUsage(c *localcluster.Cluster) {
	fmt.Printf(`Use it with:

  export KUBECONFIG=%[1]s

  # client certificate (user kclient-admin, group system:masters)
  curl --cacert %[2]s --cert %[3]s --key %[4]s %[5]s/version

  # bearer token
  curl --cacert %[2]s -H "Authorization: Bearer $(cat %[6]s)" %[5]s/api/v1/namespaces

  # from Go tests, reuse it instead of starting one per package
  export KCLIENT_CLUSTER_DIR=%[7]s

Stop it with: go run ./hack/cluster down%[8]s
`, c.KubeconfigPath, c.CAFile, c.ClientCertFile, c.ClientKeyFile, c.Host, c.TokenFile, c.Dir, dirFlagFor(c.Dir))
}

// dirFlagFor returns " -dir DIR" unless dir is the default state dir.
func dirFlagFor(dir string) string {
	if def, err := defaultStateDir(); err == nil && def == dir {
		return ""
	}
	return " -dir " + dir
}
