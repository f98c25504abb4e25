// Package oidc registers the "oidc" auth-provider: it sends the id-token from
// the kubeconfig's auth-provider config as a bearer token and, once that
// token is within ten seconds of expiry, obtains a new one from the identity
// provider with the refresh-token, writing both back through the config
// persister (normally into the kubeconfig).
//
// Recognized config keys: idp-issuer-url and client-id (required),
// client-secret, id-token, refresh-token, idp-certificate-authority (file)
// and idp-certificate-authority-data (base64 PEM) to trust the identity
// provider's TLS certificate. It does not perform the initial login; obtain
// the first tokens with an OIDC login tool, or prefer an exec credential
// plugin.
package oidc

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/klog/v2"

	"github.com/kclient/kclient/rest"
)

// Keys of the auth-provider config.
const (
	keyIssuerURL  = "idp-issuer-url"
	keyClientID   = "client-id"
	keySecret     = "client-secret"
	keyCAFile     = "idp-certificate-authority"
	keyCAData     = "idp-certificate-authority-data"
	keyIDToken    = "id-token"
	keyRefresh    = "refresh-token"
	keyScopesGone = "extra-scopes" // ignored: refresh requests carry no scopes
)

// expiryMargin is how long before its exp claim an id-token counts as expired.
const expiryMargin = 10 * time.Second

func init() {
	if err := rest.RegisterAuthProviderPlugin("oidc", newProvider); err != nil {
		klog.Background().Error(err, "Cannot register the oidc auth provider")
	}
}

// providers shares one provider (and so one token) among all clients of the
// same cluster, issuer and client ID in the process.
var providers = struct {
	sync.Mutex
	byKey map[providerKey]*provider
}{byKey: map[providerKey]*provider{}}

type providerKey struct{ cluster, issuer, clientID string }

func newProvider(clusterAddress string, cfg map[string]string, persister rest.AuthProviderConfigPersister) (rest.AuthProvider, error) {
	issuer, clientID := cfg[keyIssuerURL], cfg[keyClientID]
	if issuer == "" {
		return nil, fmt.Errorf("Must provide %s", keyIssuerURL)
	}
	if clientID == "" {
		return nil, fmt.Errorf("Must provide %s", keyClientID)
	}
	key := providerKey{clusterAddress, issuer, clientID}
	providers.Lock()
	existing := providers.byKey[key]
	providers.Unlock()
	if existing != nil {
		return existing, nil
	}
	if cfg[keyScopesGone] != "" {
		klog.V(2).InfoS("The oidc auth provider ignores extra-scopes: refresh requests send no scopes")
	}

	var caData []byte
	if enc := cfg[keyCAData]; enc != "" {
		var err error
		if caData, err = base64.StdEncoding.DecodeString(enc); err != nil {
			return nil, fmt.Errorf("oidc: %s is not valid base64: %w", keyCAData, err)
		}
	}
	rt, err := rest.TransportFor(&rest.Config{TLSClientConfig: rest.TLSClientConfig{CAFile: cfg[keyCAFile], CAData: caData}})
	if err != nil {
		return nil, err
	}
	p := &provider{
		idp:       &http.Client{Transport: rt},
		now:       time.Now,
		cfg:       cfg,
		persister: persister,
	}

	providers.Lock()
	defer providers.Unlock()
	if existing := providers.byKey[key]; existing != nil {
		return existing, nil // another goroutine won the race
	}
	providers.byKey[key] = p
	return p, nil
}

// provider holds the current tokens. Safe for concurrent use.
type provider struct {
	idp *http.Client // talks to the identity provider
	now func() time.Time

	mu        sync.Mutex
	cfg       map[string]string
	persister rest.AuthProviderConfigPersister
}

// WrapTransport adds the id-token to requests that carry no Authorization
// header of their own.
func (p *provider) WrapTransport(rt http.RoundTripper) http.RoundTripper {
	return &bearerRoundTripper{provider: p, next: rt}
}

// Login is not supported: the first tokens must come from elsewhere.
func (p *provider) Login() error {
	return errors.New("not yet implemented")
}

type bearerRoundTripper struct {
	provider *provider
	next     http.RoundTripper
}

var _ utilnet.RoundTripperWrapper = &bearerRoundTripper{}

func (r *bearerRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Authorization") != "" {
		return r.next.RoundTrip(req)
	}
	token, err := r.provider.idToken(req.Context())
	if err != nil {
		return nil, err
	}
	authed := req.Clone(req.Context())
	authed.Header.Set("Authorization", "Bearer "+token)
	return r.next.RoundTrip(authed)
}

// WrappedRoundTripper returns the round tripper requests are passed to.
func (r *bearerRoundTripper) WrappedRoundTripper() http.RoundTripper { return r.next }

// idToken returns a valid id-token, refreshing it first if needed.
func (p *provider) idToken(ctx context.Context) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()

	if tok := p.cfg[keyIDToken]; tok != "" {
		fresh, err := stillValid(p.now(), tok)
		if err != nil {
			return "", err
		}
		if fresh {
			return tok, nil
		}
	}
	refresh := p.cfg[keyRefresh]
	if refresh == "" {
		return "", errors.New("No valid id-token, and cannot refresh without refresh-token")
	}
	tokenURL, err := discoverTokenURL(ctx, p.idp, p.cfg[keyIssuerURL])
	if err != nil {
		return "", err
	}
	oauthCfg := oauth2.Config{
		ClientID:     p.cfg[keyClientID],
		ClientSecret: p.cfg[keySecret],
		Endpoint:     oauth2.Endpoint{TokenURL: tokenURL},
	}
	// The refresh must not be cut short by the request that triggered it:
	// its result serves every later request too.
	refreshCtx := context.WithValue(context.WithoutCancel(ctx), oauth2.HTTPClient, p.idp)
	got, err := oauthCfg.TokenSource(refreshCtx, &oauth2.Token{RefreshToken: refresh}).Token()
	if err != nil {
		return "", fmt.Errorf("failed to refresh token: %w", err)
	}
	idToken, ok := got.Extra("id_token").(string)
	if !ok || idToken == "" {
		return "", errors.New(`token response did not contain an id_token, either the scope "openid" wasn't requested upon login, or the provider doesn't support id_tokens as part of the refresh response`)
	}

	updated := make(map[string]string, len(p.cfg)+1)
	for k, v := range p.cfg {
		updated[k] = v
	}
	if got.RefreshToken != "" {
		updated[keyRefresh] = got.RefreshToken // providers may rotate it
	}
	updated[keyIDToken] = idToken
	if p.persister != nil {
		if err := p.persister.Persist(updated); err != nil {
			return "", fmt.Errorf("could not persist new tokens: %w", err)
		}
	}
	p.cfg = updated
	return idToken, nil
}

// discoverTokenURL reads token_endpoint from the issuer's OpenID
// configuration document.
func discoverTokenURL(ctx context.Context, client *http.Client, issuer string) (string, error) {
	wellKnown := strings.TrimSuffix(issuer, "/") + "/.well-known/openid-configuration"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, wellKnown, nil)
	if err != nil {
		return "", fmt.Errorf("oidc: bad issuer URL: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		if len(body) > 80 {
			body = append(body[:80:80], "..."...)
		}
		return "", fmt.Errorf("oidc: failed to query metadata endpoint %s: %q", resp.Status, body)
	}
	var doc struct {
		TokenEndpoint string `json:"token_endpoint"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return "", fmt.Errorf("oidc: failed to decode provider discovery object: %w", err)
	}
	if doc.TokenEndpoint == "" {
		return "", errors.New("oidc: discovery object doesn't contain a token_endpoint")
	}
	return doc.TokenEndpoint, nil
}

// stillValid reports whether the JWT's exp claim is more than expiryMargin
// after now. The signature is not checked: the apiserver does that.
func stillValid(now time.Time, jwt string) (bool, error) {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return false, errors.New("ID Token is not a valid JWT")
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return false, fmt.Errorf("ID Token payload is not base64url: %w", err)
	}
	var claims struct {
		Exp json.Number `json:"exp"`
	}
	dec := json.NewDecoder(strings.NewReader(string(payload)))
	dec.UseNumber()
	if err := dec.Decode(&claims); err != nil {
		return false, fmt.Errorf("parsing claims: %w", err)
	}
	exp, err := unixSeconds(claims.Exp)
	if err != nil {
		return false, fmt.Errorf("parsing claims: exp: %w", err)
	}
	return now.Add(expiryMargin).Before(exp), nil
}

// unixSeconds converts an exp claim (integer or float seconds) to a time;
// a missing claim is the Unix epoch, hence long expired.
func unixSeconds(n json.Number) (time.Time, error) {
	if n == "" {
		return time.Unix(0, 0), nil
	}
	if i, err := n.Int64(); err == nil {
		return time.Unix(i, 0), nil
	}
	f, err := n.Float64()
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(int64(f), 0), nil
}
