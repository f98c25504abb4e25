package protodec

import (
	"fmt"
	"math/rand"
	"os"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/randfill"

	"github.com/kclient/kclient/kubernetes/scheme"
)

type marshaler interface{ Marshal() ([]byte, error) }

// podBodies returns n protobuf Pods (the bare message, no envelope) made
// from internal/objshare's fixture, a Pod as a v1.37.2 API server returned
// it, varied like the replicas of 100 Deployments (as objshare's tests and
// hack/bench's informersync do).
func podBodies(t testing.TB, n int) [][]byte {
	t.Helper()
	raw, err := os.ReadFile("../objshare/testdata/pod.pb")
	require.NoError(t, err)
	s := kruntime.NewScheme()
	require.NoError(t, corev1.AddToScheme(s))
	obj, _, err := protobuf.NewSerializer(s, s).Decode(raw, nil, nil)
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
		out[i], err = p.Marshal()
		require.NoError(t, err)
	}
	return out
}

func TestDecodePodsEqualsGeneratedUnmarshal(t *testing.T) {
	require.True(t, Supported(reflect.TypeFor[corev1.Pod]()))
	d := NewDecoder(nil)
	var pods []*corev1.Pod
	for _, b := range podBodies(t, 300) {
		want, got := &corev1.Pod{}, &corev1.Pod{}
		require.NoError(t, want.Unmarshal(b))
		require.NoError(t, d.Decode(b, got))
		require.True(t, reflect.DeepEqual(want, got), "pod %s differs", want.Name)
		pods = append(pods, got)
	}
	// Replicas share their managed fields and resource lists.
	a, b := pods[0], pods[1]
	assert.Equal(t, uintptr(unsafe.Pointer(unsafe.SliceData(a.ManagedFields[0].FieldsV1.Raw))), uintptr(unsafe.Pointer(unsafe.SliceData(b.ManagedFields[0].FieldsV1.Raw))))
	assert.Equal(t, len(a.ManagedFields[0].FieldsV1.Raw), cap(a.ManagedFields[0].FieldsV1.Raw))
	assert.Equal(t, reflect.ValueOf(a.Spec.Containers[0].Resources.Requests).UnsafePointer(),
		reflect.ValueOf(b.Spec.Containers[0].Resources.Requests).UnsafePointer())
	assert.Equal(t, uintptr(unsafe.Pointer(unsafe.StringData(a.Namespace))), uintptr(unsafe.Pointer(unsafe.StringData(b.Namespace))))
	assert.NotEqual(t, uintptr(unsafe.Pointer(unsafe.StringData(a.Name))), uintptr(unsafe.Pointer(unsafe.StringData(pods[100].Name))))
	// Slices are sized exactly.
	assert.Equal(t, len(a.Spec.Containers), cap(a.Spec.Containers))
	assert.Equal(t, len(a.Spec.Volumes), cap(a.Spec.Volumes))
}

func TestDecodeDoesNotSpreadWrittenSharedData(t *testing.T) {
	bodies := podBodies(t, 3)
	d := NewDecoder(nil)
	first := &corev1.Pod{}
	require.NoError(t, d.Decode(bodies[0], first))
	first.Spec.Containers[0].Resources.Requests[corev1.ResourceCPU] = resource.MustParse("99")
	first.ManagedFields[0].FieldsV1.Raw[0] = 'X'
	for _, b := range bodies[1:] {
		want, got := &corev1.Pod{}, &corev1.Pod{}
		require.NoError(t, want.Unmarshal(b))
		require.NoError(t, d.Decode(b, got))
		require.True(t, reflect.DeepEqual(want, got))
	}
}

// fillFuncs fill the types whose random values would not survive a
// protobuf round trip, or that hold interfaces, with values that do.
var fillFuncs = []any{
	func(q *resource.Quantity, c randfill.Continue) {
		*q = *resource.NewMilliQuantity(c.Int63n(1<<40), []resource.Format{resource.DecimalSI, resource.BinarySI, resource.DecimalExponent}[c.Intn(3)])
	},
	func(tm *metav1.Time, c randfill.Continue) {
		*tm = metav1.Unix(c.Int63n(1<<33), c.Int63n(1e9))
	},
	func(tm *metav1.MicroTime, c randfill.Continue) {
		*tm = metav1.NewMicroTime(time.Unix(c.Int63n(1<<33), c.Int63n(1e6)*1000))
	},
	func(r *kruntime.RawExtension, c randfill.Continue) {
		r.Raw = []byte(fmt.Sprintf(`{"n":%d}`, c.Int63()))
	},
	func(x *intstr.IntOrString, c randfill.Continue) {
		if c.Bool() {
			*x = intstr.FromInt32(c.Int31())
		} else {
			*x = intstr.FromString(c.String(10))
		}
	},
	func(r *metav1.FieldsV1, c randfill.Continue) {
		r.Raw = []byte(fmt.Sprintf(`{"f:metadata":{"f:n%d":{}}}`, c.Intn(4)))
	},
}

// TestDecodeEveryKindEqualsGeneratedUnmarshal fills every type registered
// in kclient's scheme at random, marshals it with its generated code, and
// checks that Decode gives what the generated Unmarshal gives.
func TestDecodeEveryKindEqualsGeneratedUnmarshal(t *testing.T) {
	rounds := 20
	if testing.Short() {
		rounds = 3
	}
	f := randfill.NewWithSeed(1).NilChance(0.2).NumElements(0, 3).MaxDepth(12).Funcs(fillFuncs...)
	d := NewDecoder(nil)
	types, fast := 0, 0
	var opaque []string
	for gvk, typ := range scheme.Scheme.AllKnownTypes() {
		if _, ok := reflect.New(typ).Interface().(marshaler); !ok {
			continue
		}
		types++
		if Supported(typ) {
			fast++
		} else {
			opaque = append(opaque, gvk.String())
		}
		for range rounds {
			obj := reflect.New(typ).Interface()
			f.Fill(obj)
			b, err := obj.(marshaler).Marshal()
			require.NoError(t, err, gvk)
			want, got := reflect.New(typ).Interface(), reflect.New(typ).Interface()
			require.NoError(t, want.(unmarshaler).Unmarshal(b), gvk)
			require.NoError(t, d.Decode(b, got), gvk)
			if !reflect.DeepEqual(want, got) {
				require.Equal(t, want, got, "%v decoded differently", gvk)
				require.Fail(t, "not DeepEqual", "%v: %#v\n%#v", gvk, want, got)
			}
			// Every truncation errs or decodes as the generated code does.
			for _, cut := range []int{len(b) / 3, len(b) / 2, len(b) - 1} {
				if cut <= 0 {
					continue
				}
				checkSame(t, typ, b[:cut])
			}
		}
	}
	t.Logf("%d types, %d on the fast path; own Unmarshal: %v", types, fast, opaque)
	assert.Greater(t, fast, types*9/10)
}

// checkSame checks that Decode and the generated Unmarshal agree on b: both
// fail, or both give equal objects.
func checkSame(t *testing.T, typ reflect.Type, b []byte) {
	t.Helper()
	want, got := reflect.New(typ).Interface(), reflect.New(typ).Interface()
	werr := want.(unmarshaler).Unmarshal(b)
	gerr := NewDecoder(nil).Decode(b, got)
	if werr != nil {
		require.Error(t, gerr, "%v accepted what the generated code rejects: %q", typ, b)
		return
	}
	require.NoError(t, gerr, typ)
	require.True(t, reflect.DeepEqual(want, got), "%v decoded %q differently", typ, b)
}

func TestDecodeRejectsOddTargets(t *testing.T) {
	d := NewDecoder(nil)
	assert.Error(t, d.Decode([]byte{}, nil))
	assert.Error(t, d.Decode([]byte{}, corev1.Pod{}))
	var p *corev1.Pod
	assert.Error(t, d.Decode([]byte{}, p))
	assert.NoError(t, d.Decode([]byte{}, &corev1.Pod{}))
}

func FuzzDecode(f *testing.F) {
	for _, b := range podBodies(f, 2) {
		f.Add(b)
	}
	f.Add([]byte{0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Add([]byte{0x12, 0x02, 0x3a, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		checkSame(t, reflect.TypeFor[corev1.Pod](), b)
		checkSame(t, reflect.TypeFor[corev1.Node](), b)
	})
}

// TestDecodeGarbage runs random mutations of a Pod, the fuzz test's job in
// a plain test run.
func TestDecodeGarbage(t *testing.T) {
	body := podBodies(t, 1)[0]
	r := rand.New(rand.NewSource(1))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for range n {
		b := append([]byte(nil), body...)
		for range 1 + r.Intn(4) {
			b[r.Intn(len(b))] = byte(r.Intn(256))
		}
		if r.Intn(3) == 0 {
			b = b[:r.Intn(len(b))]
		}
		checkSame(t, reflect.TypeFor[corev1.Pod](), b)
	}
}

func TestSessionTakesWhatItDecoded(t *testing.T) {
	s := NewSession(nil)
	body := podBodies(t, 1)[0]
	decoded, other := &corev1.Pod{}, &corev1.Pod{}
	require.NoError(t, s.Decode(body, decoded))
	require.NoError(t, other.Unmarshal(body))
	assert.False(t, s.Taken(other), "not decoded by the session")
	assert.False(t, s.Taken(nil))
	assert.True(t, s.Taken(decoded))
	assert.False(t, s.Taken(decoded), "taken once")
	require.Error(t, s.Decode(body[:len(body)/2], &corev1.Pod{}))
	assert.Same(t, s, SessionFrom(WithSession(t.Context(), s)))
	assert.Nil(t, SessionFrom(t.Context()))
}
