package rest

import (
	"crypto/x509"
	"fmt"
	"net"
	"os"

	"k8s.io/klog/v2"
)

// Where a pod finds its service account credentials.
const (
	inClusterTokenFile  = "/var/run/secrets/kubernetes.io/serviceaccount/token"
	inClusterRootCAFile = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"
)

// InClusterConfig builds a Config for a process running in a Kubernetes
// pod: it talks to the API server through the kubernetes service
// (KUBERNETES_SERVICE_HOST and _PORT) and authenticates with the pod's
// service account token, trusting the service account CA bundle. Outside a
// pod, where those variables are unset, it returns ErrNotInCluster.
//
// The token is re-read from its file periodically (BearerTokenFile), so
// rotated service account tokens are picked up. A missing or unreadable CA
// bundle is logged and the system roots are used instead.
func InClusterConfig() (*Config, error) {
	return inClusterConfig(inClusterTokenFile, inClusterRootCAFile)
}

func inClusterConfig(tokenFile, caFile string) (*Config, error) {
	host, port := os.Getenv("KUBERNETES_SERVICE_HOST"), os.Getenv("KUBERNETES_SERVICE_PORT")
	if host == "" || port == "" {
		return nil, ErrNotInCluster
	}
	token, err := os.ReadFile(tokenFile)
	if err != nil {
		return nil, fmt.Errorf("reading the service account token: %w", err)
	}
	var tlsConfig TLSClientConfig
	if err := checkCAFile(caFile); err != nil {
		klog.ErrorS(err, "Expected to load the in-cluster root CA", "file", caFile)
	} else {
		tlsConfig.CAFile = caFile
	}
	return &Config{
		Host:            "https://" + net.JoinHostPort(host, port),
		TLSClientConfig: tlsConfig,
		BearerToken:     string(token),
		BearerTokenFile: tokenFile,
	}, nil
}

// checkCAFile verifies that file holds at least one PEM certificate.
func checkCAFile(file string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if !x509.NewCertPool().AppendCertsFromPEM(data) {
		return fmt.Errorf("no PEM certificates found in %s", file)
	}
	return nil
}

// LoadTLSFiles reads the files named by CAFile, CertFile and KeyFile into
// CAData, CertData and KeyData, so the config no longer depends on the
// filesystem. A field that already holds data keeps it and its file is not
// read. The first file that cannot be read is returned as the error.
func LoadTLSFiles(c *Config) error {
	var err error
	if c.CAData, err = dataOrFile(c.CAData, c.CAFile); err != nil {
		return err
	}
	if c.CertData, err = dataOrFile(c.CertData, c.CertFile); err != nil {
		return err
	}
	c.KeyData, err = dataOrFile(c.KeyData, c.KeyFile)
	return err
}

// dataOrFile returns data if set, else the contents of file if named.
func dataOrFile(data []byte, file string) ([]byte, error) {
	if len(data) > 0 {
		return data, nil
	}
	if file == "" {
		return nil, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return []byte{}, err
	}
	return b, nil
}
