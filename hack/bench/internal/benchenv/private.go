package benchenv

import (
	"context"
	"fmt"
	"os"

	"github.com/kclient/kclient/internal/localcluster"
)

// StartPrivateCluster starts a local etcd + kube-apiserver on loopback that
// belongs to this benchmark alone, whatever KUBECONFIG or
// KCLIENT_CLUSTER_DIR say. Use it for benchmarks that load the cluster with
// many objects (tens of thousands of Pods) so that a shared cluster is
// neither polluted nor slowed for others. extraAPIServerFlags are appended
// to kube-apiserver's command line. Close stops the cluster and removes its
// state.
func StartPrivateCluster(ctx context.Context, extraAPIServerFlags ...string) (*Cluster, error) {
	bins, err := localcluster.EnsureBinaries(ctx, localcluster.BuildOptions{Progress: os.Stderr})
	if err != nil {
		return nil, fmt.Errorf("get etcd and kube-apiserver binaries: %w", err)
	}
	c, err := localcluster.Start(ctx, localcluster.Options{Binaries: bins, ExtraAPIServerFlags: extraAPIServerFlags})
	if err != nil {
		return nil, fmt.Errorf("start a private local cluster: %w", err)
	}
	return &Cluster{
		Access: localAccess(c),
		Source: "private local cluster started by this process",
		stop: func() {
			if err := c.Stop(); err != nil {
				fmt.Fprintf(os.Stderr, "benchenv: stop private local cluster: %v\n", err)
			}
		},
	}, nil
}
