package transport

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"k8s.io/klog/v2"
)

// ResettableTokenSource is an oauth2.TokenSource whose cached token can be
// discarded, for example after the server rejected it with 401 Unauthorized.
type ResettableTokenSource interface {
	oauth2.TokenSource
	// ResetTokenOlderThan drops the cached token if it was obtained before t,
	// so the next Token call fetches a fresh one.
	ResetTokenOlderThan(time.Time)
}

// TokenSourceWrapTransport returns a wrapper that authenticates each request
// with a bearer token taken from ts. Requests that already carry an
// Authorization header are passed through untouched.
func TokenSourceWrapTransport(ts oauth2.TokenSource) func(http.RoundTripper) http.RoundTripper {
	return func(rt http.RoundTripper) http.RoundTripper {
		return &tokenSourceTransport{layer: layer{next: rt}, source: ts}
	}
}

// ResettableTokenSourceWrapTransport is TokenSourceWrapTransport for a
// ResettableTokenSource: in addition, when the server answers 401
// Unauthorized, tokens obtained before the request started are
// reset so that the next request uses a fresh one.
func ResettableTokenSourceWrapTransport(ts ResettableTokenSource) func(http.RoundTripper) http.RoundTripper {
	return func(rt http.RoundTripper) http.RoundTripper {
		return &tokenSourceTransport{layer: layer{next: rt}, source: ts, resettable: ts}
	}
}

// tokenSourceTransport sets "Authorization: Bearer <token>" from a token source.
type tokenSourceTransport struct {
	layer
	source     oauth2.TokenSource
	resettable ResettableTokenSource // nil unless built by ResettableTokenSourceWrapTransport
}

// RoundTrip adds a token from the source unless req has an Authorization
// header, and resets a resettable source on 401 Unauthorized.
func (t *tokenSourceTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Authorization") != "" {
		return t.next.RoundTrip(req)
	}
	start := time.Now()
	// oauth2.Transport clones the request, sets the header from the token
	// (honouring its type) and closes the body on token errors.
	resp, err := (&oauth2.Transport{Source: t.source, Base: t.next}).RoundTrip(req)
	if err == nil && resp != nil && resp.StatusCode == http.StatusUnauthorized && t.resettable != nil {
		t.resettable.ResetTokenOlderThan(start)
	}
	return resp, err
}

// NewCachedFileTokenSource returns a ResettableTokenSource backed by the
// token file at path. The file is re-read periodically: a token
// read from the file is considered valid for one minute (less a 10 second
// leeway), after which the file is read again. If a re-read fails, the last
// good token keeps being used. Surrounding whitespace is trimmed; an empty file
// is an error. Safe for concurrent use.
func NewCachedFileTokenSource(path string) *cachingTokenSource {
	return &cachingTokenSource{
		base:   &fileTokenSource{path: path, period: time.Minute},
		leeway: 10 * time.Second,
		now:    time.Now,
	}
}

// NewCachedTokenSource puts a cache in front of ts and makes it resettable:
// ts is asked only when no token is cached or the cached one has expired. If the
// underlying source fails while a cached token exists, the cached token is
// returned and the error is logged. Safe for concurrent use.
func NewCachedTokenSource(ts oauth2.TokenSource) *cachingTokenSource {
	return &cachingTokenSource{base: ts, now: time.Now}
}

// fileTokenSource reads a bearer token from a file on every call.
type fileTokenSource struct {
	path   string
	period time.Duration // validity given to each token read
}

// Token reads and trims the file; it is an error if it is unreadable or empty.
func (ts *fileTokenSource) Token() (*oauth2.Token, error) {
	data, err := os.ReadFile(ts.path)
	if err != nil {
		return nil, fmt.Errorf("failed to read token file %q: %w", ts.path, err)
	}
	tok := strings.TrimSpace(string(data))
	if tok == "" {
		return nil, fmt.Errorf("read empty token from file %q", ts.path)
	}
	return &oauth2.Token{AccessToken: tok, Expiry: time.Now().Add(ts.period)}, nil
}

// cachingTokenSource caches the token of base until it is within leeway of
// its expiry. A token without expiry is not cached: base is asked every time.
type cachingTokenSource struct {
	base   oauth2.TokenSource
	leeway time.Duration
	now    func() time.Time

	mu      sync.RWMutex
	tok     *oauth2.Token
	fetched time.Time // when tok was obtained
}

// fresh reports whether tok can still be handed out at now.
func (ts *cachingTokenSource) fresh(tok *oauth2.Token, now time.Time) bool {
	return tok != nil && tok.Expiry.Add(-ts.leeway).After(now)
}

// Token returns the cached token or fetches a new one.
func (ts *cachingTokenSource) Token() (*oauth2.Token, error) {
	now := ts.now()
	ts.mu.RLock()
	tok := ts.tok
	ts.mu.RUnlock()
	if ts.fresh(tok, now) {
		return tok, nil
	}

	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.fresh(ts.tok, now) {
		return ts.tok, nil
	}
	tok, err := ts.base.Token()
	if err != nil {
		if ts.tok == nil {
			return nil, err
		}
		klog.TODO().Error(err, "Unable to rotate token, using the previous one")
		return ts.tok, nil
	}
	ts.tok = tok
	ts.fetched = ts.now()
	return tok, nil
}

// ResetTokenOlderThan drops the cached token if it was fetched before t.
func (ts *cachingTokenSource) ResetTokenOlderThan(t time.Time) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.fetched.Before(t) {
		ts.tok = nil
		ts.fetched = time.Time{}
	}
}
