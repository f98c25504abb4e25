package transport

import (
	"net/http"

	utilnet "k8s.io/apimachinery/pkg/util/net"
)

// These correspond to the headers used in pkg/apis/authentication. We don't
// want the package dependency, but you must not change the values.
const (
	// ImpersonateUserHeader is used to impersonate a particular user during an API server request
	ImpersonateUserHeader = "Impersonate-User"

	// ImpersonateUIDHeader is used to impersonate a particular UID during an API server request
	ImpersonateUIDHeader = "Impersonate-Uid"

	// ImpersonateGroupHeader is used to impersonate a particular group during an API server request.
	// It can be repeated multiplied times for multiple groups.
	ImpersonateGroupHeader = "Impersonate-Group"

	// ImpersonateUserExtraHeaderPrefix is a prefix for a header used to impersonate an entry in the
	// extra map[string][]string for user.Info. The key for the `extra` map is the suffix,
	// percent-encoded where it is not a legal header name. The same key can be
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
