package benchenv

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// Fixture is a disposable namespace on the benchmark cluster, created through
// client-go's typed client (setup is not measured). Close deletes it.
type Fixture struct {
	// Namespace is the generated namespace name.
	Namespace string
	// Client is a client-go clientset for more setup inside Namespace.
	Client kubernetes.Interface
}

// NewFixture creates a namespace named prefix followed by a random suffix.
func NewFixture(ctx context.Context, access Access, prefix string) (*Fixture, error) {
	cfg := &rest.Config{
		Host:        access.Host,
		BearerToken: access.BearerToken,
		TLSClientConfig: rest.TLSClientConfig{
			CAData:   access.CAData,
			CertData: access.CertData,
			KeyData:  access.KeyData,
		},
		UserAgent: "kclient-bench-setup",
		QPS:       -1,
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("build setup client for %s: %w", access.Host, err)
	}
	ns, err := client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{
		ObjectMeta: metav1.ObjectMeta{GenerateName: prefix},
	}, metav1.CreateOptions{})
	if err != nil {
		return nil, fmt.Errorf("create benchmark namespace %q* on %s: %w", prefix, access.Host, err)
	}
	return &Fixture{Namespace: ns.Name, Client: client}, nil
}

// CreateConfigMap creates cm in the fixture namespace and returns the stored
// object.
func (f *Fixture) CreateConfigMap(ctx context.Context, cm *corev1.ConfigMap) (*corev1.ConfigMap, error) {
	created, err := f.Client.CoreV1().ConfigMaps(f.Namespace).Create(ctx, cm, metav1.CreateOptions{})
	if err != nil {
		return nil, fmt.Errorf("create configmap %s/%s: %w", f.Namespace, cm.Name, err)
	}
	return created, nil
}

// Close deletes the fixture namespace. It uses its own short timeout so that
// cleanup still runs after the benchmark's context was cancelled.
func (f *Fixture) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := f.Client.CoreV1().Namespaces().Delete(ctx, f.Namespace, metav1.DeleteOptions{}); err != nil {
		return fmt.Errorf("delete benchmark namespace %s: %w", f.Namespace, err)
	}
	return nil
}
