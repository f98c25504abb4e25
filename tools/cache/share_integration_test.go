package cache

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kclient/kclient/features"
	"github.com/kclient/kclient/rest"
)

// appPod is replica i of one of a few application Pods: two containers
// with env vars, requests and limits, mounts, four volumes, labels and
// annotations, as a Deployment stamps them out.
func appPod(i int) *v1.Pod {
	app := fmt.Sprintf("shop-%d", i%3)
	rl := func(cpu, mem string) v1.ResourceList {
		return v1.ResourceList{v1.ResourceCPU: resource.MustParse(cpu), v1.ResourceMemory: resource.MustParse(mem)}
	}
	mounts := []v1.VolumeMount{{Name: "conf", MountPath: "/etc/app", ReadOnly: true}, {Name: "scratch", MountPath: "/tmp"}}
	return &v1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name:        fmt.Sprintf("%s-%04d", app, i),
			Labels:      map[string]string{"app": app, "tier": "web", "pod-template-hash": "7d9f" + app},
			Annotations: map[string]string{"team": "payments"},
		},
		Spec: v1.PodSpec{
			NodeName: fmt.Sprintf("node-%d", i%4),
			Containers: []v1.Container{{
				Name:         "main",
				Image:        "registry.example/" + app + ":2.1",
				Env:          []v1.EnvVar{{Name: "MODE", Value: "prod"}, {Name: "DB", Value: "db.svc:5432"}},
				Resources:    v1.ResourceRequirements{Requests: rl("200m", "128Mi"), Limits: rl("1", "256Mi")},
				VolumeMounts: mounts,
			}, {
				Name:         "sidecar",
				Image:        "registry.example/proxy:1.0",
				Resources:    v1.ResourceRequirements{Requests: rl("50m", "32Mi"), Limits: rl("100m", "64Mi")},
				VolumeMounts: mounts[:1],
			}},
			Volumes: []v1.Volume{
				{Name: "conf", VolumeSource: v1.VolumeSource{ConfigMap: &v1.ConfigMapVolumeSource{LocalObjectReference: v1.LocalObjectReference{Name: app + "-conf"}}}},
				{Name: "scratch", VolumeSource: v1.VolumeSource{EmptyDir: &v1.EmptyDirVolumeSource{}}},
			},
		},
	}
}

// addr is where a string's or slice's bytes live.
func addr[P *byte](p P) uintptr { return uintptr(unsafe.Pointer(p)) }

// TestIntegrationInformerCacheEqualsPlainDecode checks the promise of the
// informers' data sharing: every cached Pod, whether it came from the
// initial list (streamed or paginated) or from a later watch event, is equal
// (reflect.DeepEqual and apimachinery's semantic equality) to the same Pod
// fetched with a plain LIST, while equal parts of different Pods share
// memory; with KCLIENT_SHARE_CACHED_DATA=false nothing is shared.
func TestIntegrationInformerCacheEqualsPlainDecode(t *testing.T) {
	client := coreClient(t)
	ns := testNamespace(t, client)
	ctx := context.Background()
	const n = 24
	for i := range n {
		require.NoError(t, client.Post().Namespace(ns).Resource("pods").Param("fieldManager", "deployer").Body(appPod(i)).Do(ctx).Error())
	}

	tests := []struct {
		name      string
		streaming bool
		share     string
	}{
		{"streaming list", true, ""},
		{"paginated list", false, ""},
		{"sharing off", true, "false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setGate(t, features.WatchListClient, tt.streaming)
			t.Setenv(shareCachedDataEnv, tt.share)
			inf := NewSharedIndexInformer(NewListWatchFromClient(client, "pods", ns, fields.Everything()), &v1.Pod{}, 0, Indexers{})
			stop := make(chan struct{})
			done := make(chan struct{})
			go func() { defer close(done); inf.Run(stop) }()
			defer func() { close(stop); <-done }()
			require.True(t, WaitForCacheSync(ctx.Done(), inf.HasSynced))

			// Watch events: change a few Pods after the initial list.
			for i := 0; i < n; i += 5 {
				patch := fmt.Sprintf(`{"metadata":{"labels":{"rollout":"r%d"}}}`, i)
				require.NoError(t, client.Patch(types.MergePatchType).Namespace(ns).Resource("pods").Name(appPod(i).Name).
					Param("fieldManager", "rollout").Body([]byte(patch)).Do(ctx).Error())
			}
			want := listPods(t, client, ns)
			eventually(t, func() bool {
				for _, p := range want.Items {
					got, ok, _ := inf.GetStore().GetByKey(ns + "/" + p.Name)
					if !ok || got.(*v1.Pod).ResourceVersion != p.ResourceVersion {
						return false
					}
				}
				return true
			}, "informer catches up with the patches")

			cached := map[string]*v1.Pod{}
			for i := range want.Items {
				p := &want.Items[i]
				obj, ok, err := inf.GetStore().GetByKey(ns + "/" + p.Name)
				require.NoError(t, err)
				require.True(t, ok)
				got := obj.(*v1.Pod)
				require.True(t, reflect.DeepEqual(p, got), "cached %s differs from a plain decode", p.Name)
				require.True(t, apiequality.Semantic.DeepEqual(p, got), "cached %s differs semantically", p.Name)
				cached[p.Name] = got
			}

			// Two replicas of the same app, one of them patched.
			a, b := cached[appPod(0).Name], cached[appPod(3).Name]
			shared := addr(unsafe.SliceData(a.ManagedFields[0].FieldsV1.Raw)) == addr(unsafe.SliceData(b.ManagedFields[0].FieldsV1.Raw)) &&
				addr(unsafe.StringData(a.Spec.Containers[0].Image)) == addr(unsafe.StringData(b.Spec.Containers[0].Image)) &&
				reflect.ValueOf(a.Spec.Containers[1].Resources.Limits).Pointer() == reflect.ValueOf(b.Spec.Containers[1].Resources.Limits).Pointer()
			assert.Equal(t, tt.share != "false", shared, "repeated data shared")
			assert.NotEqual(t, reflect.ValueOf(a.Labels).Pointer(), reflect.ValueOf(b.Labels).Pointer(), "label maps are never shared")
		})
	}
}

func listPods(t *testing.T, client *rest.RESTClient, ns string) *v1.PodList {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	list := &v1.PodList{}
	require.NoError(t, client.Get().Namespace(ns).Resource("pods").Do(ctx).Into(list))
	require.NotEmpty(t, list.Items)
	return list
}
