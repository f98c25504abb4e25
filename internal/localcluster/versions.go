package localcluster

// Versions of the binaries that EnsureBinaries provides. They match the
// k8s.io/kubernetes and go.etcd.io/etcd versions pinned by the wrapper modules
// under hack/cluster.
const (
	// KubeAPIServerVersion is the kube-apiserver version, also stamped into the
	// binary so that GET /version reports it.
	KubeAPIServerVersion = "v1.37.2"
	// EtcdVersion is the etcd server version.
	EtcdVersion = "v3.7.3"
)
