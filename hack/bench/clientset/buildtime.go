package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kclient/kclient/hack/bench/internal/benchenv"
)

// measureBuildTime builds the typed test program of each library runs
// times, each time with a fresh, empty GOCACHE (the module cache stays
// warm, so nothing is downloaded), alternating which library goes first, and
// prints the median wall and CPU time. A cold build compiles the standard
// library packages the program needs too; that share is the same for both.
func measureBuildTime(ctx context.Context, mod benchModule, runs int, verbose bool) error {
	if runs <= 0 {
		return fmt.Errorf("-build-runs must be positive, got %d", runs)
	}
	fmt.Printf("build: cold-cache go build %s of the typed program, %d run(s) per library (median shown)\n", strings.Join(buildFlags, " "), runs)
	wall := map[string][]float64{}
	cpu := map[string][]float64{}
	for run := range runs {
		order := []string{kclient, clientGo}
		if run%2 == 1 {
			order = []string{clientGo, kclient}
		}
		for _, lib := range order {
			w, c, err := coldBuild(ctx, mod, program{library: lib, api: "typed"})
			if err != nil {
				return err
			}
			wall[lib] = append(wall[lib], w.Seconds())
			cpu[lib] = append(cpu[lib], c.Seconds())
			if verbose {
				fmt.Printf("run %d %-9s wall %5.1f s  CPU %5.1f s\n", run+1, lib, w.Seconds(), c.Seconds())
			}
		}
	}
	var rep report
	rep.add("typed", "cold build wall s", benchenv.Median(wall[clientGo]), benchenv.Median(wall[kclient]), 1)
	rep.add("typed", "cold build CPU s", benchenv.Median(cpu[clientGo]), benchenv.Median(cpu[kclient]), 1)
	if err := rep.print(os.Stdout); err != nil {
		return err
	}
	fmt.Println()
	return nil
}

// coldBuild builds p once with an empty build cache of its own, which it
// removes afterwards.
func coldBuild(ctx context.Context, mod benchModule, p program) (wall, cpu time.Duration, err error) {
	cache, err := os.MkdirTemp("", "kclient-bench-gocache-")
	if err != nil {
		return 0, 0, fmt.Errorf("make a temporary GOCACHE: %w", err)
	}
	defer os.RemoveAll(cache)
	// GOCACHEPROG would take precedence over GOCACHE.
	env := []string{"GOCACHE=" + cache, "GOCACHEPROG="}
	return mod.build(ctx, p, filepath.Join(cache, "program"), env)
}
