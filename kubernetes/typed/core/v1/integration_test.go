package v1_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/utils/ptr"

	corev1ac "github.com/kclient/kclient/applyconfigurations/core/v1"
	"github.com/kclient/kclient/internal/localcluster"
	"github.com/kclient/kclient/internal/testcluster"
	corev1client "github.com/kclient/kclient/kubernetes/typed/core/v1"
	"github.com/kclient/kclient/rest"
)

// wireLog records the Accept header of requests and the Content-Type of
// responses the client saw.
type wireLog struct {
	mu       sync.Mutex
	accepts  []string
	received []string
	sent     []string
}

func (w *wireLog) wrap(rt http.RoundTripper) http.RoundTripper {
	return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := rt.RoundTrip(req)
		w.mu.Lock()
		defer w.mu.Unlock()
		w.accepts = append(w.accepts, req.Header.Get("Accept"))
		if ct := req.Header.Get("Content-Type"); ct != "" {
			w.sent = append(w.sent, ct)
		}
		if resp != nil {
			w.received = append(w.received, resp.Header.Get("Content-Type"))
		}
		return resp, err
	})
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// adminConfig authenticates with the cluster's admin client certificate.
func adminConfig(c *localcluster.Cluster, log *wireLog) *rest.Config {
	cfg := &rest.Config{
		Host: c.Host,
		TLSClientConfig: rest.TLSClientConfig{
			CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData,
		},
		QPS: 100, Burst: 200,
	}
	if log != nil {
		cfg.WrapTransport = log.wrap
	}
	return cfg
}

// testNamespace creates a uniquely named namespace (with its default
// ServiceAccount, as no controller-manager runs) and deletes it afterwards.
func testNamespace(t *testing.T, client corev1client.CoreV1Interface) string {
	t.Helper()
	ctx := context.Background()
	name := fmt.Sprintf("typed-core-%s-%d", strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name())), time.Now().UnixNano()%1e6)
	if len(name) > 63 {
		name = strings.Trim(name[len(name)-63:], "-")
	}
	_, err := client.Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = client.Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{}) })
	_, err = client.ServiceAccounts(name).Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default"}}, metav1.CreateOptions{})
	require.NoError(t, err)
	return name
}

func TestIntegrationConfigMaps(t *testing.T) {
	cluster := testcluster.Get(t)
	ctx := context.Background()
	log := &wireLog{}
	client, err := corev1client.NewForConfig(adminConfig(cluster, log))
	require.NoError(t, err)
	ns := testNamespace(t, client)
	cms := client.ConfigMaps(ns)

	// create, get
	created, err := cms.Create(ctx, &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "cm", Labels: map[string]string{"app": "typed"}},
		Data:       map[string]string{"a": "1"},
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	require.NotEmpty(t, created.ResourceVersion)
	got, err := cms.Get(ctx, "cm", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, "1", got.Data["a"])
	_, err = cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "cm"}}, metav1.CreateOptions{})
	assert.True(t, apierrors.IsAlreadyExists(err), "%v", err)

	// list with a label selector, and pages
	_, err = cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "other"}}, metav1.CreateOptions{})
	require.NoError(t, err)
	list, err := cms.List(ctx, metav1.ListOptions{LabelSelector: "app=typed"})
	require.NoError(t, err)
	require.Len(t, list.Items, 1)
	assert.Equal(t, "cm", list.Items[0].Name)
	page, err := cms.List(ctx, metav1.ListOptions{Limit: 1})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	require.NotEmpty(t, page.Continue)
	rest2, err := cms.List(ctx, metav1.ListOptions{Limit: 1, Continue: page.Continue})
	require.NoError(t, err)
	require.Len(t, rest2.Items, 1)
	assert.NotEqual(t, page.Items[0].Name, rest2.Items[0].Name)

	// update, then a stale update conflicts
	got.Data["a"] = "2"
	updated, err := cms.Update(ctx, got, metav1.UpdateOptions{})
	require.NoError(t, err)
	assert.Equal(t, "2", updated.Data["a"])
	got.Data["a"] = "stale"
	_, err = cms.Update(ctx, got, metav1.UpdateOptions{})
	assert.True(t, apierrors.IsConflict(err), "%v", err)

	// the three patch types
	patches := []struct {
		pt   types.PatchType
		body string
		key  string
	}{
		{types.StrategicMergePatchType, `{"data":{"strategic":"yes"}}`, "strategic"},
		{types.JSONPatchType, `[{"op":"add","path":"/data/json","value":"yes"}]`, "json"},
		{types.MergePatchType, `{"data":{"merge":"yes"}}`, "merge"},
	}
	for _, p := range patches {
		patched, err := cms.Patch(ctx, "cm", p.pt, []byte(p.body), metav1.PatchOptions{})
		require.NoError(t, err, p.pt)
		assert.Equal(t, "yes", patched.Data[p.key], p.pt)
	}
	_, err = cms.Patch(ctx, "missing", types.MergePatchType, []byte(`{}`), metav1.PatchOptions{})
	assert.True(t, apierrors.IsNotFound(err), "%v", err)

	// watch from the list's resource version sees a later change, decoded
	list, err = cms.List(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	w, err := cms.Watch(ctx, metav1.ListOptions{ResourceVersion: list.ResourceVersion, TimeoutSeconds: ptr.To[int64](30)})
	require.NoError(t, err)
	defer w.Stop()
	_, err = cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "watched"}}, metav1.CreateOptions{})
	require.NoError(t, err)
	select {
	case ev, ok := <-w.ResultChan():
		require.True(t, ok, "watch closed early")
		require.Equal(t, watch.Added, ev.Type)
		cm, isCM := ev.Object.(*corev1.ConfigMap)
		require.True(t, isCM, "got %T", ev.Object)
		assert.Equal(t, "watched", cm.Name)
	case <-time.After(20 * time.Second):
		t.Fatal("no watch event")
	}

	// delete, then not found
	require.NoError(t, cms.Delete(ctx, "cm", metav1.DeleteOptions{}))
	_, err = cms.Get(ctx, "cm", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err), "%v", err)
	err = cms.Delete(ctx, "cm", metav1.DeleteOptions{})
	assert.True(t, apierrors.IsNotFound(err), "%v", err)

	// delete-collection by label
	for i := range 3 {
		_, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("bulk-%d", i), Labels: map[string]string{"bulk": "yes"}}}, metav1.CreateOptions{})
		require.NoError(t, err)
	}
	require.NoError(t, cms.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "bulk=yes"}))
	list, err = cms.List(ctx, metav1.ListOptions{LabelSelector: "bulk=yes"})
	require.NoError(t, err)
	assert.Empty(t, list.Items)
	list, err = cms.List(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	assert.Len(t, list.Items, 2, "other and watched survive")

	// the default wire format is protobuf both ways
	log.mu.Lock()
	defer log.mu.Unlock()
	assert.Contains(t, log.accepts, "application/vnd.kubernetes.protobuf,application/json")
	assert.Contains(t, log.sent, "application/vnd.kubernetes.protobuf")
	assert.Contains(t, log.received, "application/vnd.kubernetes.protobuf")
}

func TestIntegrationServerSideApply(t *testing.T) {
	cluster := testcluster.Get(t)
	ctx := context.Background()
	client, err := corev1client.NewForConfig(adminConfig(cluster, nil))
	require.NoError(t, err)
	ns := testNamespace(t, client)
	cms := client.ConfigMaps(ns)

	applied, err := cms.Apply(ctx, corev1ac.ConfigMap("applied", ns).WithData(map[string]string{"a": "1"}), metav1.ApplyOptions{FieldManager: "alice"})
	require.NoError(t, err)
	assert.Equal(t, "1", applied.Data["a"])
	require.NotEmpty(t, applied.ManagedFields)
	assert.Equal(t, "alice", applied.ManagedFields[0].Manager)

	// another manager changing alice's field conflicts unless it forces
	_, err = cms.Apply(ctx, corev1ac.ConfigMap("applied", ns).WithData(map[string]string{"a": "2"}), metav1.ApplyOptions{FieldManager: "bob"})
	assert.True(t, apierrors.IsConflict(err), "%v", err)
	forced, err := cms.Apply(ctx, corev1ac.ConfigMap("applied", ns).WithData(map[string]string{"a": "2"}), metav1.ApplyOptions{FieldManager: "bob", Force: true})
	require.NoError(t, err)
	assert.Equal(t, "2", forced.Data["a"])

	_, err = cms.Apply(ctx, nil, metav1.ApplyOptions{FieldManager: "alice"})
	assert.ErrorContains(t, err, "nil")
	_, err = cms.Apply(ctx, &corev1ac.ConfigMapApplyConfiguration{}, metav1.ApplyOptions{FieldManager: "alice"})
	assert.ErrorContains(t, err, "name")
}

func TestIntegrationExplicitJSON(t *testing.T) {
	cluster := testcluster.Get(t)
	ctx := context.Background()
	log := &wireLog{}
	cfg := adminConfig(cluster, log)
	cfg.ContentType = "application/json"
	client, err := corev1client.NewForConfig(cfg)
	require.NoError(t, err)
	ns := testNamespace(t, client)
	_, err = client.Secrets(ns).Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "s"}, StringData: map[string]string{"k": "v"}}, metav1.CreateOptions{})
	require.NoError(t, err)
	s, err := client.Secrets(ns).Get(ctx, "s", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, []byte("v"), s.Data["k"])

	log.mu.Lock()
	defer log.mu.Unlock()
	for _, ct := range append(log.sent, log.received...) {
		assert.True(t, strings.HasPrefix(ct, "application/json"), "explicit JSON must be honoured, saw %q", ct)
	}
}

func TestIntegrationSecrets(t *testing.T) {
	cluster := testcluster.Get(t)
	ctx := context.Background()
	client, err := corev1client.NewForConfig(adminConfig(cluster, nil))
	require.NoError(t, err)
	ns := testNamespace(t, client)
	secrets := client.Secrets(ns)

	_, err = secrets.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "s"}, Data: map[string][]byte{"k": []byte("v")}}, metav1.CreateOptions{})
	require.NoError(t, err)
	s, err := secrets.Get(ctx, "s", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, []byte("v"), s.Data["k"])
	s.Data["k"] = []byte("w")
	s, err = secrets.Update(ctx, s, metav1.UpdateOptions{})
	require.NoError(t, err)
	assert.Equal(t, []byte("w"), s.Data["k"])
	s, err = secrets.Patch(ctx, "s", types.MergePatchType, []byte(`{"stringData":{"x":"y"}}`), metav1.PatchOptions{})
	require.NoError(t, err)
	assert.Equal(t, []byte("y"), s.Data["x"])
	list, err := secrets.List(ctx, metav1.ListOptions{FieldSelector: "metadata.name=s"})
	require.NoError(t, err)
	assert.Len(t, list.Items, 1)
	require.NoError(t, secrets.Delete(ctx, "s", metav1.DeleteOptions{}))
	_, err = secrets.Get(ctx, "s", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err), "%v", err)
}

func TestIntegrationPodsAndExpansions(t *testing.T) {
	cluster := testcluster.Get(t)
	ctx := context.Background()
	client, err := corev1client.NewForConfig(adminConfig(cluster, nil))
	require.NoError(t, err)
	ns := testNamespace(t, client)
	pods := client.Pods(ns)
	newPod := func(name string) *corev1.Pod {
		return &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Name: name},
			Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "registry.k8s.io/pause:3.10"}}},
		}
	}

	// eviction of an unscheduled pod deletes it at once
	_, err = pods.Create(ctx, newPod("evictee"), metav1.CreateOptions{})
	require.NoError(t, err)
	require.NoError(t, pods.EvictV1(ctx, &policyv1.Eviction{ObjectMeta: metav1.ObjectMeta{Name: "evictee", Namespace: ns}}))
	_, err = pods.Get(ctx, "evictee", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err), "%v", err)
	err = pods.EvictV1(ctx, &policyv1.Eviction{ObjectMeta: metav1.ObjectMeta{Name: "evictee", Namespace: ns}})
	assert.True(t, apierrors.IsNotFound(err), "%v", err)

	// binding sets spec.nodeName
	_, err = pods.Create(ctx, newPod("bound"), metav1.CreateOptions{})
	require.NoError(t, err)
	require.NoError(t, pods.Bind(ctx, &corev1.Binding{
		ObjectMeta: metav1.ObjectMeta{Name: "bound"},
		Target:     corev1.ObjectReference{Kind: "Node", Name: "node-x"},
	}, metav1.CreateOptions{}))
	bound, err := pods.Get(ctx, "bound", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, "node-x", bound.Spec.NodeName)

	// UpdateStatus writes the status subresource
	bound.Status.Message = "hello"
	_, err = pods.UpdateStatus(ctx, bound, metav1.UpdateOptions{})
	require.NoError(t, err)
	reread, err := pods.Get(ctx, "bound", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, "hello", reread.Status.Message)

	// GetLogs builds the right request; there is no kubelet to answer it
	req := pods.GetLogs("bound", &corev1.PodLogOptions{Container: "c", TailLines: ptr.To[int64](5)})
	assert.Equal(t, "/api/v1/namespaces/"+ns+"/pods/bound/log", req.URL().Path)
	assert.Equal(t, "5", req.URL().Query().Get("tailLines"))

	// CreateToken on the service account
	tr, err := client.ServiceAccounts(ns).CreateToken(ctx, "default", &authenticationv1.TokenRequest{
		Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: ptr.To[int64](600)},
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	assert.NotEmpty(t, tr.Status.Token)
}

func TestIntegrationNodesNamespacesEvents(t *testing.T) {
	cluster := testcluster.Get(t)
	ctx := context.Background()
	client, err := corev1client.NewForConfig(adminConfig(cluster, nil))
	require.NoError(t, err)
	ns := testNamespace(t, client)

	// Nodes.PatchStatus
	nodeName := fmt.Sprintf("typed-node-%d", time.Now().UnixNano()%1e6)
	_, err = client.Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: nodeName}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = client.Nodes().Delete(context.Background(), nodeName, metav1.DeleteOptions{}) })
	node, err := client.Nodes().PatchStatus(ctx, nodeName, []byte(`{"status":{"phase":"Running"}}`))
	require.NoError(t, err)
	assert.Equal(t, corev1.NodeRunning, node.Status.Phase)

	// Namespaces.Finalize clears spec.finalizers
	nsObj, err := client.Namespaces().Get(ctx, ns, metav1.GetOptions{})
	require.NoError(t, err)
	nsObj.Spec.Finalizers = nil
	finalized, err := client.Namespaces().Finalize(ctx, nsObj, metav1.UpdateOptions{})
	require.NoError(t, err)
	assert.Empty(t, finalized.Spec.Finalizers)

	// Events: create in the event's namespace, then search by object
	cm, err := client.ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "subject"}}, metav1.CreateOptions{})
	require.NoError(t, err)
	cm.Kind, cm.APIVersion = "ConfigMap", "v1"
	ev := &corev1.Event{
		ObjectMeta: metav1.ObjectMeta{Name: "subject.1", Namespace: ns},
		InvolvedObject: corev1.ObjectReference{
			Kind: "ConfigMap", APIVersion: "v1", Name: "subject", Namespace: ns, UID: cm.UID,
		},
		Reason: "Tested", Message: "by the typed client", Type: corev1.EventTypeNormal,
	}
	created, err := client.Events("").CreateWithEventNamespaceWithContext(ctx, ev)
	require.NoError(t, err)
	assert.Equal(t, ns, created.Namespace)
	_, err = client.Events("elsewhere").CreateWithEventNamespaceWithContext(ctx, ev)
	require.ErrorContains(t, err, "namespace")

	found, err := client.Events(ns).SearchWithContext(ctx, runtime.NewScheme(), cm)
	require.NoError(t, err)
	require.Len(t, found.Items, 1)
	assert.Equal(t, "Tested", found.Items[0].Reason)

	patched, err := (&corev1client.EventSinkImpl{Interface: client.Events(ns)}).Patch(created, []byte(`{"message":"patched"}`))
	require.NoError(t, err)
	assert.Equal(t, "patched", patched.Message)
}
