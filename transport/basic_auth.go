package transport

import (
	"net/http"

	utilnet "k8s.io/apimachinery/pkg/util/net"
)

// NewBasicAuthRoundTripper wraps rt so that every request without an
// Authorization header gets HTTP basic credentials for username and password. The caller's request is never
// mutated; a clone is sent.
func NewBasicAuthRoundTripper(username, password string, rt http.RoundTripper) http.RoundTripper {
	return &basicAuthRoundTripper{layer: layer{next: rt}, username: username, password: password}
}

type basicAuthRoundTripper struct {
	layer
	username string
	password string `datapolicy:"password"`
}

// RoundTrip adds basic auth to a clone of req unless it has an Authorization header.
func (rt *basicAuthRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Authorization") != "" {
		return rt.next.RoundTrip(req)
	}
	req = utilnet.CloneRequest(req)
	req.SetBasicAuth(rt.username, rt.password)
	return rt.next.RoundTrip(req)
}
