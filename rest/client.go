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

// Interface is what generated typed clients need from a REST client: request
// builders per verb, the group version they talk to, and the rate limiter
// (for callers that share it). *RESTClient implements it; fakes do too.
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

// ClientContentConfig is the resolved encoding setup of a RESTClient: the
// media types it sends and accepts, the group version it addresses, and the
// negotiator that produces serializers. It is a value; RESTClient keeps its
// own copy.
type ClientContentConfig struct {
	// AcceptContentTypes is the Accept header value; when empty, requests
	// accept ContentType (and then anything).
	AcceptContentTypes string
	// ContentType is the media type request bodies are encoded as, and
	// the preferred response type when AcceptContentTypes is empty. Empty
	// means "application/json".
	ContentType string
	// GroupVersion is the group version addressed by requests; objects are
	// encoded for it and VersionedParams converts options to it.
	GroupVersion schema.GroupVersion
	// Negotiator supplies the encoder and decoder for each media type the
	// client sends or receives.
	Negotiator runtime.ClientNegotiator
}

// HTTPClient is the one method of *http.Client that sending a request
// needs; tests substitute their own implementation.
type HTTPClient interface {
	Do(req *http.Request) (*http.Response, error)
}

// RESTClient issues requests against one API group version of one server:
// it knows the base URL and versioned path, the encodings, the rate limiter
// and the HTTP client, and hands out Requests that follow the Kubernetes
// path layout and decode API objects and Status errors.
//
// A RESTClient is safe for concurrent use by many goroutines; each Request it
// creates belongs to one goroutine.
type RESTClient struct {
	// Client sends the requests; nil means http.DefaultClient.
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

// NewRESTClient returns a RESTClient for the API under baseURL (whose query
// and fragment are dropped) plus versionedAPIPath, such as "/api/v1". config
// needs a Negotiator to encode and decode objects; rateLimiter may be nil for
// no client-side limit, and client nil for http.DefaultClient. Only a nil
// baseURL is an error.
func NewRESTClient(baseURL *url.URL, versionedAPIPath string, config ClientContentConfig, rateLimiter flowcontrol.RateLimiter, client *http.Client) (*RESTClient, error) {
	if baseURL == nil {
		return nil, fmt.Errorf("a base URL is required to create a REST client")
	}
	base := *baseURL
	base.RawPath, base.RawQuery, base.Fragment = "", "", ""
	if last := len(base.Path) - 1; last < 0 || base.Path[last] != '/' {
		base.Path += "/"
	}
	metrics.EnsureRegistered()
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

// GetRateLimiter returns the limiter shared by the client's requests; nil
// when there is none or c itself is nil.
func (c *RESTClient) GetRateLimiter() flowcontrol.RateLimiter {
	if c == nil {
		return nil
	}
	return c.rateLimiter
}

// Verb starts a Request with the given HTTP method on this client, for
// example:
//
//	err := c.Verb("GET").Resource("pods").Namespace("default").Name("p").Do(ctx).Into(&pod)
func (c *RESTClient) Verb(verb string) *Request {
	return NewRequest(c).Verb(verb)
}

// Post starts a POST Request (c.Verb(http.MethodPost)).
func (c *RESTClient) Post() *Request { return c.Verb(http.MethodPost) }

// Put starts a PUT Request (c.Verb(http.MethodPut)).
func (c *RESTClient) Put() *Request { return c.Verb(http.MethodPut) }

// Patch starts a PATCH Request whose Content-Type is the patch type pt.
func (c *RESTClient) Patch(pt types.PatchType) *Request {
	return c.Verb(http.MethodPatch).SetHeader("Content-Type", string(pt))
}

// Get starts a GET Request (c.Verb(http.MethodGet)).
func (c *RESTClient) Get() *Request { return c.Verb(http.MethodGet) }

// Delete starts a DELETE Request (c.Verb(http.MethodDelete)).
func (c *RESTClient) Delete() *Request { return c.Verb(http.MethodDelete) }

// APIVersion is the group version the client's requests address.
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
