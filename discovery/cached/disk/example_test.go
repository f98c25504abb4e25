package disk_test

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kclient/kclient/discovery/cached/disk"
	"github.com/kclient/kclient/tools/clientcmd"
)

// Example caches discovery for ten minutes under ~/.kube/cache, in a
// directory per API server as kubectl does, so that the next run of the
// program needs no discovery requests.
func Example() {
	config, err := clientcmd.BuildConfigFromFlags("", clientcmd.RecommendedHomeFile)
	if err != nil {
		fmt.Println(err)
		return
	}
	home, _ := os.UserHomeDir()
	host := config.Host
	if u, err := url.Parse(config.Host); err == nil && u.Host != "" {
		host = u.Host
	}
	perHost := filepath.Join(home, ".kube", "cache", "discovery", strings.ReplaceAll(filepath.Base(filepath.Clean("/"+host)), ":", "_"))
	client, err := disk.NewCachedDiscoveryClientForConfig(config, perHost, filepath.Join(home, ".kube", "cache", "http"), 10*time.Minute)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, lists, err := client.ServerGroupsAndResources()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(lists), "group-versions; fresh from the server:", client.Fresh())
}
