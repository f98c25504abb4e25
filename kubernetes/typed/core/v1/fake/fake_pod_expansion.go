package fake

import (
	"context"
	"errors"
	"io"
	"net/http"
	"path"
	"strings"

	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	policyv1beta1 "k8s.io/api/policy/v1beta1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"

	"github.com/kclient/kclient/rest"
	fakerest "github.com/kclient/kclient/rest/fake"
	"github.com/kclient/kclient/testing"
)

// fakeLogs is the body every fake GetLogs request answers with.
const fakeLogs = "fake logs"

// Bind records a create of the "binding" subresource of the pod named
// binding.Name in binding's namespace. With a tracker the pod must exist;
// it is not changed.
func (c *fakePods) Bind(ctx context.Context, binding *corev1.Binding, opts metav1.CreateOptions) error {
	if binding == nil {
		return errors.New("bind: the binding must not be nil")
	}
	action := testing.NewCreateSubresourceActionWithOptions(c.Resource(), binding.Name, "binding", binding.Namespace, binding, opts)
	_, err := c.Fake.Invokes(action, binding)
	return err
}

// Evict records a create of the "eviction" subresource with a policy/v1beta1
// Eviction, like EvictV1beta1.
func (c *fakePods) Evict(ctx context.Context, eviction *policyv1beta1.Eviction) error {
	return c.EvictV1beta1(ctx, eviction)
}

// EvictV1 records a create of the "eviction" subresource of the pod named
// eviction.Name. The fake neither deletes the pod nor checks disruption
// budgets; a reactor can.
func (c *fakePods) EvictV1(ctx context.Context, eviction *policyv1.Eviction) error {
	if eviction == nil {
		return errNilEviction
	}
	return c.evict(eviction.Name, eviction)
}

// EvictV1beta1 is EvictV1 with a policy/v1beta1 Eviction.
func (c *fakePods) EvictV1beta1(ctx context.Context, eviction *policyv1beta1.Eviction) error {
	if eviction == nil {
		return errNilEviction
	}
	return c.evict(eviction.Name, eviction)
}

func (c *fakePods) evict(name string, eviction runtime.Object) error {
	action := testing.NewCreateSubresourceAction(c.Resource(), name, "eviction", c.Namespace(), eviction)
	_, err := c.Fake.Invokes(action, eviction)
	return err
}

var errNilEviction = errors.New("evict: the eviction must not be nil")

// GetLogs records a get of the "log" subresource (the action's value is
// opts) and returns a request that, when sent, answers 200 with the body
// "fake logs", whatever the reactors do.
func (c *fakePods) GetLogs(name string, opts *corev1.PodLogOptions) *rest.Request {
	action := testing.GenericActionImpl{
		ActionImpl: testing.ActionImpl{Verb: "get", Namespace: c.Namespace(), Resource: c.Resource(), Subresource: "log"},
		Value:      opts,
	}
	_, _ = c.Fake.Invokes(action, &corev1.Pod{})
	logs := &fakerest.RESTClient{
		NegotiatedSerializer: serializer.NewCodecFactory(runtime.NewScheme()).WithoutConversion(),
		GroupVersion:         corev1.SchemeGroupVersion,
		VersionedAPIPath:     path.Join("/api/v1/namespaces", c.Namespace(), "pods", name, "log"),
		Client: fakerest.CreateHTTPClient(func(*http.Request) (*http.Response, error) {
			return &http.Response{
				StatusCode: http.StatusOK,
				Header:     http.Header{"Content-Type": []string{"text/plain"}},
				Body:       io.NopCloser(strings.NewReader(fakeLogs)),
			}, nil
		}),
	}
	return logs.Request()
}

// ProxyGet records a proxy get action for the pod and returns what the
// proxy reactors answer (nil when none does).
func (c *fakePods) ProxyGet(scheme, name, port, path string, params map[string]string) rest.ResponseWrapper {
	return c.Fake.InvokesProxy(testing.NewProxyGetAction(c.Resource(), c.Namespace(), scheme, name, port, path, params))
}
