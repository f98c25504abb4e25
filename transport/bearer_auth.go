package transport

import (
	"net/http"

	"golang.org/x/oauth2"
	utilnet "k8s.io/apimachinery/pkg/util/net"
)

// NewBearerAuthRoundTripper wraps rt so that every request without an
// Authorization header is sent with "Authorization: Bearer <bearer>".
func NewBearerAuthRoundTripper(bearer string, rt http.RoundTripper) http.RoundTripper {
	return &bearerAuthRoundTripper{layer: layer{next: rt}, bearer: bearer}
}

// NewBearerAuthWithRefreshRoundTripper is NewBearerAuthRoundTripper with a
// token that can change. With an empty tokenFile it is exactly
// NewBearerAuthRoundTripper. Otherwise the token is the latest content read
// successfully from tokenFile (re-read periodically, see
// NewCachedFileTokenSource), and bearer is only the fallback. When bearer is
// empty the file is read before returning, and an unreadable file is an
// error.
func NewBearerAuthWithRefreshRoundTripper(bearer string, tokenFile string, rt http.RoundTripper) (http.RoundTripper, error) {
	if tokenFile == "" {
		return NewBearerAuthRoundTripper(bearer, rt), nil
	}
	source := NewCachedFileTokenSource(tokenFile)
	if bearer == "" {
		tok, err := source.Token()
		if err != nil {
			return nil, err
		}
		bearer = tok.AccessToken
	}
	return &bearerAuthRoundTripper{layer: layer{next: rt}, bearer: bearer, source: source}, nil
}

type bearerAuthRoundTripper struct {
	layer
	bearer string `datapolicy:"token"`
	// source, when set, supplies fresher tokens; bearer is the fallback used
	// while the source fails.
	source oauth2.TokenSource
}

// RoundTrip adds the current bearer token to a clone of req unless it has an
// Authorization header. A failing token file falls back to the last token.
func (rt *bearerAuthRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Authorization") != "" {
		return rt.next.RoundTrip(req)
	}
	token := rt.bearer
	if rt.source != nil {
		if tok, err := rt.source.Token(); err == nil {
			token = tok.AccessToken
		}
	}
	req = utilnet.CloneRequest(req)
	req.Header.Set("Authorization", "Bearer "+token)
	return rt.next.RoundTrip(req)
}
