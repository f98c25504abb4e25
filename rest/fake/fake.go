// Package fake provides a RESTClient stand-in for tests: requests built on it
// are answered by a canned response, an error, or a caller-supplied
// http.Client, and the last request is recorded. Import it from tests only.
package fake

import (
	"net/http"
	"net/url"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"

	restclient "github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/util/flowcontrol"
)

// CreateHTTPClient returns an http.Client whose transport is the function
// roundTripper: every request the client sends is answered by calling it.
func CreateHTTPClient(roundTripper func(*http.Request) (*http.Response, error)) *http.Client {
	return &http.Client{Transport: roundTripperFunc(roundTripper)}
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// RESTClient implements rest.Interface for tests. The Requests it builds
// are real rest.Requests (addressed to https://localhost plus
// VersionedAPIPath, encoded as JSON), but sending one ends in this fake:
// it fails with Err, or records the request in Req and answers with Client
// or Resp. Not safe for concurrent use, since every request overwrites Req.
type RESTClient struct {
	// NegotiatedSerializer encodes request bodies and decodes responses.
	NegotiatedSerializer runtime.NegotiatedSerializer
	// GroupVersion is what APIVersion reports and objects are encoded for.
	GroupVersion schema.GroupVersion
	// VersionedAPIPath is the path prefix of every request, e.g. "/api/v1".
	VersionedAPIPath string

	// Err, when set, is the transport error of every request; nothing is
	// recorded and neither Client nor Resp is used.
	Err error
	// Req is the HTTP request most recently sent (by Do, DoRaw, Stream or
	// Watch), as the fake received it.
	Req *http.Request
	// Client, when set and Err is not, sends the request on; its answer
	// is the response.
	Client *http.Client
	// Resp is the response to every request when neither Err nor Client
	// is set.
	Resp *http.Response
}

var _ restclient.Interface = (*RESTClient)(nil)

// Get begins a GET request.
func (c *RESTClient) Get() *restclient.Request { return c.Verb(http.MethodGet) }

// Put begins a PUT request.
func (c *RESTClient) Put() *restclient.Request { return c.Verb(http.MethodPut) }

// Patch begins a PATCH request with pt as Content-Type.
func (c *RESTClient) Patch(pt types.PatchType) *restclient.Request {
	return c.Verb(http.MethodPatch).SetHeader("Content-Type", string(pt))
}

// Post begins a POST request.
func (c *RESTClient) Post() *restclient.Request { return c.Verb(http.MethodPost) }

// Delete begins a DELETE request.
func (c *RESTClient) Delete() *restclient.Request { return c.Verb(http.MethodDelete) }

// Verb begins a request with the given verb.
func (c *RESTClient) Verb(verb string) *restclient.Request { return c.Request().Verb(verb) }

// APIVersion returns GroupVersion.
func (c *RESTClient) APIVersion() schema.GroupVersion { return c.GroupVersion }

// GetRateLimiter returns nil: the fake never throttles.
func (c *RESTClient) GetRateLimiter() flowcontrol.RateLimiter { return nil }

// Request returns a new request answered by this fake.
func (c *RESTClient) Request() *restclient.Request {
	base := &url.URL{Scheme: "https", Host: "localhost"}
	negotiator := runtime.NewClientNegotiator(c.NegotiatedSerializer, c.GroupVersion)
	content := restclient.ClientContentConfig{GroupVersion: c.GroupVersion, Negotiator: negotiator, ContentType: runtime.ContentTypeJSON}
	return restclient.NewRequestWithClient(base, c.VersionedAPIPath, content, CreateHTTPClient(c.do))
}

// do answers one request as the fields of c say.
func (c *RESTClient) do(req *http.Request) (*http.Response, error) {
	switch {
	case c.Err != nil:
		return nil, c.Err
	case c.Client != nil:
		c.Req = req
		return c.Client.Do(req)
	}
	c.Req = req
	return c.Resp, nil
}
