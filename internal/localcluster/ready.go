package localcluster

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// TLSConfig returns a TLS configuration that verifies the apiserver against the
// cluster CA and presents the admin client certificate.
func (c *Cluster) TLSConfig() (*tls.Config, error) {
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(c.CAData) {
		return nil, errors.New("cluster CA data holds no PEM certificate")
	}
	cert, err := tls.X509KeyPair(c.ClientCertData, c.ClientKeyData)
	if err != nil {
		return nil, fmt.Errorf("loading admin client certificate: %w", err)
	}
	return &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

// HTTPClient returns a plain net/http client authenticated as the admin user by
// client certificate, verifying the server. Handy in tests that must not depend
// on kclient itself.
func (c *Cluster) HTTPClient() (*http.Client, error) {
	cfg, err := c.TLSConfig()
	if err != nil {
		return nil, err
	}
	return &http.Client{
		Transport: &http.Transport{TLSClientConfig: cfg, ForceAttemptHTTP2: true},
		Timeout:   30 * time.Second,
	}, nil
}

// WaitReady polls the apiserver until GET /readyz succeeds and the "default"
// namespace exists, or ctx is done.
func (c *Cluster) WaitReady(ctx context.Context) error {
	c.mu.Lock()
	apiserver, etcd := c.apiserver, c.etcd
	c.mu.Unlock()
	return c.waitReady(ctx, apiserver, etcd)
}

// waitReady implements WaitReady; apiserver and etcd (either may be nil) are
// watched so that a crash fails fast.
func (c *Cluster) waitReady(ctx context.Context, apiserver, etcd *process) error {
	client, err := c.HTTPClient()
	if err != nil {
		return err
	}
	defer client.CloseIdleConnections()
	client.Timeout = 5 * time.Second
	var last error
	for {
		last = probe(ctx, client, c.Host+"/readyz")
		if last == nil {
			last = probe(ctx, client, c.Host+"/api/v1/namespaces/default")
		}
		if last == nil {
			return nil
		}
		if apiserver != nil && apiserver.exited() {
			return fmt.Errorf("kube-apiserver %s", apiserver.exitStatus())
		}
		if etcd != nil && etcd.exited() {
			return fmt.Errorf("etcd %s", etcd.exitStatus())
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (last probe: %w)", ctx.Err(), last)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// probe returns nil if GET url answers 200.
func probe(ctx context.Context, client *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("building request for %s: %w", url, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s: %s", url, resp.Status, body)
	}
	return nil
}

// waitEtcd polls etcd's /health endpoint until it reports healthy, etcd exits,
// or ctx is done.
func waitEtcd(ctx context.Context, url string, p *process) error {
	client := &http.Client{Timeout: 2 * time.Second}
	defer client.CloseIdleConnections()
	var last error
	for {
		last = probe(ctx, client, url+"/health")
		if last == nil {
			return nil
		}
		if p.exited() {
			return fmt.Errorf("etcd %s", p.exitStatus())
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (last probe: %w)", ctx.Err(), last)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
