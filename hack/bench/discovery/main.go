// Command discovery measures full API discovery, ServerGroupsAndResources,
// kclient against client-go v0.37.2, side by side in one process.
//
// Against the cluster named by KUBECONFIG (or a local cluster it starts), it
// measures two cases for each library, with the library's own discovery
// client built from the same Access (same TLS, same credentials, library
// defaults otherwise, aggregated discovery included):
//
//   - cold: a fresh discovery.NewDiscoveryClientForConfig per call, then
//     ServerGroupsAndResources();
//   - disk: a fresh disk.NewCachedDiscoveryClientForConfig(cfg, dir, httpDir,
//     ttl) per call on cache directories that an earlier call of the same
//     library filled (each library has its own), so everything is read from
//     disk.
//
// Every measured call is one run: it reports wall time, the process's CPU
// time, heap allocations and bytes (runtime.MemStats deltas, after a GC) and
// the HTTP requests that reached the network, counted by a round tripper
// installed with rest.Config.WrapTransport. Rounds alternate which library
// goes first; the table shows medians and the ratio kclient/client-go.
// Every call's groups, versions and resources must equal those of the
// others, of both libraries, or the command fails.
//
// Usage:
//
//	cd hack/bench && go run ./discovery [-rounds 15] [-ttl 1h] [-v]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/hack/bench/internal/benchenv"
)

// discoveryResult is what ServerGroupsAndResources returned.
type discoveryResult struct {
	groups []*metav1.APIGroup
	lists  []*metav1.APIResourceList
}

// library is one library's two ways of discovering: with a fresh plain
// client, and with a fresh disk-cached client.
type library struct {
	name string
	cold func(access benchenv.Access, wrap func(http.RoundTripper) http.RoundTripper) (discoveryResult, error)
	disk func(access benchenv.Access, wrap func(http.RoundTripper) http.RoundTripper, dir, httpDir string, ttl time.Duration) (discoveryResult, error)
}

// Metrics of the result table; one call per run, so "per call".
var (
	metricWall     = benchenv.Metric{Name: "ms/call", Decimals: 2}
	metricCPU      = benchenv.Metric{Name: "CPU ms/call", Decimals: 2}
	metricAllocs   = benchenv.Metric{Name: "allocs/call"}
	metricBytes    = benchenv.Metric{Name: "KB/call", Decimals: 1}
	metricRequests = benchenv.Metric{Name: "HTTP requests/call"}
	metricDials    = benchenv.Metric{Name: "TLS handshakes/call"}
)

// options are the command-line settings.
type options struct {
	rounds  int
	ttl     time.Duration
	verbose bool
}

func main() {
	var opts options
	flag.IntVar(&opts.rounds, "rounds", 15, "measured rounds; each measures one call per library and case, alternating which library goes first")
	flag.DurationVar(&opts.ttl, "ttl", time.Hour, "TTL of the disk cache; must outlast the run")
	flag.BoolVar(&opts.verbose, "v", false, "print every call's figures as they are measured")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, opts); err != nil {
		fmt.Fprintln(os.Stderr, "discovery:", err)
		os.Exit(1)
	}
}

// run connects, fills the disk caches, measures and prints the table.
func run(ctx context.Context, opts options) error {
	libraries := []library{
		{name: "client-go", cold: clientGoCold, disk: clientGoDisk},
		{name: "kclient", cold: kclientCold, disk: kclientDisk},
	}

	cluster, err := benchenv.Connect(ctx)
	if err != nil {
		return fmt.Errorf("connect to a cluster: %w", err)
	}
	defer cluster.Close()

	tmp, err := os.MkdirTemp("", "bench-discovery-")
	if err != nil {
		return fmt.Errorf("create cache directories: %w", err)
	}
	defer os.RemoveAll(tmp)

	// Each case of each library: a call that measures one fresh client.
	cases := []string{"cold", "disk"}
	calls := map[string]map[string]func(wrap func(http.RoundTripper) http.RoundTripper) (discoveryResult, error){}
	for _, c := range cases {
		calls[c] = map[string]func(func(http.RoundTripper) http.RoundTripper) (discoveryResult, error){}
	}
	for _, lib := range libraries {
		dir, httpDir := filepath.Join(tmp, lib.name, "discovery"), filepath.Join(tmp, lib.name, "http")
		calls["cold"][lib.name] = func(wrap func(http.RoundTripper) http.RoundTripper) (discoveryResult, error) {
			return lib.cold(cluster.Access, wrap)
		}
		calls["disk"][lib.name] = func(wrap func(http.RoundTripper) http.RoundTripper) (discoveryResult, error) {
			return lib.disk(cluster.Access, wrap, dir, httpDir, opts.ttl)
		}
	}

	// Unmeasured: one cold call per library gives the reference set, a first
	// disk call fills each library's cache from the server, and a second one
	// must be answered from disk alone.
	var want []string
	for _, lib := range libraries {
		s, err := measure(calls["cold"][lib.name])
		if err != nil {
			return fmt.Errorf("%s, first cold call: %w", lib.name, err)
		}
		if want == nil {
			want = s.resources
			if len(want) == 0 {
				return errors.New("client-go discovered no resources")
			}
		}
		if err := sameResources(want, s.resources); err != nil {
			return fmt.Errorf("%s cold and %s cold disagree: %w", libraries[0].name, lib.name, err)
		}
		fill, err := measure(calls["disk"][lib.name])
		if err != nil {
			return fmt.Errorf("%s, filling the disk cache: %w", lib.name, err)
		}
		if fill.requests == 0 {
			return fmt.Errorf("%s: filling the disk cache made no HTTP request; is %s empty?", lib.name, tmp)
		}
		warm, err := measure(calls["disk"][lib.name])
		if err != nil {
			return fmt.Errorf("%s, first call on the warm disk cache: %w", lib.name, err)
		}
		for what, got := range map[string][]string{"filling": fill.resources, "warm": warm.resources} {
			if err := sameResources(want, got); err != nil {
				return fmt.Errorf("%s cold and %s disk (%s) disagree: %w", libraries[0].name, lib.name, what, err)
			}
		}
		if opts.verbose {
			fmt.Printf("%-9s filled its disk cache with %d HTTP requests; a warm call made %d\n", lib.name, fill.requests, warm.requests)
		}
	}

	groupVersions := len(slices.DeleteFunc(slices.Clone(want), func(l string) bool { return !strings.HasPrefix(l, "group ") }))
	fmt.Printf("discovery: ServerGroupsAndResources with a fresh client per call, %d rounds (median shown); %d group versions, %d resources (subresources included), the same from both libraries\n",
		opts.rounds, groupVersions, len(want)-groupVersions)
	fmt.Printf("cluster: %s (%s); %s, GOMAXPROCS=%d, %s\n\n",
		cluster.Access.Host, cluster.Source, runtime.Version(), runtime.GOMAXPROCS(0), time.Now().UTC().Format(time.RFC3339))

	table := benchenv.NewTable(libraries[0].name, libraries[1].name)
	for round := range opts.rounds {
		order := slices.Clone(libraries)
		if round%2 == 1 {
			slices.Reverse(order)
		}
		for _, c := range cases {
			for _, lib := range order {
				if err := ctx.Err(); err != nil {
					return fmt.Errorf("interrupted: %w", err)
				}
				s, err := measure(calls[c][lib.name])
				if err != nil {
					return fmt.Errorf("round %d, %s, %s: %w", round+1, c, lib.name, err)
				}
				if err := sameResources(want, s.resources); err != nil {
					return fmt.Errorf("round %d, %s, %s: result differs from the first client-go call: %w", round+1, c, lib.name, err)
				}
				table.Add(c, metricWall, lib.name, float64(s.wall.Microseconds())/1e3)
				table.Add(c, metricCPU, lib.name, float64(s.cpu.Microseconds())/1e3)
				table.Add(c, metricAllocs, lib.name, float64(s.mallocs))
				table.Add(c, metricBytes, lib.name, float64(s.bytes)/1e3)
				table.Add(c, metricRequests, lib.name, float64(s.requests))
				table.Add(c, metricDials, lib.name, float64(s.dials))
				if opts.verbose {
					fmt.Printf("round %2d %-4s %-9s %8.2f ms %8.2f CPU ms %7d allocs %9.1f KB %2d requests %2d TLS handshakes\n",
						round+1, c, lib.name, float64(s.wall.Microseconds())/1e3, float64(s.cpu.Microseconds())/1e3,
						s.mallocs, float64(s.bytes)/1e3, s.requests, s.dials)
				}
			}
		}
	}
	if opts.verbose {
		fmt.Println()
	}
	if err := table.Print(os.Stdout); err != nil {
		return err
	}
	if r, ok := table.Ratio("disk", metricRequests.Name); ok && r != 0 {
		fmt.Println("\nwarning: a call on the warm disk cache went to the server")
	}
	return nil
}

// sample is one measured call.
type sample struct {
	wall, cpu       time.Duration
	mallocs, bytes  uint64
	requests, dials int64
	resources       []string
}

// measure makes one call through a round tripper that counts the requests
// reaching the network and the connections they did not find open (new TCP
// and TLS handshakes), and measures its wall time, the process's CPU time
// and heap allocations after a garbage collection. The resource set of the
// result is computed after the measurement.
func measure(call func(wrap func(http.RoundTripper) http.RoundTripper) (discoveryResult, error)) (sample, error) {
	var requests, dials atomic.Int64
	trace := &httptrace.ClientTrace{TLSHandshakeStart: func() { dials.Add(1) }}
	wrap := func(rt http.RoundTripper) http.RoundTripper {
		return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
			requests.Add(1)
			return rt.RoundTrip(req.WithContext(httptrace.WithClientTrace(req.Context(), trace)))
		})
	}

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpuBefore := processCPUTime()
	began := time.Now()
	result, err := call(wrap)
	wall := time.Since(began)
	cpu := processCPUTime() - cpuBefore
	runtime.ReadMemStats(&after)
	if err != nil {
		return sample{}, fmt.Errorf("ServerGroupsAndResources: %w", err)
	}
	return sample{
		wall:      wall,
		cpu:       cpu,
		mallocs:   after.Mallocs - before.Mallocs,
		bytes:     after.TotalAlloc - before.TotalAlloc,
		requests:  requests.Load(),
		dials:     dials.Load(),
		resources: resourceSet(result),
	}, nil
}

// roundTripperFunc adapts a function to http.RoundTripper.
type roundTripperFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f.
func (f roundTripperFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// resourceSet flattens a discovery result into sorted lines: one per group
// version ("group gv"), and one per resource with its kind and scope
// ("resource gv/name kind namespaced"), subresources included.
func resourceSet(r discoveryResult) []string {
	var set []string
	for _, g := range r.groups {
		for _, v := range g.Versions {
			set = append(set, "group "+v.GroupVersion)
		}
	}
	for _, list := range r.lists {
		for _, res := range list.APIResources {
			set = append(set, fmt.Sprintf("resource %s/%s %s namespaced=%t", list.GroupVersion, res.Name, res.Kind, res.Namespaced))
		}
	}
	slices.Sort(set)
	return set
}

// sameResources returns an error naming the first differences between the
// sets want and got, or nil when they are equal.
func sameResources(want, got []string) error {
	if slices.Equal(want, got) {
		return nil
	}
	var missing, extra []string
	for _, w := range want {
		if _, found := slices.BinarySearch(got, w); !found {
			missing = append(missing, w)
		}
	}
	for _, g := range got {
		if _, found := slices.BinarySearch(want, g); !found {
			extra = append(extra, g)
		}
	}
	if len(missing) == 0 && len(extra) == 0 {
		return fmt.Errorf("same entries but %d lines against %d (duplicates)", len(got), len(want))
	}
	return fmt.Errorf("%d entries against %d; missing %s; unexpected %s",
		len(got), len(want), firstFew(missing), firstFew(extra))
}

// firstFew lists up to five entries of s.
func firstFew(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	if len(s) > 5 {
		return fmt.Sprintf("[%s, ... %d more]", strings.Join(s[:5], "; "), len(s)-5)
	}
	return "[" + strings.Join(s, "; ") + "]"
}

// processCPUTime returns the CPU time (user plus system) this process has
// used so far, or 0 when the platform cannot tell.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
