package main

import (
	"context"
	"fmt"
	"net/http"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/rest"

	"github.com/kclient/kclient/hack/bench/internal/benchenv"
)

// newClientGo builds client-go's typed core/v1 client from access with
// every default (content type, serializer, user agent) except the rate
// limiter, which QPS -1 turns off; the config is field for field the one
// newKclient builds.
func newClientGo(access benchenv.Access, wrap func(http.RoundTripper) http.RoundTripper) (configMaps, error) {
	cfg := &rest.Config{
		Host:        access.Host,
		BearerToken: access.BearerToken,
		TLSClientConfig: rest.TLSClientConfig{
			CAData:   access.CAData,
			CertData: access.CertData,
			KeyData:  access.KeyData,
		},
		WrapTransport: wrap,
		QPS:           -1,
	}
	client, err := typedcorev1.NewForConfig(cfg)
	if err != nil {
		return configMaps{}, fmt.Errorf("client-go core/v1 NewForConfig %s: %w", access.Host, err)
	}
	return configMaps{
		get: func(ctx context.Context, ns, name string) (*corev1.ConfigMap, error) {
			return client.ConfigMaps(ns).Get(ctx, name, metav1.GetOptions{})
		},
		list: func(ctx context.Context, ns string) (*corev1.ConfigMapList, error) {
			return client.ConfigMaps(ns).List(ctx, metav1.ListOptions{})
		},
	}, nil
}
