package fake_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	policyv1beta1 "k8s.io/api/policy/v1beta1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/kubernetes/fake"
	fakecorev1 "github.com/kclient/kclient/kubernetes/typed/core/v1/fake"
	"github.com/kclient/kclient/rest"
	clienttesting "github.com/kclient/kclient/testing"
)

func seeded() *fake.Clientset {
	return fake.NewClientset(
		&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}},
		&corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n", Labels: map[string]string{"a": "b"}}},
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "ns"}},
	)
}

// last returns the most recent action of cs.
func last(t *testing.T, cs *fake.Clientset) clienttesting.Action {
	t.Helper()
	actions := cs.Actions()
	require.NotEmpty(t, actions)
	return actions[len(actions)-1]
}

func TestPodExpansions(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name        string
		call        func(cs *fake.Clientset) error
		verb, sub   string
		wantErrFunc func(error) bool
	}{
		{"Bind", func(cs *fake.Clientset) error {
			return cs.CoreV1().Pods("ns").Bind(ctx, &corev1.Binding{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}, Target: corev1.ObjectReference{Name: "n"}}, metav1.CreateOptions{})
		}, "create", "binding", nil},
		{"Bind of a missing pod", func(cs *fake.Clientset) error {
			return cs.CoreV1().Pods("ns").Bind(ctx, &corev1.Binding{ObjectMeta: metav1.ObjectMeta{Name: "gone", Namespace: "ns"}}, metav1.CreateOptions{})
		}, "create", "binding", apierrors.IsNotFound},
		{"EvictV1", func(cs *fake.Clientset) error {
			return cs.CoreV1().Pods("ns").EvictV1(ctx, &policyv1.Eviction{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}})
		}, "create", "eviction", nil},
		{"Evict", func(cs *fake.Clientset) error {
			return cs.CoreV1().Pods("ns").Evict(ctx, &policyv1beta1.Eviction{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}})
		}, "create", "eviction", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := seeded()
			err := tt.call(cs)
			if tt.wantErrFunc != nil {
				assert.True(t, tt.wantErrFunc(err), "%v", err)
			} else {
				require.NoError(t, err)
			}
			a := last(t, cs)
			assert.Equal(t, tt.verb, a.GetVerb())
			assert.Equal(t, "pods", a.GetResource().Resource)
			assert.Equal(t, tt.sub, a.GetSubresource())
			assert.Equal(t, "ns", a.GetNamespace())
			_, err = cs.CoreV1().Pods("ns").Get(ctx, "p", metav1.GetOptions{})
			assert.NoError(t, err, "the fake never deletes the pod")
		})
	}
	assert.Error(t, seeded().CoreV1().Pods("ns").EvictV1(ctx, nil))
	assert.Error(t, seeded().CoreV1().Pods("ns").Bind(ctx, nil, metav1.CreateOptions{}))
}

func TestGetLogs(t *testing.T) {
	cs := seeded()
	req := cs.CoreV1().Pods("ns").GetLogs("p", &corev1.PodLogOptions{Container: "c"})
	body, err := req.DoRaw(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "fake logs", string(body))
	a := last(t, cs)
	assert.Equal(t, "log", a.GetSubresource())
	assert.Equal(t, &corev1.PodLogOptions{Container: "c"}, a.(clienttesting.GenericAction).GetValue())
	assert.Equal(t, "/api/v1/namespaces/ns/pods/p/log", req.URL().Path)
}

func TestProxyGet(t *testing.T) {
	cs := seeded()
	assert.Nil(t, cs.CoreV1().Services("ns").ProxyGet("http", "svc", "80", "/healthz", nil), "no proxy reactor")
	a, ok := last(t, cs).(clienttesting.ProxyGetAction)
	require.True(t, ok)
	assert.Equal(t, "services", a.GetResource().Resource)
	assert.Equal(t, "/healthz", a.GetPath())

	cs.CoreV1().Pods("ns").ProxyGet("https", "p", "443", "/x", map[string]string{"q": "1"})
	a, ok = last(t, cs).(clienttesting.ProxyGetAction)
	require.True(t, ok)
	assert.Equal(t, "pods", a.GetResource().Resource)
	assert.Equal(t, map[string]string{"q": "1"}, a.GetParams())
}

func TestNodePatchStatusAndNamespaceFinalize(t *testing.T) {
	ctx := context.Background()
	cs := seeded()
	node, err := cs.CoreV1().Nodes().PatchStatus(ctx, "n", []byte(`{"status":{"phase":"Running"}}`))
	require.NoError(t, err)
	assert.Equal(t, corev1.NodeRunning, node.Status.Phase)
	assert.Equal(t, "status", last(t, cs).GetSubresource())

	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "ns"}, Spec: corev1.NamespaceSpec{Finalizers: []corev1.FinalizerName{"x"}}}
	got, err := cs.CoreV1().Namespaces().Finalize(ctx, ns, metav1.UpdateOptions{})
	require.NoError(t, err)
	assert.Equal(t, []corev1.FinalizerName{"x"}, got.Spec.Finalizers)
	assert.True(t, last(t, cs).Matches("create", "namespaces"))
	assert.Equal(t, "finalize", last(t, cs).GetSubresource())
}

func TestEventExpansions(t *testing.T) {
	ctx := context.Background()
	cs := fake.NewClientset()
	events := cs.CoreV1().Events("")
	ev := &corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: "e", Namespace: "ns"}, Reason: "Started"}
	created, err := events.CreateWithEventNamespaceWithContext(ctx, ev)
	require.NoError(t, err)
	assert.Equal(t, "ns", created.Namespace, "a client of all namespaces writes to the event's namespace")

	created.Reason = "Killed"
	updated, err := events.UpdateWithEventNamespace(created)
	require.NoError(t, err)
	assert.Equal(t, "Killed", updated.Reason)

	patched, err := events.PatchWithEventNamespace(updated, []byte(`{"message":"hi"}`))
	require.NoError(t, err)
	assert.Equal(t, "hi", patched.Message)

	list, err := cs.CoreV1().Events("ns").Search(nil, &corev1.ObjectReference{Name: "p"})
	require.NoError(t, err)
	assert.Len(t, list.Items, 1)

	assert.True(t, cs.CoreV1().Events("ns").GetFieldSelector(nil, nil, nil, nil).Empty())
	assert.Equal(t, "get-field-selector", last(t, cs).GetVerb())

	_, err = events.CreateWithEventNamespace(nil)
	assert.Error(t, err)
}

func TestRESTClientIsNil(t *testing.T) {
	c := &fakecorev1.FakeCoreV1{Fake: &clienttesting.Fake{}}
	rc, ok := c.RESTClient().(*rest.RESTClient)
	require.True(t, ok)
	assert.Nil(t, rc, "a typed nil: the fake sends nothing")
}
