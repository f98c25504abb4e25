package transport

import (
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	utilnet "k8s.io/apimachinery/pkg/util/net"
)

// recorder is the innermost round tripper of the tests: it remembers the
// last request and answers with status (200 when zero).
type recorder struct {
	req    *http.Request
	calls  int
	status int
	err    error
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.req = req
	r.calls++
	if r.err != nil {
		return nil, r.err
	}
	status := r.status
	if status == 0 {
		status = http.StatusOK
	}
	return &http.Response{StatusCode: status, Status: http.StatusText(status), Header: http.Header{"Content-Type": {"application/json"}}, Body: http.NoBody, Request: req}, nil
}

func newRequest(t *testing.T, header http.Header) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "https://example.test/api/v1/pods?limit=1", nil)
	require.NoError(t, err)
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	return req
}

func TestHeaderRoundTrippers(t *testing.T) {
	tests := []struct {
		name   string
		wrap   func(http.RoundTripper) http.RoundTripper
		header http.Header // already on the request
		want   http.Header // expected on the wire (only these keys are checked)
		absent []string
	}{
		{
			name: "user agent set",
			wrap: func(rt http.RoundTripper) http.RoundTripper { return NewUserAgentRoundTripper("agent/1", rt) },
			want: http.Header{"User-Agent": {"agent/1"}},
		},
		{
			name:   "user agent kept",
			wrap:   func(rt http.RoundTripper) http.RoundTripper { return NewUserAgentRoundTripper("agent/1", rt) },
			header: http.Header{"User-Agent": {"mine"}},
			want:   http.Header{"User-Agent": {"mine"}},
		},
		{
			name: "basic auth set",
			wrap: func(rt http.RoundTripper) http.RoundTripper { return NewBasicAuthRoundTripper("user", "pass", rt) },
			want: http.Header{"Authorization": {"Basic dXNlcjpwYXNz"}},
		},
		{
			name:   "basic auth keeps existing authorization",
			wrap:   func(rt http.RoundTripper) http.RoundTripper { return NewBasicAuthRoundTripper("user", "pass", rt) },
			header: http.Header{"Authorization": {"Bearer other"}},
			want:   http.Header{"Authorization": {"Bearer other"}},
		},
		{
			name: "bearer set",
			wrap: func(rt http.RoundTripper) http.RoundTripper { return NewBearerAuthRoundTripper("tok", rt) },
			want: http.Header{"Authorization": {"Bearer tok"}},
		},
		{
			name:   "bearer keeps existing authorization",
			wrap:   func(rt http.RoundTripper) http.RoundTripper { return NewBearerAuthRoundTripper("tok", rt) },
			header: http.Header{"Authorization": {"Basic abc"}},
			want:   http.Header{"Authorization": {"Basic abc"}},
		},
		{
			name: "impersonation all fields",
			wrap: func(rt http.RoundTripper) http.RoundTripper {
				return NewImpersonatingRoundTripper(ImpersonationConfig{
					UserName: "jane", UID: "u-1", Groups: []string{"a", "b"},
					Extra: map[string][]string{"scopes": {"s1", "s2"}, "example.com/key%1": {"v"}},
				}, rt)
			},
			want: http.Header{
				"Impersonate-User":                        {"jane"},
				"Impersonate-Uid":                         {"u-1"},
				"Impersonate-Group":                       {"a", "b"},
				"Impersonate-Extra-Scopes":                {"s1", "s2"},
				"Impersonate-Extra-Example.com%2fkey%251": {"v"},
			},
		},
		{
			name: "impersonation user only",
			wrap: func(rt http.RoundTripper) http.RoundTripper {
				return NewImpersonatingRoundTripper(ImpersonationConfig{UserName: "jane"}, rt)
			},
			want:   http.Header{"Impersonate-User": {"jane"}},
			absent: []string{"Impersonate-Uid", "Impersonate-Group"},
		},
		{
			name: "impersonation skipped when user header present",
			wrap: func(rt http.RoundTripper) http.RoundTripper {
				return NewImpersonatingRoundTripper(ImpersonationConfig{UserName: "jane", Groups: []string{"g"}}, rt)
			},
			header: http.Header{"Impersonate-User": {"bob"}},
			want:   http.Header{"Impersonate-User": {"bob"}},
			absent: []string{"Impersonate-Group"},
		},
		{
			name: "auth proxy replaces existing headers",
			wrap: func(rt http.RoundTripper) http.RoundTripper {
				return NewAuthProxyRoundTripper("jane", "u-1", []string{"g1", "g2"}, map[string][]string{"acme.com/project": {"p"}}, rt)
			},
			header: http.Header{"X-Remote-User": {"evil"}, "X-Remote-Group": {"system:masters"}, "X-Remote-Extra-Foo": {"bar"}},
			want: http.Header{
				"X-Remote-User":                     {"jane"},
				"X-Remote-Uid":                      {"u-1"},
				"X-Remote-Group":                    {"g1", "g2"},
				"X-Remote-Extra-Acme.com%2fproject": {"p"},
			},
			absent: []string{"X-Remote-Extra-Foo"},
		},
		{
			name: "auth proxy without uid",
			wrap: func(rt http.RoundTripper) http.RoundTripper {
				return NewAuthProxyRoundTripper("jane", "", nil, nil, rt)
			},
			header: http.Header{"X-Remote-Uid": {"stale"}},
			want:   http.Header{"X-Remote-User": {"jane"}},
			absent: []string{"X-Remote-Uid", "X-Remote-Group"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			rt := tc.wrap(rec)
			req := newRequest(t, tc.header)
			before := req.Header.Clone()

			resp, err := rt.RoundTrip(req)
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			require.NotNil(t, rec.req)
			for k, v := range tc.want {
				assert.Equal(t, v, rec.req.Header.Values(k), "header %s", k)
			}
			for _, k := range tc.absent {
				assert.Empty(t, rec.req.Header.Values(k), "header %s", k)
			}
			assert.Equal(t, before, req.Header, "caller's request must not be mutated")

			w, ok := rt.(utilnet.RoundTripperWrapper)
			require.True(t, ok, "%T must expose the wrapped round tripper", rt)
			assert.Same(t, rec, w.WrappedRoundTripper())
		})
	}
}

func TestSetAuthProxyHeaders(t *testing.T) {
	req := newRequest(t, http.Header{"x-remote-extra-old": {"1"}, "X-Remote-Group": {"old"}})
	SetAuthProxyHeaders(req, "u", "", []string{"new"}, map[string][]string{"k": {"v"}})
	assert.Equal(t, "u", req.Header.Get("X-Remote-User"))
	assert.Equal(t, []string{"new"}, req.Header.Values("X-Remote-Group"))
	assert.Equal(t, []string{"v"}, req.Header.Values("X-Remote-Extra-K"))
	assert.NotContains(t, req.Header, "x-remote-extra-old")

	// A request without a header map is handled, not a panic.
	bare := &http.Request{URL: &url.URL{}}
	SetAuthProxyHeaders(bare, "u", "id", nil, nil)
	assert.Equal(t, "id", bare.Header.Get("X-Remote-Uid"))
}

func TestHeaderKeyEscape(t *testing.T) {
	tests := map[string]string{
		"simple":               "simple",
		"example.com/foo":      "example.com%2Ffoo",
		"100%":                 "100%25",
		"spaces and:colons":    "spaces%20and%3Acolons",
		"unicode-ü":            "unicode-%C3%BC",
		"tokens!#$&'*+-.^_`|~": "tokens!#$&'*+-.^_`|~",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			got := headerKeyEscape(in)
			assert.Equal(t, want, got)
			back, err := url.PathUnescape(got)
			require.NoError(t, err)
			assert.Equal(t, in, back)
		})
	}
}

func TestRoundTripperPropagatesErrors(t *testing.T) {
	boom := errors.New("boom")
	for name, rt := range map[string]http.RoundTripper{
		"user agent":    NewUserAgentRoundTripper("a", &recorder{err: boom}),
		"basic":         NewBasicAuthRoundTripper("u", "p", &recorder{err: boom}),
		"bearer":        NewBearerAuthRoundTripper("t", &recorder{err: boom}),
		"impersonation": NewImpersonatingRoundTripper(ImpersonationConfig{UserName: "u"}, &recorder{err: boom}),
		"auth proxy":    NewAuthProxyRoundTripper("u", "", nil, nil, &recorder{err: boom}),
		"debugging":     NewDebuggingRoundTripper(&recorder{err: boom}, DebugURLTiming),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := rt.RoundTrip(newRequest(t, nil))
			assert.ErrorIs(t, err, boom)
		})
	}
}
