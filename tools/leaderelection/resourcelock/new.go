package resourcelock

import (
	"fmt"
	"time"

	"github.com/kclient/kclient/kubernetes"
	coordinationv1 "github.com/kclient/kclient/kubernetes/typed/coordination/v1"
	corev1 "github.com/kclient/kclient/kubernetes/typed/core/v1"
	restclient "github.com/kclient/kclient/rest"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// retired lock types that New rejects with a pointer to the replacement.
var retiredLockTypes = map[string]bool{
	"endpoints":        true,
	"configmaps":       true,
	"endpointsleases":  true,
	"configmapsleases": true,
}

// New builds a lock of lockType on the object ns/name. Only
// LeasesResourceLock is supported; coreClient is accepted for compatibility
// and unused. Unknown or retired lock types are an error.
func New(lockType string, ns string, name string, coreClient corev1.CoreV1Interface, coordinationClient coordinationv1.CoordinationV1Interface, rlc ResourceLockConfig) (Interface, error) {
	return NewWithLabels(lockType, ns, name, coreClient, coordinationClient, rlc, nil)
}

// NewWithLabels is New, and additionally the given labels are set on the
// lock object whenever this candidate creates or writes it, so the current
// holder can be found by label.
func NewWithLabels(lockType string, ns string, name string, coreClient corev1.CoreV1Interface, coordinationClient coordinationv1.CoordinationV1Interface, rlc ResourceLockConfig, labels map[string]string) (Interface, error) {
	switch {
	case lockType == LeasesResourceLock:
		if coordinationClient == nil {
			return nil, fmt.Errorf("resourcelock: lock %s/%s: a coordination client is required", ns, name)
		}
		return &LeaseLock{
			LeaseMeta:  metav1.ObjectMeta{Namespace: ns, Name: name},
			Client:     coordinationClient,
			LockConfig: rlc,
			Labels:     labels,
		}, nil
	case retiredLockTypes[lockType]:
		return nil, fmt.Errorf("resourcelock: lock type %q is no longer supported, use %q", lockType, LeasesResourceLock)
	default:
		return nil, fmt.Errorf("resourcelock: invalid lock type %q", lockType)
	}
}

// NewFromKubeconfig is New with its own clientset built from kubeconfig.
// That clientset's request timeout is half of renewDeadline but at least one
// second, so one hung request cannot use up the whole renew deadline.
// kubeconfig is copied, not modified.
func NewFromKubeconfig(lockType string, ns string, name string, rlc ResourceLockConfig, kubeconfig *restclient.Config, renewDeadline time.Duration) (Interface, error) {
	if kubeconfig == nil {
		return nil, fmt.Errorf("resourcelock: lock %s/%s: nil kubeconfig", ns, name)
	}
	cfg := restclient.CopyConfig(kubeconfig)
	cfg.Timeout = max(time.Second, renewDeadline/2)
	client, err := kubernetes.NewForConfig(restclient.AddUserAgent(cfg, "leader-election"))
	if err != nil {
		return nil, fmt.Errorf("resourcelock: building client for lock %s/%s: %w", ns, name, err)
	}
	return New(lockType, ns, name, client.CoreV1(), client.CoordinationV1(), rlc)
}
