package transport

import (
	"net/http"
	"strings"

	utilnet "k8s.io/apimachinery/pkg/util/net"
)

// Header names of the request-header (authenticating proxy) protocol.
const (
	authProxyUserHeader        = "X-Remote-User"
	authProxyUIDHeader         = "X-Remote-Uid"
	authProxyGroupHeader       = "X-Remote-Group"
	authProxyExtraHeaderPrefix = "X-Remote-Extra-"
)

// NewAuthProxyRoundTripper is for a proxy that terminates authentication
// itself and forwards the authenticated identity to the API server in the
// X-Remote-* request headers: username, uid, groups and extra are the user's
// name, UID, groups and extra attributes (user.Info). Extra may hold anything
// the authenticator recorded, such as authorization scopes; its keys must be
// lowercase, or they will not survive a round trip through impersonation.
//
// Unlike the other wrappers it always replaces any auth proxy headers already
// present on the request. The caller's request is never mutated.
func NewAuthProxyRoundTripper(username, uid string, groups []string, extra map[string][]string, rt http.RoundTripper) http.RoundTripper {
	return &authProxyRoundTripper{layer: layer{next: rt}, username: username, uid: uid, groups: groups, extra: extra}
}

type authProxyRoundTripper struct {
	layer
	username string
	uid      string
	groups   []string
	extra    map[string][]string
}

// RoundTrip sends a clone of req with the auth proxy headers replaced.
func (rt *authProxyRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	req = utilnet.CloneRequest(req)
	SetAuthProxyHeaders(req, rt.username, rt.uid, rt.groups, rt.extra)
	return rt.next.RoundTrip(req)
}

// SetAuthProxyHeaders stomps the auth proxy header fields: it removes every
// X-Remote-User, X-Remote-Uid, X-Remote-Group and X-Remote-Extra-* header and
// sets them from the arguments. It mutates its argument.
func SetAuthProxyHeaders(req *http.Request, username, uid string, groups []string, extra map[string][]string) {
	if req.Header == nil {
		req.Header = http.Header{}
	}
	req.Header.Del(authProxyUserHeader)
	req.Header.Del(authProxyUIDHeader)
	req.Header.Del(authProxyGroupHeader)
	for name := range req.Header {
		if len(name) >= len(authProxyExtraHeaderPrefix) && strings.EqualFold(name[:len(authProxyExtraHeaderPrefix)], authProxyExtraHeaderPrefix) {
			delete(req.Header, name)
		}
	}

	req.Header.Set(authProxyUserHeader, username)
	if uid != "" {
		req.Header.Set(authProxyUIDHeader, uid)
	}
	for _, g := range groups {
		req.Header.Add(authProxyGroupHeader, g)
	}
	for key, values := range extra {
		name := authProxyExtraHeaderPrefix + headerKeyEscape(key)
		for _, v := range values {
			req.Header.Add(name, v)
		}
	}
}
