package rest

import (
	"fmt"
	"net/http"
	"net/url"

	clientauthenticationapi "github.com/kclient/kclient/pkg/apis/clientauthentication"
)

// ConfigToExecCluster creates a clientauthenticationapi.Cluster with the
// corresponding fields from the provided Config: the information an exec
// credential plugin receives when ExecProvider.ProvideClusterInfo is set.
// The CA bundle is read from CAFile when CAData is empty.
func ConfigToExecCluster(config *Config) (*clientauthenticationapi.Cluster, error) {
	caData, err := dataOrFile(config.CAData, config.CAFile)
	if err != nil {
		return nil, fmt.Errorf("failed to load CA bundle for execProvider: %w", err)
	}
	var proxyURL string
	if config.Proxy != nil {
		req, err := http.NewRequest("", config.Host, nil)
		if err != nil {
			return nil, fmt.Errorf("failed to create proxy URL request for execProvider: %w", err)
		}
		u, err := config.Proxy(req)
		if err != nil {
			return nil, fmt.Errorf("failed to get proxy URL for execProvider: %w", err)
		}
		if u != nil {
			proxyURL = u.String()
		}
	}
	cluster := &clientauthenticationapi.Cluster{
		Server:                   config.Host,
		TLSServerName:            config.ServerName,
		InsecureSkipTLSVerify:    config.Insecure,
		CertificateAuthorityData: caData,
		ProxyURL:                 proxyURL,
		DisableCompression:       config.DisableCompression,
	}
	if config.ExecProvider != nil {
		cluster.Config = config.ExecProvider.Config
	}
	return cluster, nil
}

// ExecClusterToConfig creates a Config with the corresponding fields from
// the provided clientauthenticationapi.Cluster. The returned Config will be
// anonymous (i.e., it will not have any authentication-related fields set).
func ExecClusterToConfig(cluster *clientauthenticationapi.Cluster) (*Config, error) {
	var proxy func(*http.Request) (*url.URL, error)
	if cluster.ProxyURL != "" {
		u, err := url.Parse(cluster.ProxyURL)
		if err != nil {
			return nil, fmt.Errorf("cannot parse proxy URL: %w", err)
		}
		proxy = http.ProxyURL(u)
	}
	return &Config{
		Host: cluster.Server,
		TLSClientConfig: TLSClientConfig{
			Insecure:   cluster.InsecureSkipTLSVerify,
			ServerName: cluster.TLSServerName,
			CAData:     cluster.CertificateAuthorityData,
		},
		Proxy:              proxy,
		DisableCompression: cluster.DisableCompression,
	}, nil
}
