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

// CreateHTTPClient creates an http.Client that will invoke the provided
// roundTripper func when a request is made.
func CreateHTTPClient(roundTripper func(*http.Request) (*http.Response, error)) *http.Client {
	return &http.Client{Transport: roundTripperFunc(roundTripper)}
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// RESTClient provides a fake RESTClient interface. It is used to mock network
// interactions via a rest.Request, or to make them via the provided Client to
// a specific server. Requests go to https://localhost plus VersionedAPIPath
// and are encoded as JSON. It is not safe for concurrent use: Req is
// overwritten by every request.
type RESTClient struct {
	// NegotiatedSerializer encodes request bodies and decodes responses.
	NegotiatedSerializer runtime.NegotiatedSerializer
	// GroupVersion is the API version of the requests.
	GroupVersion schema.GroupVersion
	// VersionedAPIPath is the path prefix of every request, e.g. "/api/v1".
	VersionedAPIPath string

	// Err is returned when any request would be made to the server. If Err is set,
	// Req will not be recorded, Resp will not be returned, and Client will not be
	// invoked.
	Err error
	// Req is set to the last request that was executed (had the methods Do/DoRaw) invoked.
	Req *http.Request
	// Client, if specified, will be invoked instead of returning Resp if
	// Err is not set.
	Client *http.Client
	// Resp is returned to the caller after Req is recorded, unless Err or Client are set.
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
	content := restclient.ClientContentConfig{
		ContentType:  runtime.ContentTypeJSON,
		GroupVersion: c.GroupVersion,
		Negotiator:   runtime.NewClientNegotiator(c.NegotiatedSerializer, c.GroupVersion),
	}
	return restclient.NewRequestWithClient(&url.URL{Scheme: "https", Host: "localhost"}, c.VersionedAPIPath, content, CreateHTTPClient(c.do))
}

func (c *RESTClient) do(req *http.Request) (*http.Response, error) {
	if c.Err != nil {
		return nil, c.Err
	}
	c.Req = req
	if c.Client != nil {
		return c.Client.Do(req)
	}
	return c.Resp, nil
}
