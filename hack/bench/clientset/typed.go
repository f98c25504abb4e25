package main

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/hack/bench/internal/benchenv"
)

// protobuf is the content type both libraries' typed clients speak by
// default; check refuses a client that answers in anything else.
const protobuf = "application/vnd.kubernetes.protobuf"

// typedOptions are the settings of the typed GET/LIST benchmark.
type typedOptions struct {
	gets, lists, configMaps, workers, rounds int
	verbose                                  bool
}

// configMaps is the part of one library's typed core/v1 ConfigMap client the
// benchmark calls.
type configMaps struct {
	get  func(ctx context.Context, ns, name string) (*corev1.ConfigMap, error)
	list func(ctx context.Context, ns string) (*corev1.ConfigMapList, error)
}

// typedLibrary builds a library's typed client from access; wrap, when not
// nil, wraps its transport (used only by the wire-format probe, never by a
// measured client).
type typedLibrary struct {
	name string
	new  func(access benchenv.Access, wrap func(http.RoundTripper) http.RoundTripper) (configMaps, error)
}

// measureTyped creates a namespace of opts.configMaps ConfigMaps, checks
// that each library's default typed client reads them in protobuf, and
// measures rounds of GETs of one ConfigMap and LISTs of the namespace.
func measureTyped(ctx context.Context, access benchenv.Access, opts typedOptions) error {
	if opts.configMaps <= 0 {
		return fmt.Errorf("-configmaps must be positive, got %d", opts.configMaps)
	}
	libraries := []typedLibrary{{clientGo, newClientGo}, {kclient, newKclient}}

	fixture, err := benchenv.NewFixture(ctx, access, "bench-clientset-")
	if err != nil {
		return err
	}
	defer func() {
		if err := fixture.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "clientset: cleanup:", err)
		}
	}()
	var want *corev1.ConfigMap
	for i := range opts.configMaps {
		cm, err := fixture.CreateConfigMap(ctx, benchConfigMap(fmt.Sprintf("bench-%03d", i)))
		if err != nil {
			return err
		}
		if i == 0 {
			want = cm
		}
	}

	clients := map[string]configMaps{}
	for _, lib := range libraries {
		if err := checkWireFormat(ctx, lib, access, want, opts.configMaps); err != nil {
			return err
		}
		c, err := lib.new(access, nil)
		if err != nil {
			return fmt.Errorf("build %s typed client: %w", lib.name, err)
		}
		clients[lib.name] = c
	}

	fmt.Printf("typed: ConfigMaps(ns).Get of one ConfigMap (%d per run) and ConfigMaps(ns).List of %d (%d per run), default wire format (%s),\n"+
		"%d goroutines, no client rate limit, %d rounds (median shown)\n",
		opts.gets, opts.configMaps, opts.lists, protobuf, opts.workers, opts.rounds)

	type call struct {
		name     string
		requests int
		op       func(c configMaps) func(ctx context.Context) error
	}
	calls := []call{
		{"get", opts.gets, func(c configMaps) func(ctx context.Context) error {
			return func(ctx context.Context) error {
				_, err := c.get(ctx, fixture.Namespace, want.Name)
				return err
			}
		}},
		{"list", opts.lists, func(c configMaps) func(ctx context.Context) error {
			return func(ctx context.Context) error {
				_, err := c.list(ctx, fixture.Namespace)
				return err
			}
		}},
	}

	table := benchenv.NewTable(clientGo, kclient)
	for round := range opts.rounds {
		order := slices.Clone(libraries)
		if round%2 == 1 {
			slices.Reverse(order)
		}
		for _, c := range calls {
			for _, lib := range order {
				op := c.op(clients[lib.name])
				// A tenth of the measured count, unmeasured, warms the
				// connection and the library's caches.
				warm := benchenv.Load{Requests: max(1, c.requests/10), Workers: opts.workers}
				if _, err := benchenv.Run(ctx, warm, op); err != nil {
					return fmt.Errorf("round %d, %s, %s warm-up: %w", round+1, c.name, lib.name, err)
				}
				s, err := benchenv.Run(ctx, benchenv.Load{Requests: c.requests, Workers: opts.workers}, op)
				if err != nil {
					return fmt.Errorf("round %d, %s, %s: %w", round+1, c.name, lib.name, err)
				}
				table.AddSample(c.name, lib.name, s)
				if opts.verbose {
					fmt.Printf("round %d %-4s %-9s %6.0f req/s %7.1f allocs/req %8.0f B/req %7.1f CPU µs/req\n",
						round+1, c.name, lib.name, s.Throughput(), s.AllocsPerOp(), s.BytesPerOp(),
						float64(s.CPUPerOp().Nanoseconds())/1e3)
				}
			}
		}
	}
	if err := table.Print(os.Stdout); err != nil {
		return err
	}
	// The target: fewer allocations per protobuf GET than client-go.
	if r, ok := table.Ratio("get", benchenv.MetricAllocsPerOp.Name); ok {
		met := "not met"
		if r < 1 {
			met = "met"
		}
		fmt.Printf("target: fewer allocations per typed GET than client-go: ratio %.2f, %s\n", r, met)
	}
	fmt.Println()
	return nil
}

// checkWireFormat builds a probe client of lib whose transport records the
// responses' Content-Type, and checks with one GET and one LIST that the
// library decodes the fixture and, left to its defaults, reads protobuf.
// The probe is not reused: measured clients have no wrapper.
func checkWireFormat(ctx context.Context, lib typedLibrary, access benchenv.Access, want *corev1.ConfigMap, items int) error {
	var (
		mu    sync.Mutex
		types []string
	)
	record := func(rt http.RoundTripper) http.RoundTripper {
		return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
			resp, err := rt.RoundTrip(req)
			if err == nil {
				mu.Lock()
				types = append(types, resp.Header.Get("Content-Type"))
				mu.Unlock()
			}
			return resp, err
		})
	}
	c, err := lib.new(access, record)
	if err != nil {
		return fmt.Errorf("build %s probe client: %w", lib.name, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	got, err := c.get(ctx, want.Namespace, want.Name)
	if err != nil {
		return fmt.Errorf("%s: first GET of configmap %s/%s: %w", lib.name, want.Namespace, want.Name, err)
	}
	if got.UID != want.UID || got.ResourceVersion != want.ResourceVersion || !maps.Equal(got.Data, want.Data) {
		return fmt.Errorf("%s: first GET of configmap %s/%s returned uid %q rv %q with %d data keys, want uid %q rv %q with %d",
			lib.name, want.Namespace, want.Name, got.UID, got.ResourceVersion, len(got.Data), want.UID, want.ResourceVersion, len(want.Data))
	}
	list, err := c.list(ctx, want.Namespace)
	if err != nil {
		return fmt.Errorf("%s: first LIST of configmaps in %s: %w", lib.name, want.Namespace, err)
	}
	// The namespace also holds kube-root-ca.crt when a controller manager
	// runs.
	if n := len(list.Items); n < items || n > items+1 {
		return fmt.Errorf("%s: first LIST of configmaps in %s returned %d items, want %d", lib.name, want.Namespace, n, items)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, t := range types {
		if !strings.HasPrefix(t, protobuf) {
			return fmt.Errorf("%s: the default typed client got a %q response, want %s", lib.name, t, protobuf)
		}
	}
	if len(types) != 2 {
		return fmt.Errorf("%s: the probe saw %d responses, want 2", lib.name, len(types))
	}
	return nil
}

// roundTripperFunc adapts a function to http.RoundTripper.
type roundTripperFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f.
func (f roundTripperFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// benchConfigMap is one object of the fixture: a few labels and eight
// 64-byte values, as in restget, about 1 KiB in JSON with its managed
// fields.
func benchConfigMap(name string) *corev1.ConfigMap {
	data := map[string]string{}
	for i := range 8 {
		data[fmt.Sprintf("key-%d", i)] = strings.Repeat(string(rune('a'+i)), 64)
	}
	return &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{
			Name:   name,
			Labels: map[string]string{"app.kubernetes.io/name": "clientset", "app.kubernetes.io/part-of": "kclient-bench"},
		},
		Data: data,
	}
}
