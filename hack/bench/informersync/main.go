// Command informersync measures how long a shared Pod informer takes to
// sync and how much memory it holds, kclient against client-go v0.37.2, with
// each library's default settings.
//
// It starts a private local cluster (etcd + kube-apiserver on loopback; a
// shared cluster is never used, since the benchmark fills it with tens of
// thousands of Pods), creates a namespace with its "default" ServiceAccount
// and N realistic Pods (setup, not measured), and then, for each size N and
// each round, runs one fresh child process per library: the benchmark binary
// re-executed with -child, so that peak RSS belongs to one informer alone.
// Each child builds
//
//	informers.NewSharedInformerFactory(clientset, 0).Core().V1().Pods().Informer()
//
// with its library's defaults, starts it and polls HasSynced. It reports the
// time from Start to HasSynced, the peak resident memory (VmHWM), the Go heap
// in use after two garbage collections with the informer still running, and
// checks that the store holds exactly N Pods. A third child, the floor,
// fetches the same Pods with one plain net/http LIST (protobuf, gzip) and
// discards the body; a fourth, the watch-list floor, reads them as the
// streaming watch-list the libraries use, without decoding. Libraries
// alternate order from round to round; the table shows medians and the
// ratio kclient/client-go.
//
// Usage:
//
//	cd hack/bench && go run ./informersync [-pods 10000,50000] [-rounds 3] [-svg FILE] [-profiles DIR [-cpuprofile]] [-v]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kclient/kclient/hack/bench/internal/benchenv"
)

// options are the command-line settings of the parent process.
type options struct {
	sizes       []int
	rounds      int
	svg         string
	profiles    string
	cpuProfile  bool
	verbose     bool
	childLib    string
	childAccess string
	childExpect int
	childHeap   string
	childCPU    string
}

// Metrics of the result table.
var (
	metricSync      = benchenv.Metric{Name: "sync s", Decimals: 2}
	metricPeakRSS   = benchenv.Metric{Name: "peak RSS MiB"}
	metricHeap      = benchenv.Metric{Name: "heap in use MiB"}
	metricRSSBefore = benchenv.Metric{Name: "RSS at Start MiB"}
)

func main() {
	var opts options
	var sizes string
	flag.StringVar(&sizes, "pods", "10000,50000", "comma-separated numbers of Pods to sync, measured in increasing order")
	flag.IntVar(&opts.rounds, "rounds", 3, "child processes per library and size; libraries alternate order between rounds")
	flag.StringVar(&opts.svg, "svg", "", "write a bar chart of sync time and peak RSS to this SVG file")
	flag.StringVar(&opts.profiles, "profiles", "", "directory to write each library's heap profile (last round of each size) into")
	flag.BoolVar(&opts.cpuProfile, "cpuprofile", false, "with -profiles, also profile the CPU from Start to HasSynced in the last round of each size (adds a few percent to that round's sync time)")
	flag.BoolVar(&opts.verbose, "v", false, "print every child's figures and first requests")
	flag.StringVar(&opts.childLib, "child", "", "internal: run as a child process measuring this library (client-go, kclient, floor)")
	flag.StringVar(&opts.childAccess, "access", "", "internal: JSON file with the cluster access, for -child")
	flag.IntVar(&opts.childExpect, "expect", 0, "internal: number of Pods the store must hold, for -child")
	flag.StringVar(&opts.childHeap, "heapprofile", "", "internal: write a heap profile here after sync, for -child")
	flag.StringVar(&opts.childCPU, "cpuprofileto", "", "internal: write a CPU profile of the sync here, for -child")
	flag.Parse()

	if opts.childLib != "" {
		if err := runChild(opts.childLib, opts.childAccess, opts.childExpect, opts.childHeap, opts.childCPU); err != nil {
			fmt.Fprintf(os.Stderr, "informersync child %s: %v\n", opts.childLib, err)
			os.Exit(1)
		}
		return
	}
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "informersync: -pods wants positive integers, got %q\n", s)
			os.Exit(2)
		}
		opts.sizes = append(opts.sizes, n)
	}
	slices.Sort(opts.sizes)
	opts.sizes = slices.Compact(opts.sizes)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, opts); err != nil {
		fmt.Fprintln(os.Stderr, "informersync:", err)
		os.Exit(1)
	}
}

// sizeResult holds every child's result for one number of Pods.
type sizeResult struct {
	pods    int
	results map[string][]childResult
}

// run sets up the cluster and the Pods, measures and prints.
func run(ctx context.Context, opts options) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find own binary to re-execute: %w", err)
	}
	tmp, err := os.MkdirTemp("", "informersync-")
	if err != nil {
		return fmt.Errorf("create scratch directory: %w", err)
	}
	defer os.RemoveAll(tmp)
	if opts.profiles != "" {
		if err := os.MkdirAll(opts.profiles, 0o755); err != nil {
			return fmt.Errorf("create -profiles directory: %w", err)
		}
	}

	fmt.Println("informersync: starting a private local cluster")
	cluster, err := benchenv.StartPrivateCluster(ctx)
	if err != nil {
		return err
	}
	defer cluster.Close()
	accessPath := filepath.Join(tmp, "access.json")
	b, err := json.Marshal(cluster.Access)
	if err != nil {
		return fmt.Errorf("encode cluster access: %w", err)
	}
	if err := os.WriteFile(accessPath, b, 0o600); err != nil {
		return fmt.Errorf("write cluster access for the children: %w", err)
	}

	// The namespace is not deleted: without a controller-manager it would
	// stay Terminating, and the private cluster goes away at the end anyway.
	fixture, err := benchenv.NewFixture(ctx, cluster.Access, "bench-informersync-")
	if err != nil {
		return err
	}
	if err := ensureServiceAccount(ctx, fixture.Client, fixture.Namespace); err != nil {
		return err
	}

	fmt.Printf("informersync: shared Pod informer over all namespaces, each library's defaults, one fresh process per measurement, %d rounds (median shown)\n",
		opts.rounds)
	fmt.Printf("cluster: %s (%s); %s, GOMAXPROCS=%d, %d CPUs, %s\n\n",
		cluster.Access.Host, cluster.Source, runtime.Version(), runtime.GOMAXPROCS(0), runtime.NumCPU(), time.Now().UTC().Format(time.RFC3339))

	table := benchenv.NewTable(libClientGo, libKclient)
	var all []sizeResult
	created := 0
	for _, n := range opts.sizes {
		began := time.Now()
		if err := createPods(ctx, fixture.Client, fixture.Namespace, created, n); err != nil {
			return err
		}
		fmt.Printf("setup: %d pods in %s (%d created in %v)\n", n, fixture.Namespace, n-created, time.Since(began).Round(time.Second))
		created = n

		sr := sizeResult{pods: n, results: map[string][]childResult{}}
		group := thousands(n) + " pods"
		for round := range opts.rounds {
			order := []string{libClientGo, libKclient}
			if round%2 == 1 {
				slices.Reverse(order)
			}
			order = append(order, libFloor, libFloorWatchList)
			for _, lib := range order {
				var heapProfile, cpuProfile string
				isFloor := lib == libFloor || lib == libFloorWatchList
				if opts.profiles != "" && round == opts.rounds-1 && !isFloor {
					heapProfile = filepath.Join(opts.profiles, fmt.Sprintf("heap-%s-%d.pprof", lib, n))
					if opts.cpuProfile {
						cpuProfile = filepath.Join(opts.profiles, fmt.Sprintf("cpu-%s-%d.pprof", lib, n))
					}
				}
				res, err := runChildProcess(ctx, exe, lib, accessPath, n, heapProfile, cpuProfile)
				if err != nil {
					return fmt.Errorf("%d pods, round %d, %s: %w", n, round+1, lib, err)
				}
				sr.results[lib] = append(sr.results[lib], res)
				if !isFloor {
					table.Add(group, metricSync, lib, res.Sync.Seconds())
					table.Add(group, metricPeakRSS, lib, mib(res.PeakRSS))
					table.Add(group, metricHeap, lib, mib(int64(res.HeapInuse)))
					table.Add(group, metricRSSBefore, lib, mib(res.RSSBefore))
				}
				if opts.verbose {
					fmt.Printf("  %d pods round %d %-9s sync %6.2fs  peak RSS %5.0f MiB  heap %5.0f MiB  RSS at Start %3.0f MiB\n",
						n, round+1, lib, res.Sync.Seconds(), mib(res.PeakRSS), mib(int64(res.HeapInuse)), mib(res.RSSBefore))
					if round == 0 {
						for _, r := range res.Requests {
							fmt.Printf("      %s\n", r)
						}
					}
				}
			}
		}
		all = append(all, sr)
	}

	fmt.Println()
	if err := table.Print(os.Stdout); err != nil {
		return err
	}
	fmt.Println()
	for _, sr := range all {
		floor := sr.results[libFloor]
		fmt.Printf("floor, %s pods (one plain net/http LIST, protobuf, gzip, body discarded): %.2f s, peak RSS %.0f MiB, %.0f bytes/pod (%.0f MiB) on the wire after gunzip\n",
			thousands(sr.pods), median(floor, func(r childResult) float64 { return r.Sync.Seconds() }),
			median(floor, func(r childResult) float64 { return mib(r.PeakRSS) }),
			median(floor, func(r childResult) float64 { return float64(r.WireBytes) / float64(sr.pods) }),
			median(floor, func(r childResult) float64 { return mib(r.WireBytes) }))
		wl := sr.results[libFloorWatchList]
		fmt.Printf("floor, %s pods (one plain net/http streaming watch-list, protobuf, gzip, read up to the end bookmark): %.2f s, peak RSS %.0f MiB; %.2f of client-go's sync time (median per round)\n",
			thousands(sr.pods), median(wl, func(r childResult) float64 { return r.Sync.Seconds() }),
			median(wl, func(r childResult) float64 { return mib(r.PeakRSS) }),
			pairedRatio(sr.results[libClientGo], wl, func(r childResult) float64 { return r.Sync.Seconds() }))
	}
	fmt.Println()
	printMarkdown(all)

	if opts.svg != "" {
		if err := os.WriteFile(opts.svg, []byte(chartSVG(all)), 0o644); err != nil {
			return fmt.Errorf("write -svg: %w", err)
		}
		fmt.Printf("\nchart written to %s\n", opts.svg)
	}
	if opts.profiles != "" {
		fmt.Printf("heap profiles in %s; read one with: go tool pprof -top -sample_index=inuse_space FILE\n", opts.profiles)
	}
	return nil
}

// runChildProcess re-executes the benchmark binary to measure lib with n Pods
// in the cluster and returns what the child reported.
func runChildProcess(ctx context.Context, exe, lib, accessPath string, n int, heapProfile, cpuProfile string) (childResult, error) {
	args := []string{"-child", lib, "-access", accessPath, "-expect", strconv.Itoa(n)}
	if heapProfile != "" {
		args = append(args, "-heapprofile", heapProfile)
	}
	if cpuProfile != "" {
		args = append(args, "-cpuprofileto", cpuProfile)
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return childResult{}, fmt.Errorf("child process: %w\n%s", err, strings.TrimSpace(stderr.String()))
	}
	var res childResult
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return childResult{}, fmt.Errorf("child process printed %q, not a result: %w", stdout.String(), err)
	}
	return res, nil
}

// printMarkdown prints the medians as a Markdown table for docs/benchmarks.md.
func printMarkdown(all []sizeResult) {
	fmt.Println("| pods | metric | client-go | kclient | kclient/client-go | floor (plain LIST) | floor (watch-list) |")
	fmt.Println("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
	for _, sr := range all {
		rows := []struct {
			name     string
			decimals int
			get      func(childResult) float64
			floor    bool
		}{
			{"sync time s", 2, func(r childResult) float64 { return r.Sync.Seconds() }, true},
			{"peak RSS MiB", 0, func(r childResult) float64 { return mib(r.PeakRSS) }, true},
			{"heap in use after GC MiB", 0, func(r childResult) float64 { return mib(int64(r.HeapInuse)) }, false},
		}
		for _, row := range rows {
			cg := median(sr.results[libClientGo], row.get)
			kc := median(sr.results[libKclient], row.get)
			floor, floorWL := "–", "–"
			if row.floor {
				floor = strconv.FormatFloat(median(sr.results[libFloor], row.get), 'f', row.decimals, 64)
				floorWL = strconv.FormatFloat(median(sr.results[libFloorWatchList], row.get), 'f', row.decimals, 64)
			}
			fmt.Printf("| %d | %s | %s | %s | %.2f | %s | %s |\n", sr.pods, row.name,
				strconv.FormatFloat(cg, 'f', row.decimals, 64), strconv.FormatFloat(kc, 'f', row.decimals, 64),
				pairedRatio(sr.results[libClientGo], sr.results[libKclient], row.get), floor, floorWL)
		}
	}
}

// pairedRatio is the median over rounds of kclient's value over client-go's
// in the same round, as benchenv.Table computes it.
func pairedRatio(cg, kc []childResult, get func(childResult) float64) float64 {
	var ratios []float64
	for i := range min(len(cg), len(kc)) {
		if b := get(cg[i]); b != 0 {
			ratios = append(ratios, get(kc[i])/b)
		}
	}
	return benchenv.Median(ratios)
}

// median is the median of get over results.
func median(results []childResult, get func(childResult) float64) float64 {
	values := make([]float64, 0, len(results))
	for _, r := range results {
		values = append(values, get(r))
	}
	return benchenv.Median(values)
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }
