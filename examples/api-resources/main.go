// Command api-resources prints the table `kubectl api-resources` prints:
// every resource the server serves in its preferred version, with short
// names, API version, whether it is namespaced, and its kind. Then it
// resolves a few short names ("deploy", "cm", ...) the way kubectl does.
//
// It reads the kubeconfig named by -kubeconfig, or $KUBECONFIG, or
// ~/.kube/config. `make demo` runs it against the embedded local cluster.
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/discovery/cached/memory"
	"github.com/kclient/kclient/restmapper"
	"github.com/kclient/kclient/tools/clientcmd"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "path to a kubeconfig (default: $KUBECONFIG or ~/.kube/config)")
	namespaced := flag.Bool("namespaced", false, "only list namespaced resources")
	flag.Parse()
	if err := run(*kubeconfig, *namespaced); err != nil {
		fmt.Fprintln(os.Stderr, "api-resources:", err)
		os.Exit(1)
	}
}

func run(kubeconfig string, namespacedOnly bool) error {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = kubeconfig
	config, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		return fmt.Errorf("loading kubeconfig: %w", err)
	}
	client, err := discovery.NewDiscoveryClientForConfig(config)
	if err != nil {
		return fmt.Errorf("creating the discovery client: %w", err)
	}
	// The in-memory cache answers every later question without requests.
	cache := memory.NewMemCacheClient(client)

	lists, err := cache.ServerPreferredResources()
	if discovery.IsGroupDiscoveryFailedError(err) {
		fmt.Fprintln(os.Stderr, "warning:", err)
	} else if err != nil {
		return fmt.Errorf("discovering resources: %w", err)
	}
	if namespacedOnly {
		// FilteredBy keeps lists that still have resources after the predicate.
		lists = discovery.FilteredBy(discovery.ResourcePredicateFunc(func(_ string, r *metav1.APIResource) bool {
			return r.Namespaced
		}), lists)
	}

	type row struct {
		name, short, apiVersion, kind string
		namespaced                    bool
	}
	var rows []row
	for _, list := range lists {
		for _, r := range list.APIResources {
			rows = append(rows, row{r.Name, strings.Join(r.ShortNames, ","), list.GroupVersion, r.Kind, r.Namespaced})
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].name < rows[j].name })

	w := tabwriter.NewWriter(os.Stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND")
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%s\t%s\t%v\t%s\n", r.name, r.short, r.apiVersion, r.namespaced, r.kind)
	}
	if err := w.Flush(); err != nil {
		return err
	}

	// Resolve short names as kubectl does: shortcut expander over a
	// discovery-backed REST mapper.
	mapper := restmapper.NewShortcutExpander(restmapper.NewDeferredDiscoveryRESTMapper(cache), cache, nil)
	fmt.Println()
	for _, short := range []string{"deploy", "cm", "svc", "crd"} {
		gvr, err := mapper.ResourceFor(schema.GroupVersionResource{Resource: short})
		if err != nil {
			return fmt.Errorf("resolving %q: %w", short, err)
		}
		fmt.Printf("%-7s -> %s\n", short, gvr)
	}
	return nil
}
