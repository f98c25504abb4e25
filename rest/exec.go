package rest

import (
	"fmt"
	"net/http"
	"net/url"

	clientauthenticationapi "github.com/kclient/kclient/pkg/apis/clientauthentication"
)

// ConfigToExecCluster describes config's cluster the way an exec credential
// plugin receives it when ExecProvider.ProvideClusterInfo is set: server,
// TLS server name and verification mode, CA bundle (read from CAFile when
// CAData is empty), the proxy config.Proxy picks for the server, the
// compression setting, and ExecProvider.Config.
func ConfigToExecCluster(config *Config) (*clientauthenticationapi.Cluster, error) {
	caData, err := dataOrFile(config.CAData, config.CAFile)
	if err != nil {
		return nil, fmt.Errorf("failed to load CA bundle for execProvider: %w", err)
	}
	proxyURL, err := execProxyURL(config)
	if err != nil {
		return nil, err
	}
	cluster := &clientauthenticationapi.Cluster{
		Server:                   config.Host,
		CertificateAuthorityData: caData,
		ProxyURL:                 proxyURL,
		TLSServerName:            config.ServerName,
		DisableCompression:       config.DisableCompression,
		InsecureSkipTLSVerify:    config.Insecure,
	}
	if config.ExecProvider != nil {
		cluster.Config = config.ExecProvider.Config
	}
	return cluster, nil
}

// execProxyURL asks config.Proxy which proxy serves config.Host; "" when
// there is no Proxy func or it picks none.
func execProxyURL(config *Config) (string, error) {
	if config.Proxy == nil {
		return "", nil
	}
	probe, err := http.NewRequest("", config.Host, nil)
	if err != nil {
		return "", fmt.Errorf("failed to create proxy URL request for execProvider: %w", err)
	}
	u, err := config.Proxy(probe)
	switch {
	case err != nil:
		return "", fmt.Errorf("failed to get proxy URL for execProvider: %w", err)
	case u == nil:
		return "", nil
	}
	return u.String(), nil
}

// ExecClusterToConfig is the inverse of ConfigToExecCluster for the
// connection settings: a Config with the cluster's host, TLS settings, proxy
// and compression setting, and no credentials at all.
func ExecClusterToConfig(cluster *clientauthenticationapi.Cluster) (*Config, error) {
	config := &Config{Host: cluster.Server, DisableCompression: cluster.DisableCompression}
	config.CAData = cluster.CertificateAuthorityData
	config.ServerName = cluster.TLSServerName
	config.Insecure = cluster.InsecureSkipTLSVerify
	if cluster.ProxyURL == "" {
		return config, nil
	}
	u, err := url.Parse(cluster.ProxyURL)
	if err != nil {
		return nil, fmt.Errorf("cannot parse proxy URL: %w", err)
	}
	config.Proxy = http.ProxyURL(u)
	return config, nil
}
