package localcluster

import (
	"fmt"
	"os"

	"sigs.k8s.io/yaml"
)

// Names used in the generated kubeconfig.
const (
	// KubeconfigContext is the context (and cluster) name in the kubeconfig.
	KubeconfigContext = "kclient-local"
)

// kubeconfig mirrors the few parts of the kubeconfig file format that Start writes.
type kubeconfig struct {
	APIVersion     string         `json:"apiVersion"`
	Kind           string         `json:"kind"`
	Clusters       []namedCluster `json:"clusters"`
	Users          []namedUser    `json:"users"`
	Contexts       []namedContext `json:"contexts"`
	CurrentContext string         `json:"current-context"`
}

// namedCluster is one entry of kubeconfig.clusters.
type namedCluster struct {
	Name    string `json:"name"`
	Cluster struct {
		Server                   string `json:"server"`
		CertificateAuthorityData []byte `json:"certificate-authority-data"`
	} `json:"cluster"`
}

// namedUser is one entry of kubeconfig.users.
type namedUser struct {
	Name string `json:"name"`
	User struct {
		ClientCertificateData []byte `json:"client-certificate-data"`
		ClientKeyData         []byte `json:"client-key-data"`
	} `json:"user"`
}

// namedContext is one entry of kubeconfig.contexts.
type namedContext struct {
	Name    string `json:"name"`
	Context struct {
		Cluster string `json:"cluster"`
		User    string `json:"user"`
	} `json:"context"`
}

// writeKubeconfig writes a kubeconfig for the admin client certificate of c to
// path, readable only by the owner. []byte fields are base64-encoded by the
// JSON marshalling, as the format requires.
func writeKubeconfig(path string, c *Cluster) error {
	var cl namedCluster
	cl.Name = KubeconfigContext
	cl.Cluster.Server = c.Host
	cl.Cluster.CertificateAuthorityData = c.CAData
	var u namedUser
	u.Name = AdminUser
	u.User.ClientCertificateData = c.ClientCertData
	u.User.ClientKeyData = c.ClientKeyData
	var ctx namedContext
	ctx.Name = KubeconfigContext
	ctx.Context.Cluster = KubeconfigContext
	ctx.Context.User = AdminUser
	kc := kubeconfig{
		APIVersion: "v1", Kind: "Config",
		Clusters: []namedCluster{cl}, Users: []namedUser{u}, Contexts: []namedContext{ctx},
		CurrentContext: KubeconfigContext,
	}
	data, err := yaml.Marshal(kc)
	if err != nil {
		return fmt.Errorf("encoding kubeconfig: %w", err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("writing kubeconfig: %w", err)
	}
	return nil
}
