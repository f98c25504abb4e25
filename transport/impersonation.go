package transport

import (
	"net/http"

	utilnet "k8s.io/apimachinery/pkg/util/net"
)

// Impersonation request headers. The API server defines these names; they
// are part of the wire protocol and must not change.
const (
	// ImpersonateUserHeader carries the user name a request acts as.
	ImpersonateUserHeader = "Impersonate-User"

	// ImpersonateUIDHeader carries the UID of the user a request acts as.
	ImpersonateUIDHeader = "Impersonate-Uid"

	// ImpersonateGroupHeader carries one group the request acts as; send the
	// header once per group.
	ImpersonateGroupHeader = "Impersonate-Group"

	// ImpersonateUserExtraHeaderPrefix starts the headers that carry the
	// impersonated user's extra attributes (user.Info's extra map). What
	// follows the prefix is the map key, percent-encoded where it is not a
	// legal header name. The same key can be
	// repeated to carry several values: "Impersonate-Extra-Foo: one" and
	// "Impersonate-Extra-Foo: two" give extra["Foo"] = []string{"one", "two"}.
	ImpersonateUserExtraHeaderPrefix = "Impersonate-Extra-"
)

// NewImpersonatingRoundTripper will add the impersonation (Impersonate-*)
// headers to a request unless an Impersonate-User header has already been set.
// The caller's request is never mutated; a clone is sent.
func NewImpersonatingRoundTripper(impersonate ImpersonationConfig, delegate http.RoundTripper) http.RoundTripper {
	return &impersonatingRoundTripper{layer: layer{next: delegate}, impersonate: impersonate}
}

type impersonatingRoundTripper struct {
	layer
	impersonate ImpersonationConfig
}

// RoundTrip adds the impersonation headers to a clone of req unless it has an
// Impersonate-User header.
func (rt *impersonatingRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get(ImpersonateUserHeader) != "" {
		return rt.next.RoundTrip(req)
	}
	req = utilnet.CloneRequest(req)
	imp := rt.impersonate
	req.Header.Set(ImpersonateUserHeader, imp.UserName)
	if imp.UID != "" {
		req.Header.Set(ImpersonateUIDHeader, imp.UID)
	}
	for _, g := range imp.Groups {
		req.Header.Add(ImpersonateGroupHeader, g)
	}
	for key, values := range imp.Extra {
		name := ImpersonateUserExtraHeaderPrefix + headerKeyEscape(key)
		for _, v := range values {
			req.Header.Add(name, v)
		}
	}
	return rt.next.RoundTrip(req)
}
