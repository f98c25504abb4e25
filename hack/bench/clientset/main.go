// Command clientset measures what a program pays for kclient's typed
// clientset, side by side with client-go v0.37.2, and reports ratios
// kclient/client-go:
//
//   - size: the stripped binary (go build -ldflags='-s -w' -trimpath) of a
//     program that lists pods through the typed core/v1 client only
//     (testdata/*-typed) and through the umbrella clientset
//     (testdata/*-umbrella); each binary is then run once against the
//     cluster, so that a program cannot look small by not working;
//   - build: the wall and CPU time of a cold-cache build of the typed
//     program (an empty GOCACHE, the module cache warm);
//   - typed: throughput and heap allocations per request of typed
//     ConfigMaps(ns).Get of one ConfigMap and ConfigMaps(ns).List of a
//     namespace of 100, with each library's default wire format (protobuf),
//     from 8 goroutines with no client rate limit, in rounds that alternate
//     which library goes first.
//
// The test programs are built with the go command from this module
// (hack/bench), so they resolve kclient through its replace directive: the
// figures are those of the working tree.
//
// Usage:
//
//	cd hack/bench && go run ./clientset [-parts size,build,typed] [-build-runs 1] [-rounds 9] [-v]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/kclient/kclient/hack/bench/internal/benchenv"
)

// Library names, as the tables print them.
const (
	clientGo = "client-go"
	kclient  = "kclient"
)

// options are the command-line settings.
type options struct {
	parts     []string
	buildRuns int
	typed     typedOptions
	verbose   bool
}

// allParts are the measurements the program knows, in the order it runs them.
var allParts = []string{"size", "typed", "build"}

func main() {
	var opts options
	var parts string
	flag.StringVar(&parts, "parts", strings.Join(allParts, ","), "comma-separated measurements to run: size, typed, build")
	flag.IntVar(&opts.buildRuns, "build-runs", 1, "cold-cache builds per library (about a minute each for client-go)")
	flag.IntVar(&opts.typed.gets, "gets", 2000, "measured typed GETs per library and round")
	flag.IntVar(&opts.typed.lists, "lists", 200, "measured typed LISTs per library and round")
	flag.IntVar(&opts.typed.configMaps, "configmaps", 100, "ConfigMaps in the listed namespace")
	flag.IntVar(&opts.typed.workers, "workers", 8, "goroutines issuing requests concurrently")
	flag.IntVar(&opts.typed.rounds, "rounds", 9, "measured rounds of the typed GET/LIST benchmark; libraries alternate order between rounds")
	flag.BoolVar(&opts.verbose, "v", false, "print every round and build as it is measured")
	flag.Parse()
	opts.parts = strings.Split(parts, ",")
	opts.typed.verbose = opts.verbose

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, opts); err != nil {
		fmt.Fprintln(os.Stderr, "clientset:", err)
		os.Exit(1)
	}
}

// run finds the bench module, connects to a cluster when a part needs one,
// and runs the selected parts, printing each one's table as it completes.
func run(ctx context.Context, opts options) error {
	for _, p := range opts.parts {
		if !slices.Contains(allParts, p) {
			return fmt.Errorf("unknown part %q in -parts; known: %s", p, strings.Join(allParts, ", "))
		}
	}
	want := func(part string) bool { return slices.Contains(opts.parts, part) }

	mod, err := findBenchModule(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("clientset: %s, GOMAXPROCS=%d, %d CPUs, %s; kclient from the working tree %s\n\n",
		runtime.Version(), runtime.GOMAXPROCS(0), runtime.NumCPU(), time.Now().UTC().Format(time.RFC3339), mod.kclientDir)

	var cluster *benchenv.Cluster
	if want("size") || want("typed") {
		cluster, err = benchenv.Connect(ctx)
		if err != nil {
			return fmt.Errorf("connect to a cluster: %w", err)
		}
		defer cluster.Close()
		fmt.Printf("cluster: %s (%s)\n\n", cluster.Access.Host, cluster.Source)
	}

	if want("size") {
		if err := measureSizes(ctx, mod, cluster.Access); err != nil {
			return fmt.Errorf("binary size: %w", err)
		}
	}
	if want("typed") {
		if err := measureTyped(ctx, cluster.Access, opts.typed); err != nil {
			return fmt.Errorf("typed GET/LIST: %w", err)
		}
	}
	// An idle API server still costs some CPU: stop it before the builds.
	cluster.Close()
	if want("build") {
		if err := measureBuildTime(ctx, mod, opts.buildRuns, opts.verbose); err != nil {
			return fmt.Errorf("build time: %w", err)
		}
	}
	return nil
}
