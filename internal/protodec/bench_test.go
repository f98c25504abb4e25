package protodec

import (
	"runtime"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/kclient/kclient/internal/objshare"
)

// BenchmarkDecode decodes 10,000 realistic Pods (see podBodies) per
// iteration three ways: the generated Unmarshal alone, the generated
// Unmarshal followed by objshare's sharing pass (what informers do today),
// and a Decoder. It reports the time per Pod and the heap the 10,000 Pods
// hold after a garbage collection.
func BenchmarkDecode(b *testing.B) {
	bodies := podBodies(b, 10000)
	cases := []struct {
		name   string
		decode func() func(body []byte, pod *corev1.Pod) error
	}{
		{"gogo", func() func([]byte, *corev1.Pod) error {
			return func(body []byte, pod *corev1.Pod) error { return pod.Unmarshal(body) }
		}},
		{"gogo+objshare", func() func([]byte, *corev1.Pod) error {
			t := objshare.NewTable()
			return func(body []byte, pod *corev1.Pod) error {
				if err := pod.Unmarshal(body); err != nil {
					return err
				}
				t.Compact(pod)
				return nil
			}
		}},
		{"protodec", func() func([]byte, *corev1.Pod) error {
			d := NewDecoder(nil)
			return func(body []byte, pod *corev1.Pod) error { return d.Decode(body, pod) }
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var pods []*corev1.Pod
			var heap uint64
			for b.Loop() {
				b.StopTimer()
				pods = nil
				runtime.GC()
				var before runtime.MemStats
				runtime.ReadMemStats(&before)
				b.StartTimer()
				decode := c.decode()
				pods = make([]*corev1.Pod, len(bodies))
				for i, body := range bodies {
					pod := &corev1.Pod{}
					if err := decode(body, pod); err != nil {
						b.Fatal(err)
					}
					pods[i] = pod
				}
				b.StopTimer()
				runtime.GC()
				var after runtime.MemStats
				runtime.ReadMemStats(&after)
				heap = after.HeapAlloc - before.HeapAlloc
				b.StartTimer()
			}
			runtime.KeepAlive(pods)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(bodies)), "ns/pod")
			b.ReportMetric(float64(heap)/float64(len(bodies)), "heapB/pod")
		})
	}
}
