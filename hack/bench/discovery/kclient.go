package main

import (
	"net/http"
	"time"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/discovery/cached/disk"
	"github.com/kclient/kclient/hack/bench/internal/benchenv"
	"github.com/kclient/kclient/rest"
)

// kclientConfig is the kclient config for access whose transport passes
// through wrap; field for field the one clientGoConfig builds.
func kclientConfig(access benchenv.Access, wrap func(http.RoundTripper) http.RoundTripper) *rest.Config {
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

// kclientCold builds a fresh kclient discovery client and asks it for
// every group and resource.
func kclientCold(access benchenv.Access, wrap func(http.RoundTripper) http.RoundTripper) (discoveryResult, error) {
	client, err := discovery.NewDiscoveryClientForConfig(kclientConfig(access, wrap))
	if err != nil {
		return discoveryResult{}, err
	}
	groups, lists, err := client.ServerGroupsAndResources()
	return discoveryResult{groups: groups, lists: lists}, err
}

// kclientDisk builds a fresh kclient disk-cached discovery client on dir
// and httpDir and asks it for every group and resource.
func kclientDisk(access benchenv.Access, wrap func(http.RoundTripper) http.RoundTripper, dir, httpDir string, ttl time.Duration) (discoveryResult, error) {
	client, err := disk.NewCachedDiscoveryClientForConfig(kclientConfig(access, wrap), dir, httpDir, ttl)
	if err != nil {
		return discoveryResult{}, err
	}
	groups, lists, err := client.ServerGroupsAndResources()
	return discoveryResult{groups: groups, lists: lists}, err
}
