package transport

import (
	"net/http"

	utilnet "k8s.io/apimachinery/pkg/util/net"
)

// NewUserAgentRoundTripper wraps rt so that requests without a User-Agent
// header are sent with agent as their User-Agent. The caller's request is never mutated; a clone is sent.
func NewUserAgentRoundTripper(agent string, rt http.RoundTripper) http.RoundTripper {
	return &userAgentRoundTripper{layer: layer{next: rt}, agent: agent}
}

type userAgentRoundTripper struct {
	layer
	agent string
}

// RoundTrip sets User-Agent on a clone of req unless it is already set.
func (rt *userAgentRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("User-Agent") != "" {
		return rt.next.RoundTrip(req)
	}
	req = utilnet.CloneRequest(req)
	req.Header.Set("User-Agent", rt.agent)
	return rt.next.RoundTrip(req)
}
