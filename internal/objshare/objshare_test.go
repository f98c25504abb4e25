package objshare

import (
	"fmt"
	"os"
	"reflect"
	"runtime"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
	"k8s.io/apimachinery/pkg/types"

	kruntime "k8s.io/apimachinery/pkg/runtime"
)

// testdata/pod.pb is a Pod as a v1.37.2 API server returned it in protobuf
// (GET with Accept: application/vnd.kubernetes.protobuf) after it was
// created with the same spec as hack/bench/informersync's Pods and field
// manager "informersync-setup": two containers, env, requests and limits,
// probes, four volumes, six labels, one managedFields entry.

func podSerializer(t testing.TB) *protobuf.Serializer {
	t.Helper()
	scheme := kruntime.NewScheme()
	require.NoError(t, corev1.AddToScheme(scheme))
	return protobuf.NewSerializer(scheme, scheme)
}

// encodedPods returns n protobuf-encoded variants of the fixture: every Pod
// has its own name, UID and resourceVersion; every 100 share an app (labels,
// image, ConfigMap and Secret names), like the replicas of a Deployment.
func encodedPods(t testing.TB, n int) [][]byte {
	t.Helper()
	raw, err := os.ReadFile("testdata/pod.pb")
	require.NoError(t, err)
	s := podSerializer(t)
	obj, _, err := s.Decode(raw, nil, nil)
	require.NoError(t, err)
	template := obj.(*corev1.Pod)
	out := make([][]byte, n)
	for i := range n {
		p := template.DeepCopy()
		app := fmt.Sprintf("app-%03d", i/100)
		p.Name = fmt.Sprintf("web-%06d", i)
		p.UID = types.UID(fmt.Sprintf("0f9c%04x-1b2d-4c3e-8f4a-%012x", i%65536, i))
		p.ResourceVersion = fmt.Sprint(100000 + i)
		p.Labels["app.kubernetes.io/name"] = app
		p.Labels["app.kubernetes.io/instance"] = app + "-prod"
		p.Labels["pod-template-hash"] = fmt.Sprintf("%08x", 0x5f3a1c00+i/100)
		p.Spec.Containers[0].Image = "registry.example.com/shop/" + app + ":1.24.3"
		p.Spec.NodeName = fmt.Sprintf("node-%03d", i%200)
		p.Spec.Volumes[0].ConfigMap.Name = app + "-config"
		p.Spec.Volumes[1].Secret.SecretName = app + "-tls"
		var buf []byte
		buf, err = kruntime.Encode(s, p)
		require.NoError(t, err)
		out[i] = buf
	}
	return out
}

func decodePods(t testing.TB, encoded [][]byte) []*corev1.Pod {
	t.Helper()
	s := podSerializer(t)
	pods := make([]*corev1.Pod, len(encoded))
	for i, b := range encoded {
		obj, _, err := s.Decode(b, nil, nil)
		require.NoError(t, err)
		pods[i] = obj.(*corev1.Pod)
	}
	return pods
}

func TestCompactKeepsPodsEqual(t *testing.T) {
	encoded := encodedPods(t, 300)
	plain := decodePods(t, encoded)
	compacted := decodePods(t, encoded)
	table := NewTable()
	for _, p := range compacted {
		table.Compact(p)
	}
	for i := range plain {
		require.True(t, reflect.DeepEqual(plain[i], compacted[i]), "pod %d differs after Compact", i)
		require.True(t, apiequality.Semantic.DeepEqual(plain[i], compacted[i]), "pod %d differs semantically after Compact", i)
	}

	// What is shared: strings, the managed-fields bytes (capacity trimmed).
	a, b := compacted[0], compacted[250]
	addr := func(p *byte) uintptr { return uintptr(unsafe.Pointer(p)) }
	mapAddr := func(m any) uintptr { return uintptr(reflect.ValueOf(m).UnsafePointer()) }
	assert.Equal(t, addr(unsafe.StringData(a.Namespace)), addr(unsafe.StringData(b.Namespace)), "namespace shared")
	assert.Equal(t, addr(unsafe.StringData(a.Spec.Containers[1].Image)), addr(unsafe.StringData(b.Spec.Containers[1].Image)), "image shared")
	assert.Equal(t, addr(unsafe.StringData(a.Spec.Containers[0].Env[1].Value)), addr(unsafe.StringData(b.Spec.Containers[0].Env[1].Value)), "env value shared")
	fa, fb := a.ManagedFields[0].FieldsV1.Raw, b.ManagedFields[0].FieldsV1.Raw
	assert.Equal(t, addr(unsafe.SliceData(fa)), addr(unsafe.SliceData(fb)), "fieldsV1 shared")
	assert.Equal(t, len(fa), cap(fa), "shared bytes have no spare capacity")
	for k, v := range b.Labels {
		if k == "app.kubernetes.io/component" {
			assert.Equal(t, addr(unsafe.StringData(a.Labels[k])), addr(unsafe.StringData(v)), "label value shared")
		}
	}
	assert.Equal(t, mapAddr(a.Spec.Containers[0].Resources.Limits), mapAddr(b.Spec.Containers[0].Resources.Limits), "equal resource lists shared")
	assert.NotEqual(t, mapAddr(a.Spec.Containers[0].Resources.Limits), mapAddr(b.Spec.Containers[1].Resources.Limits), "different resource lists kept apart")
	// What is not: different strings stay apart, string maps stay per object.
	assert.NotEqual(t, addr(unsafe.StringData(a.Spec.Containers[0].Image)), addr(unsafe.StringData(b.Spec.Containers[0].Image)))
	assert.NotEqual(t, mapAddr(a.Labels), mapAddr(b.Labels), "label maps are not shared")

	// An append to shared bytes reallocates rather than writing into the
	// array other objects read.
	grown := append(fa, '!')
	assert.NotEqual(t, addr(unsafe.SliceData(grown)), addr(unsafe.SliceData(fb)))
	assert.Equal(t, plain[250].ManagedFields[0].FieldsV1.Raw, fb)
}

func TestCompactDoesNotSpreadWrittenSharedData(t *testing.T) {
	pods := decodePods(t, encodedPods(t, 3))
	table := NewTable()
	table.Compact(pods[0])
	// A program breaking the read-only rule writes into pod 0's shared data
	// (which pods compacted earlier would see too).
	pods[0].Spec.Containers[0].Resources.Limits[corev1.ResourceCPU] = resource.MustParse("7")
	pods[0].ManagedFields[0].FieldsV1.Raw[0] = ' '
	want := pods[1].DeepCopy()
	table.Compact(pods[1])
	assert.True(t, reflect.DeepEqual(want, pods[1]), "pods compacted later keep their own values")
	assert.Equal(t, resource.MustParse("1"), pods[1].Spec.Containers[0].Resources.Limits[corev1.ResourceCPU])
}

func TestCompactIsIdempotent(t *testing.T) {
	pods := decodePods(t, encodedPods(t, 3))
	table := NewTable()
	for _, p := range pods {
		table.Compact(p)
	}
	before := pods[2].DeepCopy()
	img := uintptr(unsafe.Pointer(unsafe.StringData(pods[2].Spec.Containers[1].Image)))
	table.Compact(pods[2])
	assert.Equal(t, before, pods[2])
	assert.Equal(t, img, uintptr(unsafe.Pointer(unsafe.StringData(pods[2].Spec.Containers[1].Image))))
}

// node is a recursive type, like the JSON schema types of CRDs.
type node struct {
	Name     string
	Children []node
	Next     *node
	Tags     map[string]string
	Any      any
	hidden   string
}

func TestCompactHandlesOddInput(t *testing.T) {
	table := NewTable()
	tests := []struct {
		name string
		obj  any
	}{
		{"nil", nil},
		{"typed nil pointer", (*corev1.Pod)(nil)},
		{"struct value", corev1.Pod{}},
		{"map", map[string]string{"a": "b"}},
		{"empty pod", &corev1.Pod{}},
		{"recursive type", &node{Name: "a", Children: []node{{Name: "b", Next: &node{Name: "c"}}}, Tags: map[string]string{"k": "v"}, Any: "x", hidden: "h"}},
		{"list", &corev1.PodList{Items: []corev1.Pod{{ObjectMeta: metav1.ObjectMeta{Name: "x"}}}}},
		{"partial metadata", &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Labels: map[string]string{"a": "b"}}}},
	}
	cyclic := &node{Name: "loop"}
	cyclic.Next = cyclic
	tests = append(tests, struct {
		name string
		obj  any
	}{"cyclic pointers", cyclic})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want any
			if tt.obj != nil {
				want = deepCopyAny(tt.obj)
			}
			require.NotPanics(t, func() { table.Compact(tt.obj) })
			if tt.obj != nil {
				assert.True(t, reflect.DeepEqual(want, tt.obj))
			}
		})
	}
}

func deepCopyAny(v any) any {
	switch v := v.(type) {
	case kruntime.Object:
		if reflect.ValueOf(v).IsNil() {
			return v
		}
		return v.DeepCopyObject()
	case *node:
		c := *v
		return &c
	default:
		return v
	}
}

func TestCompactForgetsWhenFull(t *testing.T) {
	table := NewTable()
	for i := range maxStrings + 10 {
		p := &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Namespace: fmt.Sprintf("ns-%d", i)}}
		table.Compact(p)
		require.Equal(t, fmt.Sprintf("ns-%d", i), p.Namespace)
	}
	assert.LessOrEqual(t, len(table.strs), maxStrings)
}

// BenchmarkDecode decodes 10,000 realistic Pods, with and without
// compaction, and reports the heap they hold.
func BenchmarkDecode(b *testing.B) {
	encoded := encodedPods(b, 10000)
	for _, compact := range []bool{false, true} {
		b.Run(fmt.Sprintf("compact=%v", compact), func(b *testing.B) {
			var pods []*corev1.Pod
			var heap uint64
			for b.Loop() {
				pods = nil
				runtime.GC()
				var before runtime.MemStats
				runtime.ReadMemStats(&before)
				table := NewTable()
				s := podSerializer(b)
				pods = make([]*corev1.Pod, len(encoded))
				for i, e := range encoded {
					obj, _, err := s.Decode(e, nil, nil)
					if err != nil {
						b.Fatal(err)
					}
					if compact {
						table.Compact(obj)
					}
					pods[i] = obj.(*corev1.Pod)
				}
				b.StopTimer()
				runtime.GC()
				var after runtime.MemStats
				runtime.ReadMemStats(&after)
				heap = after.HeapAlloc - before.HeapAlloc
				b.StartTimer()
			}
			runtime.KeepAlive(pods)
			b.ReportMetric(float64(heap)/float64(len(encoded)), "heapB/pod")
		})
	}
}

// BenchmarkCompact measures Compact alone on decoded Pods, each pass with a
// fresh table, so every Pod is looked up and most of them shared.
func BenchmarkCompact(b *testing.B) {
	pods := decodePods(b, encodedPods(b, 1000))
	b.ResetTimer()
	for b.Loop() {
		table := NewTable()
		for _, p := range pods {
			table.Compact(p)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pods)), "ns/pod")
}
