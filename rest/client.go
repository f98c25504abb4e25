package rest

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kclient/kclient/features"
	"github.com/kclient/kclient/tools/metrics"
	"github.com/kclient/kclient/util/flowcontrol"
)

// Environment variables that enable per-URL exponential backoff (in seconds).
const (
	envBackoffBase     = "KUBE_CLIENT_BACKOFF_BASE"
	envBackoffDuration = "KUBE_CLIENT_BACKOFF_DURATION"
)

// Interface captures the set of operations for generically interacting with
// Kubernetes REST apis.
type Interface interface {
	GetRateLimiter() flowcontrol.RateLimiter
	Verb(verb string) *Request
	Post() *Request
	Put() *Request
	Patch(pt types.PatchType) *Request
	Get() *Request
	Delete() *Request
	APIVersion() schema.GroupVersion
}

// ClientContentConfig controls how RESTClient communicates with the server.
type ClientContentConfig struct {
	// AcceptContentTypes specifies the types the client will accept and is optional.
	// If not set, ContentType will be used to define the Accept header
	AcceptContentTypes string
	// ContentType specifies the wire format used to communicate with the server.
	// This value will be set as the Accept header on requests made to the server if
	// AcceptContentTypes is not set, and as the default content type on any object
	// sent to the server. If not set, "application/json" is used.
	ContentType string
	// GroupVersion is the API version to talk to. Must be provided when initializing
	// a RESTClient directly. When initializing a Client, will be set with the default
	// code version. This is used as the default group version for VersionedParams.
	GroupVersion schema.GroupVersion
	// Negotiator is used for obtaining encoders and decoders for multiple
	// supported media types.
	Negotiator runtime.ClientNegotiator
}

// HTTPClient is an interface for testing a request object.
type HTTPClient interface {
	Do(req *http.Request) (*http.Response, error)
}

// RESTClient imposes common Kubernetes API conventions on a set of resource
// paths. The baseURL is expected to point to an HTTP or HTTPS path that is the
// parent of one or more resources. The server should return a decodable API
// resource object, or an api.Status object which contains information about
// the reason for any failure.
//
// A RESTClient is safe for concurrent use by many goroutines; each Request it
// creates belongs to one goroutine.
type RESTClient struct {
	// Client sets specific behavior of the client. If not set http.DefaultClient will be used.
	Client *http.Client

	base             *url.URL
	versionedAPIPath string
	content          ClientContentConfig
	rateLimiter      flowcontrol.RateLimiter
	warningHandler   WarningHandlerWithContext
	// newBackoff creates the backoff manager of each request; nil means the
	// shared no-op backoff.
	newBackoff func() BackoffManagerWithContext

	// derived once, used by every request
	pathPrefix string   // "/" + base path + versioned API path, cleaned
	accept     []string // default Accept header value

	// sawUnsupportedCBOR is set once the server answered a CBOR request
	// with 415 Unsupported Media Type; later requests then send JSON.
	sawUnsupportedCBOR atomic.Bool

	decodersMu sync.RWMutex
	decoders   map[string]decoderCacheEntry // by Content-Type header value
}

// decoderCacheEntry remembers the decoder negotiated for one Content-Type.
type decoderCacheEntry struct {
	decoder runtime.Decoder
	err     error
}

// NewRESTClient creates a new RESTClient. This client performs generic REST
// functions such as Get, Put, Post, and Delete on specified paths. config
// must carry a Negotiator; rateLimiter may be nil (no client-side limit);
// client may be nil (http.DefaultClient).
func NewRESTClient(baseURL *url.URL, versionedAPIPath string, config ClientContentConfig, rateLimiter flowcontrol.RateLimiter, client *http.Client) (*RESTClient, error) {
	if baseURL == nil {
		return nil, fmt.Errorf("a base URL is required to create a REST client")
	}
	metrics.EnsureRegistered()
	base := *baseURL
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	base.RawPath = ""
	base.RawQuery = ""
	base.Fragment = ""
	c := &RESTClient{
		Client:           client,
		base:             &base,
		versionedAPIPath: versionedAPIPath,
		content:          scrubCBOR(config),
		rateLimiter:      rateLimiter,
		newBackoff:       backoffFromEnv(),
	}
	c.pathPrefix = path.Join("/", base.Path, versionedAPIPath)
	c.accept = acceptHeader(c.content)
	return c, nil
}

// acceptHeader computes the Accept header for a content configuration.
func acceptHeader(cc ClientContentConfig) []string {
	switch {
	case cc.AcceptContentTypes != "":
		return []string{cc.AcceptContentTypes}
	case cc.ContentType != "":
		return []string{cc.ContentType + ", */*"}
	default:
		return []string{"application/json, */*"}
	}
}

// backoffFromEnv reads KUBE_CLIENT_BACKOFF_BASE and
// KUBE_CLIENT_BACKOFF_DURATION; when both are valid integers each request
// gets a URLBackoff with those bounds (in seconds).
func backoffFromEnv() func() BackoffManagerWithContext {
	base, errBase := strconv.Atoi(os.Getenv(envBackoffBase))
	duration, errDuration := strconv.Atoi(os.Getenv(envBackoffDuration))
	if errBase != nil || errDuration != nil {
		return nil
	}
	return func() BackoffManagerWithContext {
		return &URLBackoff{Backoff: flowcontrol.NewBackOff(time.Duration(base)*time.Second, time.Duration(duration)*time.Second)}
	}
}

// GetRateLimiter returns rate limiter for a given client, or nil if it's
// called on a nil client
func (c *RESTClient) GetRateLimiter() flowcontrol.RateLimiter {
	if c == nil {
		return nil
	}
	return c.rateLimiter
}

// Verb begins a request with a verb (GET, POST, PUT, DELETE).
//
//	err := c.Verb("GET").Resource("pods").Namespace("default").Name("p").Do(ctx).Into(&pod)
func (c *RESTClient) Verb(verb string) *Request {
	return NewRequest(c).Verb(verb)
}

// Post begins a POST request. Short for c.Verb("POST").
func (c *RESTClient) Post() *Request { return c.Verb(http.MethodPost) }

// Put begins a PUT request. Short for c.Verb("PUT").
func (c *RESTClient) Put() *Request { return c.Verb(http.MethodPut) }

// Patch begins a PATCH request with the given patch type as Content-Type.
// Short for c.Verb("Patch").
func (c *RESTClient) Patch(pt types.PatchType) *Request {
	return c.Verb(http.MethodPatch).SetHeader("Content-Type", string(pt))
}

// Get begins a GET request. Short for c.Verb("GET").
func (c *RESTClient) Get() *Request { return c.Verb(http.MethodGet) }

// Delete begins a DELETE request. Short for c.Verb("DELETE").
func (c *RESTClient) Delete() *Request { return c.Verb(http.MethodDelete) }

// APIVersion returns the APIVersion this RESTClient is expected to use.
func (c *RESTClient) APIVersion() schema.GroupVersion {
	return c.content.GroupVersion
}

// decoderFor returns the decoder for a response Content-Type header value.
// Negotiation results are cached per distinct header value (a handful in
// practice; the cache is bounded so a misbehaving server cannot grow it).
func (c *RESTClient) decoderFor(contentType string) (runtime.Decoder, error) {
	c.decodersMu.RLock()
	entry, ok := c.decoders[contentType]
	c.decodersMu.RUnlock()
	if ok {
		return entry.decoder, entry.err
	}
	var dec runtime.Decoder
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err == nil {
		if c.content.Negotiator == nil {
			err = fmt.Errorf("no serializer configured for %q", mediaType)
		} else {
			dec, err = c.content.Negotiator.Decoder(mediaType, params)
		}
	}
	c.decodersMu.Lock()
	if c.decoders == nil {
		c.decoders = make(map[string]decoderCacheEntry)
	}
	if len(c.decoders) < maxCachedDecoders {
		c.decoders[contentType] = decoderCacheEntry{decoder: dec, err: err}
	}
	c.decodersMu.Unlock()
	return dec, err
}

// maxCachedDecoders bounds RESTClient.decoders.
const maxCachedDecoders = 16

// scrubCBOR rewrites CBOR media types to JSON unless the ClientsAllowCBOR
// feature is enabled, and makes CBOR the default content type when
// ClientsPreferCBOR is enabled too.
func scrubCBOR(cc ClientContentConfig) ClientContentConfig {
	gates := features.FeatureGates()
	if !gates.Enabled(features.ClientsAllowCBOR) {
		if isCBOR(cc.ContentType) {
			cc.ContentType = "application/json"
		}
		if strings.Contains(cc.AcceptContentTypes, "cbor") {
			ranges := strings.Split(cc.AcceptContentTypes, ",")
			for i, r := range ranges {
				if isCBOR(r) {
					ranges[i] = "application/json"
				}
			}
			cc.AcceptContentTypes = strings.Join(ranges, ",")
		}
		return cc
	}
	if cc.ContentType == "" && gates.Enabled(features.ClientsPreferCBOR) {
		cc.ContentType = "application/cbor"
	}
	if cc.Negotiator != nil {
		cc.Negotiator = cborSeqNegotiator{cc.Negotiator}
	}
	return cc
}

// requestContent is the content configuration of a new request: the
// client's, with CBOR replaced by JSON once the server rejected CBOR.
func (c *RESTClient) requestContent() ClientContentConfig {
	cc := c.content
	if c.sawUnsupportedCBOR.Load() && isCBOR(cc.ContentType) {
		cc.ContentType = jsonContentType
	}
	return cc
}

// unsupportedMediaType records a 415 answer to a request sent as CBOR.
func (c *RESTClient) unsupportedMediaType(requestContentType string) {
	if !features.FeatureGates().Enabled(features.ClientsAllowCBOR) {
		return
	}
	if isCBOR(requestContentType) || strings.HasPrefix(strings.TrimSpace(requestContentType), string(types.ApplyCBORPatchType)) {
		c.sawUnsupportedCBOR.Store(true)
	}
}

// cborSeqNegotiator resolves "application/cbor-seq" streams (a sequence of
// CBOR items) with the "application/cbor" serializer.
type cborSeqNegotiator struct{ runtime.ClientNegotiator }

func (n cborSeqNegotiator) StreamDecoder(contentType string, params map[string]string) (runtime.Decoder, runtime.Serializer, runtime.Framer, error) {
	if contentType == "application/cbor-seq" {
		contentType = "application/cbor"
	}
	return n.ClientNegotiator.StreamDecoder(contentType, params)
}

func isCBOR(mediaRange string) bool {
	mt, _, _ := strings.Cut(mediaRange, ";")
	return strings.TrimSpace(mt) == "application/cbor"
}
