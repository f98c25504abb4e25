package exec

import (
	"fmt"
	"net/http"

	utilnet "k8s.io/apimachinery/pkg/util/net"
)

var _ utilnet.RoundTripperWrapper = (*roundTripper)(nil)

// roundTripper authenticates requests with the plugin's bearer token and
// drops the cached credentials when the server answers 401.
type roundTripper struct {
	a    *Authenticator
	base http.RoundTripper
}

// WrappedRoundTripper returns the next round tripper in the chain.
func (r *roundTripper) WrappedRoundTripper() http.RoundTripper { return r.base }

// RoundTrip implements http.RoundTripper. A request that already has an
// Authorization header is sent as is, so explicit credentials win.
func (r *roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Authorization") != "" {
		return r.base.RoundTrip(req)
	}
	creds, err := r.a.getCreds(req.Context())
	if err != nil {
		return nil, fmt.Errorf("getting credentials: %w", err)
	}
	if creds.token != "" {
		req = utilnet.CloneRequest(req)
		req.Header.Set("Authorization", "Bearer "+creds.token)
	}
	resp, err := r.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusUnauthorized {
		r.a.invalidate(creds)
	}
	return resp, nil
}
