// Command discovery asks an API server what it serves: its version, its API
// groups with their preferred versions, and how many resources each
// group-version has. It uses aggregated discovery (two requests in total)
// and, for comparison, the legacy path (one request per group-version).
//
// It reads the kubeconfig named by -kubeconfig, or $KUBECONFIG, or
// ~/.kube/config. `make demo` runs it against the embedded local cluster.
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/tools/clientcmd"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "path to a kubeconfig (default: $KUBECONFIG or ~/.kube/config)")
	flag.Parse()
	if err := run(*kubeconfig); err != nil {
		fmt.Fprintln(os.Stderr, "discovery:", err)
		os.Exit(1)
	}
}

// countRequests counts the HTTP requests a round tripper sends.
type countRequests struct {
	next http.RoundTripper
	n    *atomic.Int64
}

func (c countRequests) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

func run(kubeconfig string) error {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = kubeconfig
	config, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		return fmt.Errorf("loading kubeconfig: %w", err)
	}

	// Count requests to show what aggregated discovery saves.
	var requests atomic.Int64
	config.Wrap(func(rt http.RoundTripper) http.RoundTripper { return countRequests{rt, &requests} })

	client, err := discovery.NewDiscoveryClientForConfig(config)
	if err != nil {
		return fmt.Errorf("creating the discovery client: %w", err)
	}

	version, err := client.ServerVersion()
	if err != nil {
		return fmt.Errorf("reading the server version: %w", err)
	}
	fmt.Printf("server version: %s (platform %s)\n", version.GitVersion, version.Platform)

	// One call returns groups and resources. With partial results (an
	// aggregated API being down) err is an *ErrGroupDiscoveryFailed and the
	// rest is still usable.
	requests.Store(0)
	start := time.Now()
	groups, resources, err := client.ServerGroupsAndResources()
	if failed, partial := discovery.GroupDiscoveryFailedErrorGroups(err); partial {
		fmt.Printf("warning: %d group-versions could not be discovered: %v\n", len(failed), err)
	} else if err != nil {
		return fmt.Errorf("discovering resources: %w", err)
	}
	fmt.Printf("aggregated discovery: %d groups, %d group-versions in %d requests (%v)\n",
		len(groups), len(resources), requests.Load(), time.Since(start).Round(time.Millisecond))

	perGV := map[string]int{}
	for _, list := range resources {
		perGV[list.GroupVersion] = len(list.APIResources)
	}
	for _, g := range groups {
		name := g.Name
		if name == "" {
			name = "(core)"
		}
		fmt.Printf("  %-32s preferred %-8s", name, g.PreferredVersion.Version)
		for _, v := range g.Versions {
			fmt.Printf(" %s:%d", v.Version, perGV[v.GroupVersion])
		}
		fmt.Println()
	}

	// The legacy path gives the same answer with many more requests.
	requests.Store(0)
	start = time.Now()
	_, legacy, err := client.WithLegacy().ServerGroupsAndResources()
	if err != nil && !discovery.IsGroupDiscoveryFailedError(err) {
		return fmt.Errorf("legacy discovery: %w", err)
	}
	fmt.Printf("legacy discovery: %d group-versions in %d requests (%v)\n",
		len(legacy), requests.Load(), time.Since(start).Round(time.Millisecond))
	return nil
}
