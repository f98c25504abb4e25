package main

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/kclient/kclient/hack/bench/internal/benchenv"
	"github.com/kclient/kclient/rest"
)

// newKclient builds a kclient RESTClient for core/v1 that speaks
// contentType, with the rate limiter off; the config is field for field the
// one newClientGo builds.
func newKclient(access benchenv.Access, contentType string) (getConfigMap, error) {
	gv := benchenv.CoreV1
	cfg := &rest.Config{
		Host:        access.Host,
		APIPath:     "/api",
		BearerToken: access.BearerToken,
		TLSClientConfig: rest.TLSClientConfig{
			CAData:   access.CAData,
			CertData: access.CertData,
			KeyData:  access.KeyData,
		},
		ContentConfig: rest.ContentConfig{
			GroupVersion:         &gv,
			ContentType:          contentType,
			NegotiatedSerializer: benchenv.Codecs.WithoutConversion(),
		},
		QPS: -1,
	}
	client, err := rest.RESTClientFor(cfg)
	if err != nil {
		return nil, fmt.Errorf("kclient rest.RESTClientFor %s: %w", access.Host, err)
	}
	return func(ctx context.Context, ns, name string, cm *corev1.ConfigMap) error {
		return client.Get().Namespace(ns).Resource("configmaps").Name(name).Do(ctx).Into(cm)
	}, nil
}
