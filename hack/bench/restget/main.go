// Command restget measures RESTClient GET throughput and heap allocations per
// request, kclient against client-go v0.37.2, side by side in one process.
//
// Against the cluster named by KUBECONFIG (or a local cluster it starts), it
// creates a namespace holding one ConfigMap, builds a RESTClient of each
// library from the same Access (same TLS, same credentials, rate limiter off
// with QPS -1, the same negotiated serializer), and for each content type
// (JSON, protobuf) and each round runs a warm-up and then a closed-loop load
// of GETs of that ConfigMap:
//
//	client.Get().Namespace(ns).Resource("configmaps").Name(name).Do(ctx).Into(&cm)
//
// Libraries alternate which goes first from round to round. It prints, per
// content type and metric, the median over rounds for each library and the
// ratio kclient/client-go.
//
// Usage:
//
//	cd hack/bench && go run ./restget [-requests 2000] [-workers 8] [-rounds 9] [-aa] [-v]
package main

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/hack/bench/internal/benchenv"
)

// Content types the benchmark can request, by the short name used in flags
// and in the result table.
var contentTypes = map[string]string{
	"json":     "application/json",
	"protobuf": "application/vnd.kubernetes.protobuf",
}

// getConfigMap fetches the ConfigMap name in namespace ns into cm with one
// library's RESTClient.
type getConfigMap func(ctx context.Context, ns, name string, cm *corev1.ConfigMap) error

// library builds a getConfigMap for the given access and content type.
type library struct {
	name string
	new  func(access benchenv.Access, contentType string) (getConfigMap, error)
}

// options are the command-line settings.
type options struct {
	requests, workers, warmup, rounds int
	formats                           []string
	verbose, aa                       bool
}

func main() {
	var opts options
	var formats string
	flag.IntVar(&opts.requests, "requests", 2000, "measured GETs per library, content type and round")
	flag.IntVar(&opts.workers, "workers", 8, "goroutines issuing GETs concurrently")
	flag.IntVar(&opts.warmup, "warmup", 200, "unmeasured GETs before each measured run")
	flag.IntVar(&opts.rounds, "rounds", 9, "measured rounds; libraries alternate order between rounds")
	flag.StringVar(&formats, "formats", "json,protobuf", "comma-separated content types to measure: json, protobuf")
	flag.BoolVar(&opts.verbose, "v", false, "print every round's figures as they are measured")
	flag.BoolVar(&opts.aa, "aa", false, "A/A run: measure client-go against a second client-go client instead of kclient; ratios show the harness's noise floor")
	flag.Parse()
	opts.formats = strings.Split(formats, ",")

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, opts); err != nil {
		fmt.Fprintln(os.Stderr, "restget:", err)
		os.Exit(1)
	}
}

// run connects, creates the fixture, measures and prints the table.
func run(ctx context.Context, opts options) error {
	for _, f := range opts.formats {
		if _, ok := contentTypes[f]; !ok {
			return fmt.Errorf("unknown format %q in -formats; known: %s", f, strings.Join(slices.Sorted(maps.Keys(contentTypes)), ", "))
		}
	}
	libraries := []library{
		{name: "client-go", new: newClientGo},
		{name: "kclient", new: newKclient},
	}
	if opts.aa {
		libraries[1] = library{name: "client-go(B)", new: newClientGo}
	}

	cluster, err := benchenv.Connect(ctx)
	if err != nil {
		return fmt.Errorf("connect to a cluster: %w", err)
	}
	defer cluster.Close()

	fixture, err := benchenv.NewFixture(ctx, cluster.Access, "bench-restget-")
	if err != nil {
		return err
	}
	defer func() {
		if err := fixture.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "restget: cleanup:", err)
		}
	}()
	want, err := fixture.CreateConfigMap(ctx, benchConfigMap())
	if err != nil {
		return err
	}

	// One client per library and content type, built once and reused by
	// every round, as a program would.
	clients := map[string]map[string]getConfigMap{}
	for _, lib := range libraries {
		clients[lib.name] = map[string]getConfigMap{}
		for _, f := range opts.formats {
			get, err := lib.new(cluster.Access, contentTypes[f])
			if err != nil {
				return fmt.Errorf("build %s RESTClient for %s: %w", lib.name, f, err)
			}
			if err := check(ctx, get, want); err != nil {
				return fmt.Errorf("%s with %s: %w", lib.name, f, err)
			}
			clients[lib.name][f] = get
		}
	}

	fmt.Printf("restget: %d GETs of one ConfigMap from %d goroutines per run, %d warm-up GETs, %d rounds (median shown)\n",
		opts.requests, opts.workers, opts.warmup, opts.rounds)
	fmt.Printf("cluster: %s (%s); %s, GOMAXPROCS=%d, %s\n\n",
		cluster.Access.Host, cluster.Source, runtime.Version(), runtime.GOMAXPROCS(0), time.Now().UTC().Format(time.RFC3339))

	table := benchenv.NewTable(libraries[0].name, libraries[1].name)
	for round := range opts.rounds {
		order := slices.Clone(libraries)
		if round%2 == 1 {
			slices.Reverse(order)
		}
		for _, f := range opts.formats {
			for _, lib := range order {
				s, err := measure(ctx, clients[lib.name][f], fixture.Namespace, want.Name, opts)
				if err != nil {
					return fmt.Errorf("round %d, %s, %s: %w", round+1, f, lib.name, err)
				}
				table.AddSample(f, lib.name, s)
				if opts.verbose {
					fmt.Printf("round %d %-8s %-12s %6.0f req/s %6.1f allocs/req %6.0f B/req %6.1f CPU µs/req p99 %v\n",
						round+1, f, lib.name, s.Throughput(), s.AllocsPerOp(), s.BytesPerOp(),
						float64(s.CPUPerOp().Nanoseconds())/1e3, s.Percentile(0.99).Round(time.Microsecond))
				}
			}
		}
	}
	if opts.verbose {
		fmt.Println()
	}
	return table.Print(os.Stdout)
}

// measure runs the warm-up and then one measured load of GETs.
func measure(ctx context.Context, get getConfigMap, ns, name string, opts options) (benchenv.Sample, error) {
	op := func(ctx context.Context) error {
		var cm corev1.ConfigMap
		return get(ctx, ns, name, &cm)
	}
	if opts.warmup > 0 {
		if _, err := benchenv.Run(ctx, benchenv.Load{Requests: opts.warmup, Workers: opts.workers}, op); err != nil {
			return benchenv.Sample{}, fmt.Errorf("warm-up: %w", err)
		}
	}
	return benchenv.Run(ctx, benchenv.Load{Requests: opts.requests, Workers: opts.workers}, op)
}

// check makes one GET and verifies that it decoded the fixture ConfigMap, so
// that a library returning early or decoding nothing cannot look fast.
func check(ctx context.Context, get getConfigMap, want *corev1.ConfigMap) error {
	var got corev1.ConfigMap
	if err := get(ctx, want.Namespace, want.Name, &got); err != nil {
		return fmt.Errorf("first GET of configmap %s/%s: %w", want.Namespace, want.Name, err)
	}
	if got.UID != want.UID || got.ResourceVersion != want.ResourceVersion || !maps.Equal(got.Data, want.Data) {
		return fmt.Errorf("first GET of configmap %s/%s returned uid %q rv %q with %d data keys, want uid %q rv %q with %d",
			want.Namespace, want.Name, got.UID, got.ResourceVersion, len(got.Data), want.UID, want.ResourceVersion, len(want.Data))
	}
	return nil
}

// benchConfigMap is the object every GET fetches: a few labels and eight
// 64-byte values, about 1 KiB on the wire in JSON with its managed fields.
func benchConfigMap() *corev1.ConfigMap {
	data := map[string]string{}
	for i := range 8 {
		data[fmt.Sprintf("key-%d", i)] = strings.Repeat(string(rune('a'+i)), 64)
	}
	return &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{
			Name:   "bench",
			Labels: map[string]string{"app.kubernetes.io/name": "restget", "app.kubernetes.io/part-of": "kclient-bench"},
		},
		Data: data,
	}
}
