package benchenv

import (
	"context"
	"errors"
	"fmt"
	"os"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// Access is how to reach an API server, in plain fields that both libraries'
// rest.Config accept unchanged. Benchmarks build each library's own config
// from the same Access so that TLS and authentication are identical.
type Access struct {
	// Host is the API server URL, for example https://127.0.0.1:6443.
	Host string
	// CAData is the PEM bundle that verifies the server certificate.
	CAData []byte
	// CertData and KeyData are the PEM client certificate and key, if the
	// cluster authenticates clients by certificate.
	CertData, KeyData []byte
	// BearerToken authenticates by token, if set.
	BearerToken string
}

// Cluster is a reachable API server. Close releases it: it stops the cluster
// when this process started it and does nothing otherwise.
type Cluster struct {
	// Access is how to reach the cluster.
	Access Access
	// Source says where the cluster came from, for the report header.
	Source string

	stop func()
}

// Close stops the cluster if this process started it. It is safe to call on a
// nil Cluster and more than once.
func (c *Cluster) Close() {
	if c == nil || c.stop == nil {
		return
	}
	c.stop()
	c.stop = nil
}

// Connect returns the cluster to benchmark against. When KUBECONFIG is set it
// uses that file's current context (certificate or token authentication only;
// exec and auth-provider plugins are refused because their cost would be
// measured too). Otherwise it starts a local cluster on loopback that Close
// stops.
func Connect(ctx context.Context) (*Cluster, error) {
	if os.Getenv("KUBECONFIG") != "" {
		return connectKubeconfig()
	}
	return startLocalCluster(ctx)
}

// connectKubeconfig loads the current context of $KUBECONFIG.
func connectKubeconfig() (*Cluster, error) {
	path := os.Getenv("KUBECONFIG")
	loader := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		clientcmd.NewDefaultClientConfigLoadingRules(), &clientcmd.ConfigOverrides{})
	cfg, err := loader.ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("load KUBECONFIG=%s: %w", path, err)
	}
	if cfg.ExecProvider != nil || cfg.AuthProvider != nil {
		return nil, fmt.Errorf("KUBECONFIG=%s: exec and auth-provider credentials are not supported by the benchmarks; use a certificate or token user", path)
	}
	if err := rest.LoadTLSFiles(cfg); err != nil {
		return nil, fmt.Errorf("KUBECONFIG=%s: read TLS files: %w", path, err)
	}
	token := cfg.BearerToken
	if token == "" && cfg.BearerTokenFile != "" {
		b, err := os.ReadFile(cfg.BearerTokenFile)
		if err != nil {
			return nil, fmt.Errorf("KUBECONFIG=%s: read token file: %w", path, err)
		}
		token = string(b)
	}
	if cfg.Insecure {
		return nil, errors.New("KUBECONFIG=" + path + ": insecure-skip-tls-verify is not supported; give the cluster's CA")
	}
	return &Cluster{
		Access: Access{
			Host:        cfg.Host,
			CAData:      cfg.CAData,
			CertData:    cfg.CertData,
			KeyData:     cfg.KeyData,
			BearerToken: token,
		},
		Source: "KUBECONFIG=" + path,
	}, nil
}
