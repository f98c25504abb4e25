package benchenv

import (
	"context"
	"fmt"
	"os"

	"github.com/kclient/kclient/internal/localcluster"
)

// clusterDirEnv names the directory of a running local cluster, as set by
// `go run ./hack/cluster run -- CMD` for CMD.
const clusterDirEnv = "KCLIENT_CLUSTER_DIR"

// startLocalCluster attaches to the local cluster in $KCLIENT_CLUSTER_DIR, if
// set, and otherwise starts one on loopback (building etcd and kube-apiserver
// first if they are not cached, which takes minutes once). The client
// certificate of the admin user authenticates, as in the cluster's
// kubeconfig.
func startLocalCluster(ctx context.Context) (*Cluster, error) {
	if dir := os.Getenv(clusterDirEnv); dir != "" {
		c, err := localcluster.Load(dir)
		if err != nil {
			return nil, fmt.Errorf("attach to the local cluster in %s=%s: %w", clusterDirEnv, dir, err)
		}
		if err := c.WaitReady(ctx); err != nil {
			return nil, fmt.Errorf("local cluster in %s=%s is not ready: %w", clusterDirEnv, dir, err)
		}
		// Not ours to stop: whoever started it stops it.
		return &Cluster{Access: localAccess(c), Source: clusterDirEnv + "=" + dir}, nil
	}

	bins, err := localcluster.EnsureBinaries(ctx, localcluster.BuildOptions{Progress: os.Stderr})
	if err != nil {
		return nil, fmt.Errorf("get etcd and kube-apiserver binaries: %w", err)
	}
	c, err := localcluster.Start(ctx, localcluster.Options{Binaries: bins})
	if err != nil {
		return nil, fmt.Errorf("start a local cluster: %w", err)
	}
	return &Cluster{
		Access: localAccess(c),
		Source: "local cluster started by this process",
		stop: func() {
			if err := c.Stop(); err != nil {
				fmt.Fprintf(os.Stderr, "benchenv: stop local cluster: %v\n", err)
			}
		},
	}, nil
}

// localAccess describes how to reach c as its admin user by client
// certificate.
func localAccess(c *localcluster.Cluster) Access {
	return Access{
		Host:     c.Host,
		CAData:   c.CAData,
		CertData: c.ClientCertData,
		KeyData:  c.ClientKeyData,
	}
}
