package informers_test

import (
	"context"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/informers"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/cache"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

func clientset(t *testing.T) *kubernetes.Clientset {
	c := testcluster.Get(t)
	cs, err := kubernetes.NewForConfig(&rest.Config{
		Host: c.Host,
		TLSClientConfig: rest.TLSClientConfig{
			CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData,
		},
	})
	require.NoError(t, err)
	return cs
}

// namespace creates a namespace unique to the test and deletes it afterwards.
func namespace(t *testing.T, cs kubernetes.Interface) string {
	ctx := context.Background()
	ns, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "informers-"}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.CoreV1().Namespaces().Delete(context.Background(), ns.Name, metav1.DeleteOptions{}) })
	return ns.Name
}

func configMap(name, app string) *corev1.ConfigMap {
	return &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"app": app}},
		Data:       map[string]string{"v": "1"},
	}
}

type event struct {
	kind string // add, update, delete
	name string
}

// next waits for the next event on ch that concerns name.
func next(t *testing.T, ch <-chan event, name string) event {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case e := <-ch:
			if e.name == name {
				return e
			}
		case <-timeout:
			t.Fatalf("no event for %s within 30s", name)
			return event{}
		}
	}
}

func TestFactoryConfigMapsEndToEnd(t *testing.T) {
	cs := clientset(t)
	ns := namespace(t, cs)
	other := namespace(t, cs)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cms := cs.CoreV1().ConfigMaps(ns)
	for _, cm := range []*corev1.ConfigMap{configMap("web", "web"), configMap("db", "db")} {
		_, err := cms.Create(ctx, cm, metav1.CreateOptions{})
		require.NoError(t, err)
	}
	// Outside the factory's namespace: must never show up.
	_, err := cs.CoreV1().ConfigMaps(other).Create(ctx, configMap("web", "web"), metav1.CreateOptions{})
	require.NoError(t, err)

	transformed := make(chan struct{}, 100)
	factory := informers.NewSharedInformerFactoryWithOptions(cs, 0,
		informers.WithNamespace(ns),
		informers.WithTransform(func(obj interface{}) (interface{}, error) {
			if cm, ok := obj.(*corev1.ConfigMap); ok {
				cm.ManagedFields = nil
				select {
				case transformed <- struct{}{}:
				default:
				}
			}
			return obj, nil
		}))
	cmInformer := factory.Core().V1().ConfigMaps()
	events := make(chan event, 100)
	_, err = cmInformer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(obj interface{}) { events <- event{"add", obj.(*corev1.ConfigMap).Name} },
		UpdateFunc: func(_, obj interface{}) { events <- event{"update", obj.(*corev1.ConfigMap).Name} },
		DeleteFunc: func(obj interface{}) {
			if d, ok := obj.(cache.DeletedFinalStateUnknown); ok {
				obj = d.Obj
			}
			events <- event{"delete", obj.(*corev1.ConfigMap).Name}
		},
	})
	require.NoError(t, err)

	factory.Start(ctx.Done())
	synced := factory.WaitForCacheSync(ctx.Done())
	require.Equal(t, map[bool]int{true: 1}, countValues(synced), "one informer, synced")
	assert.NotZero(t, len(transformed), "the factory's transform ran on listed objects")

	lister := cmInformer.Lister()
	web, err := lister.ConfigMaps(ns).List(labels.SelectorFromSet(labels.Set{"app": "web"}))
	require.NoError(t, err)
	require.Len(t, web, 1)
	assert.Equal(t, "web", web[0].Name)
	assert.Nil(t, web[0].ManagedFields, "objects in the cache went through the transform")
	all, err := lister.List(labels.Everything())
	require.NoError(t, err)
	assert.Len(t, all, 2, "only the factory's namespace is cached")
	_, err = lister.ConfigMaps(ns).Get("missing")
	require.Error(t, err)

	initial := map[event]bool{}
	for range 2 {
		select {
		case e := <-events:
			initial[e] = true
		case <-time.After(30 * time.Second):
			t.Fatal("initial add events missing")
		}
	}
	assert.Equal(t, map[event]bool{{"add", "web"}: true, {"add", "db"}: true}, initial)

	got, err := cms.Get(ctx, "web", metav1.GetOptions{})
	require.NoError(t, err)
	got.Data["v"] = "2"
	_, err = cms.Update(ctx, got, metav1.UpdateOptions{})
	require.NoError(t, err)
	assert.Equal(t, "update", next(t, events, "web").kind)

	require.NoError(t, cms.Delete(ctx, "db", metav1.DeleteOptions{}))
	assert.Equal(t, "delete", next(t, events, "db").kind)

	_, err = cms.Create(ctx, configMap("cache", "cache"), metav1.CreateOptions{})
	require.NoError(t, err)
	assert.Equal(t, "add", next(t, events, "cache").kind)
	require.Eventually(t, func() bool {
		cm, err := lister.ConfigMaps(ns).Get("web")
		return err == nil && cm.Data["v"] == "2"
	}, 10*time.Second, 50*time.Millisecond, "the lister sees the update")

	generic, err := factory.ForResource(schema.GroupVersionResource{Version: "v1", Resource: "configmaps"})
	require.NoError(t, err)
	assert.Same(t, cmInformer.Informer(), generic.Informer(), "ForResource shares the typed informer")
	obj, err := generic.Lister().ByNamespace(ns).Get("cache")
	require.NoError(t, err)
	assert.Equal(t, "cache", obj.(*corev1.ConfigMap).Name)

	_, err = factory.ForResource(schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"})
	require.Error(t, err)

	cancel()
	done := make(chan struct{})
	go func() { factory.Shutdown(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Shutdown did not return after the informers were stopped")
	}
}

func TestFactoryTweakListOptionsAndTypedInformer(t *testing.T) {
	cs := clientset(t)
	ns := namespace(t, cs)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, cm := range []*corev1.ConfigMap{configMap("keep", "keep"), configMap("drop", "drop")} {
		_, err := cs.CoreV1().ConfigMaps(ns).Create(ctx, cm, metav1.CreateOptions{})
		require.NoError(t, err)
	}
	factory := informers.NewSharedInformerFactoryWithOptions(cs, time.Hour,
		informers.WithNamespace(ns),
		informers.WithTweakListOptions(func(o *metav1.ListOptions) { o.LabelSelector = "app=keep" }))
	typed := factory.Core().V1().ConfigMaps().TypedInformer()
	names := make(chan string, 10)
	_, err := typed.AddTypedEventHandler(cache.TypedResourceEventHandlerFuncs[*corev1.ConfigMap]{
		AddFunc: func(cm *corev1.ConfigMap) { names <- cm.Name },
	})
	require.NoError(t, err)
	factory.StartWithContext(ctx)
	res := factory.WaitForCacheSyncWithContext(ctx)
	require.NoError(t, res.Err)
	require.Len(t, res.Synced, 1)
	assert.Equal(t, "keep", <-names)
	keys := typed.GetStore().ListKeys()
	assert.Equal(t, []string{ns + "/keep"}, keys, "the tweak filtered the list")
	cancel()
	factory.Shutdown()

	// After Shutdown, Start starts nothing new.
	factory.Core().V1().Secrets().Informer()
	factory.Start(make(chan struct{}))
	synced := factory.WaitForCacheSync(make(chan struct{}))
	assert.NotContains(t, synced, reflect.TypeOf(&corev1.Secret{}), "Start after Shutdown starts nothing")
	assert.Contains(t, synced, reflect.TypeOf(&corev1.ConfigMap{}))
}

func countValues(m map[reflect.Type]bool) map[bool]int {
	out := map[bool]int{}
	for _, v := range m {
		out[v]++
	}
	return out
}
