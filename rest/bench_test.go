package rest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// BenchmarkGetConfigMapJSON measures one GET of a ConfigMap decoded from
// JSON, including the HTTP round trip to a local server.
func BenchmarkGetConfigMapJSON(b *testing.B) {
	body := []byte(configMapJSON)
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	defer s.Close()
	c, err := RESTClientFor(testConfig(s.URL))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		var cm corev1.ConfigMap
		if err := c.Get().Namespace("ns").Resource("configmaps").Name("cm").Do(ctx).Into(&cm); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetConfigMapJSONParallel is BenchmarkGetConfigMapJSON from
// GOMAXPROCS goroutines sharing one client.
func BenchmarkGetConfigMapJSONParallel(b *testing.B) {
	body := []byte(configMapJSON)
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	defer s.Close()
	c, err := RESTClientFor(testConfig(s.URL))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			var cm corev1.ConfigMap
			if err := c.Get().Namespace("ns").Resource("configmaps").Name("cm").Do(ctx).Into(&cm); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
