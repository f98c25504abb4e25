package main

import (
	"net/http"
	"time"

	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/disk"
	"k8s.io/client-go/rest"

	"github.com/kclient/kclient/hack/bench/internal/benchenv"
)

// clientGoConfig is the client-go v0.37.2 config for access whose transport
// passes through wrap; field for field the one kclientConfig builds.
func clientGoConfig(access benchenv.Access, wrap func(http.RoundTripper) http.RoundTripper) *rest.Config {
	return &rest.Config{
		Host:        access.Host,
		BearerToken: access.BearerToken,
		TLSClientConfig: rest.TLSClientConfig{
			CAData:   access.CAData,
			CertData: access.CertData,
			KeyData:  access.KeyData,
		},
		WrapTransport: wrap,
	}
}

// clientGoCold builds a fresh client-go discovery client and asks it for
// every group and resource.
func clientGoCold(access benchenv.Access, wrap func(http.RoundTripper) http.RoundTripper) (discoveryResult, error) {
	client, err := discovery.NewDiscoveryClientForConfig(clientGoConfig(access, wrap))
	if err != nil {
		return discoveryResult{}, err
	}
	groups, lists, err := client.ServerGroupsAndResources()
	return discoveryResult{groups: groups, lists: lists}, err
}

// clientGoDisk builds a fresh client-go disk-cached discovery client on dir
// and httpDir and asks it for every group and resource.
func clientGoDisk(access benchenv.Access, wrap func(http.RoundTripper) http.RoundTripper, dir, httpDir string, ttl time.Duration) (discoveryResult, error) {
	client, err := disk.NewCachedDiscoveryClientForConfig(clientGoConfig(access, wrap), dir, httpDir, ttl)
	if err != nil {
		return discoveryResult{}, err
	}
	groups, lists, err := client.ServerGroupsAndResources()
	return discoveryResult{groups: groups, lists: lists}, err
}
