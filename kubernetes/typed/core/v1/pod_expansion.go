package v1

import (
	"context"
	"errors"

	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	policyv1beta1 "k8s.io/api/policy/v1beta1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/net"

	"github.com/kclient/kclient/kubernetes/typed/internal/typedclient"
	"github.com/kclient/kclient/rest"
)

// PodExpansion holds the hand-written methods of PodInterface: the pod
// subresources that are not plain reads and writes of a Pod.
type PodExpansion interface {
	// Bind assigns the pod named binding.Name to binding.Target (a node),
	// as a scheduler does.
	Bind(ctx context.Context, binding *corev1.Binding, opts metav1.CreateOptions) error
	// Evict is EvictV1beta1.
	//
	// Deprecated: use EvictV1 (served since Kubernetes 1.22) or EvictV1beta1.
	Evict(ctx context.Context, eviction *policyv1beta1.Eviction) error
	// EvictV1 asks for the pod named eviction.Name to be evicted, honouring
	// PodDisruptionBudgets; a budget violation is a 429 TooManyRequests error.
	EvictV1(ctx context.Context, eviction *policyv1.Eviction) error
	// EvictV1beta1 is EvictV1 with a policy/v1beta1 Eviction.
	EvictV1beta1(ctx context.Context, eviction *policyv1beta1.Eviction) error
	// GetLogs returns an unsent request for the logs of pod name; call
	// Stream for a reader or DoRaw for the whole body.
	GetLogs(name string, opts *corev1.PodLogOptions) *rest.Request
	// ProxyGet returns an unsent GET request proxied by the apiserver to
	// path on port of pod name, with scheme ("" or "http"/"https") and the
	// given query parameters.
	ProxyGet(scheme, name, port, path string, params map[string]string) rest.ResponseWrapper
}

// Bind implements PodExpansion.
func (c *pods) Bind(ctx context.Context, binding *corev1.Binding, opts metav1.CreateOptions) error {
	if binding == nil {
		return errors.New("bind: the binding must not be nil")
	}
	return typedclient.Post(ctx, c.target(), binding.Name, "binding", binding, &opts)
}

// Evict implements PodExpansion.
func (c *pods) Evict(ctx context.Context, eviction *policyv1beta1.Eviction) error {
	return c.EvictV1beta1(ctx, eviction)
}

// EvictV1 implements PodExpansion.
func (c *pods) EvictV1(ctx context.Context, eviction *policyv1.Eviction) error {
	if eviction == nil {
		return errNilEviction
	}
	return typedclient.Post(ctx, c.target(), eviction.Name, "eviction", eviction, nil)
}

// EvictV1beta1 implements PodExpansion.
func (c *pods) EvictV1beta1(ctx context.Context, eviction *policyv1beta1.Eviction) error {
	if eviction == nil {
		return errNilEviction
	}
	return typedclient.Post(ctx, c.target(), eviction.Name, "eviction", eviction, nil)
}

// GetLogs implements PodExpansion. The request is not sent in protobuf:
// logs are plain text.
func (c *pods) GetLogs(name string, opts *corev1.PodLogOptions) *rest.Request {
	t := c.target()
	t.Protobuf = false
	return t.Start(c.GetClient().Get(), name, "log").VersionedParams(opts, t.ParameterCodec)
}

// ProxyGet implements PodExpansion.
func (c *pods) ProxyGet(scheme, name, port, path string, params map[string]string) rest.ResponseWrapper {
	return proxyGet(c.GetClient(), c.GetNamespace(), "pods", scheme, name, port, path, params)
}

var errNilEviction = errors.New("evict: the eviction must not be nil")

// proxyGet builds a GET through the proxy subresource of a pod or service.
func proxyGet(client rest.Interface, namespace, resource, scheme, name, port, path string, params map[string]string) *rest.Request {
	r := client.Get().
		Namespace(namespace).
		Resource(resource).
		SubResource("proxy").
		Name(net.JoinSchemeNamePort(scheme, name, port)).
		Suffix(path)
	for k, v := range params {
		r = r.Param(k, v)
	}
	return r
}
