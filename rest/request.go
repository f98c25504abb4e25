package rest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"reflect"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/tools/metrics"
	"github.com/kclient/kclient/util/flowcontrol"
)

// Media types used by UseProtobufAsDefault.
const (
	protobufContentType = "application/vnd.kubernetes.protobuf"
	protobufAccept      = "application/vnd.kubernetes.protobuf,application/json"
	jsonContentType     = "application/json"
)

var protobufAcceptHeader = []string{protobufAccept}

// Request allows for building up a request to a server in a chained fashion.
// Any errors are stored until the end of your call, so you only have to check
// once.
//
// Building a Request does no I/O; Do, DoRaw, Stream and Watch send it. A
// Request must not be used by several goroutines at once, and should not be
// reused after a terminal call except to inspect URL or Error.
type Request struct {
	c *RESTClient

	warningHandler WarningHandlerWithContext
	rateLimiter    flowcontrol.RateLimiter
	backoff        BackoffManagerWithContext
	timeout        time.Duration
	maxRetries     int
	retryFn        func(maxRetries int) WithRetry
	retryState     withRetry // the default WithRetry of the current call

	// request location
	verb         string
	pathPrefix   string
	subpath      string
	params       url.Values
	headers      http.Header
	namespace    string
	namespaceSet bool
	resource     string
	resourceName string
	subresource  string

	// content negotiation; contentConfig starts as the client's
	contentConfig ClientContentConfig
	accept        []string

	// output
	err       error
	body      io.Reader // opaque body; retried only when it is an io.Seeker
	bodyBytes []byte    // in-memory body, re-read on every attempt
}

// NewRequest creates a new request helper object for accessing runtime.Objects
// on a server.
func NewRequest(c *RESTClient) *Request {
	r := &Request{
		c:              c,
		warningHandler: c.warningHandler,
		rateLimiter:    c.rateLimiter,
		backoff:        noBackoff,
		maxRetries:     10,
		pathPrefix:     c.pathPrefix,
		contentConfig:  c.requestContent(),
		accept:         c.accept,
	}
	if c.newBackoff != nil {
		r.backoff = c.newBackoff()
	}
	if c.Client != nil {
		r.timeout = c.Client.Timeout
	}
	if r.pathPrefix == "" { // a RESTClient not built by NewRESTClient
		base := "/"
		if c.base != nil {
			base = c.base.Path
		}
		r.pathPrefix = path.Join("/", base, c.versionedAPIPath)
	}
	if r.accept == nil {
		r.accept = acceptHeader(c.content)
	}
	return r
}

// NewRequestWithClient creates a Request with an embedded RESTClient for use
// in test scenarios.
func NewRequestWithClient(base *url.URL, versionedAPIPath string, content ClientContentConfig, client *http.Client) *Request {
	c, err := NewRESTClient(base, versionedAPIPath, content, nil, client)
	if err != nil {
		c = &RESTClient{Client: client, versionedAPIPath: versionedAPIPath, content: content}
		r := NewRequest(c)
		r.err = err
		return r
	}
	return NewRequest(c)
}

// Verb sets the verb this request will use.
func (r *Request) Verb(verb string) *Request {
	r.verb = verb
	return r
}

// Prefix adds segments to the relative beginning to the request path.
// These items will be placed before the optional Namespace, Resource, or Name
// sections. Setting AbsPath will clear any previously set Prefix segments
func (r *Request) Prefix(segments ...string) *Request {
	if r.err != nil {
		return r
	}
	r.pathPrefix = path.Join(r.pathPrefix, path.Join(segments...))
	return r
}

// Suffix appends segments to the end of the path. These items will be placed
// after the prefix and optional Namespace, Resource, or Name sections.
func (r *Request) Suffix(segments ...string) *Request {
	if r.err != nil {
		return r
	}
	r.subpath = path.Join(r.subpath, path.Join(segments...))
	return r
}

// Resource sets the resource to access (<resource>/[ns/<namespace>/]<name>)
func (r *Request) Resource(resource string) *Request {
	if r.err != nil {
		return r
	}
	if r.resource != "" {
		r.err = fmt.Errorf("resource already set to %q, cannot change to %q", r.resource, resource)
		return r
	}
	if msgs := IsValidPathSegmentName(resource); len(msgs) != 0 {
		r.err = fmt.Errorf("invalid resource %q: %v", resource, msgs)
		return r
	}
	r.resource = resource
	return r
}

// BackOff sets the request's backoff manager to the one specified, or defaults
// to the stub implementation if nil is provided.
//
// Deprecated: BackoffManager.Sleep ignores the caller's context. Use
// BackOffWithContext and BackoffManagerWithContext instead.
func (r *Request) BackOff(manager BackoffManager) *Request {
	if manager == nil {
		r.backoff = noBackoff
		return r
	}
	r.backoff = backoffAdapter{manager}
	return r
}

// BackOffWithContext sets the request's backoff manager to the one specified,
// or defaults to the stub implementation if nil is provided.
func (r *Request) BackOffWithContext(manager BackoffManagerWithContext) *Request {
	if manager == nil {
		manager = noBackoff
	}
	r.backoff = manager
	return r
}

// WarningHandler sets the handler this client uses when warning headers are
// encountered. If set to nil, this client will use the default warning handler
// (see SetDefaultWarningHandler).
func (r *Request) WarningHandler(handler WarningHandler) *Request {
	r.warningHandler = contextHandler(handler)
	return r
}

// WarningHandlerWithContext sets the handler this client uses when warning
// headers are encountered. If set to nil, this client will use the default
// warning handler (see SetDefaultWarningHandlerWithContext).
func (r *Request) WarningHandlerWithContext(handler WarningHandlerWithContext) *Request {
	r.warningHandler = handler
	return r
}

// Throttle receives a rate-limiter and sets or replaces an existing request
// limiter. A nil limiter disables client-side throttling for this request.
func (r *Request) Throttle(limiter flowcontrol.RateLimiter) *Request {
	r.rateLimiter = limiter
	return r
}

// SubResource sets a sub-resource path which can be multiple segments after
// the resource name but before the suffix.
func (r *Request) SubResource(subresources ...string) *Request {
	if r.err != nil {
		return r
	}
	subresource := path.Join(subresources...)
	if r.subresource != "" {
		r.err = fmt.Errorf("subresource already set to %q, cannot change to %q", r.subresource, subresource)
		return r
	}
	for _, s := range subresources {
		if msgs := IsValidPathSegmentName(s); len(msgs) != 0 {
			r.err = fmt.Errorf("invalid subresource %q: %v", s, msgs)
			return r
		}
	}
	r.subresource = subresource
	return r
}

// Name sets the name of a resource to access (<resource>/[ns/<namespace>/]<name>)
func (r *Request) Name(resourceName string) *Request {
	if r.err != nil {
		return r
	}
	if resourceName == "" {
		r.err = fmt.Errorf("resource name may not be empty")
		return r
	}
	if r.resourceName != "" {
		r.err = fmt.Errorf("resource name already set to %q, cannot change to %q", r.resourceName, resourceName)
		return r
	}
	if msgs := IsValidPathSegmentName(resourceName); len(msgs) != 0 {
		r.err = fmt.Errorf("invalid resource name %q: %v", resourceName, msgs)
		return r
	}
	r.resourceName = resourceName
	return r
}

// Namespace applies the namespace scope to a request (<resource>/[ns/<namespace>/]<name>)
func (r *Request) Namespace(namespace string) *Request {
	if r.err != nil {
		return r
	}
	if r.namespaceSet {
		r.err = fmt.Errorf("namespace already set to %q, cannot change to %q", r.namespace, namespace)
		return r
	}
	if msgs := IsValidPathSegmentName(namespace); len(msgs) != 0 {
		r.err = fmt.Errorf("invalid namespace %q: %v", namespace, msgs)
		return r
	}
	r.namespaceSet = true
	r.namespace = namespace
	return r
}

// NamespaceIfScoped is a convenience function to set a namespace if scoped is
// true
func (r *Request) NamespaceIfScoped(namespace string, scoped bool) *Request {
	if scoped {
		return r.Namespace(namespace)
	}
	return r
}

// AbsPath overwrites an existing path with the segments provided. Trailing
// slashes are preserved when a single segment is passed. Any path in the
// request's REST client's base URL is preserved as a prefix.
func (r *Request) AbsPath(segments ...string) *Request {
	if r.err != nil {
		return r
	}
	basePath := "/"
	if r.c.base != nil {
		basePath = r.c.base.Path
	}
	r.pathPrefix = path.Join(basePath, path.Join(segments...))
	if len(segments) == 1 && (len(basePath) > 1 || len(segments[0]) > 1) && strings.HasSuffix(segments[0], "/") {
		// a single segment keeps its trailing slash, as callers of raw
		// paths ("/healthz/") expect
		r.pathPrefix += "/"
	}
	return r
}

// RequestURI overwrites existing path and parameters with the value of the
// provided server relative URI. This is equivalent to clearing params,
// then calling AbsPath() + Param() for each query parameter. The path keeps
// the client's base path as a prefix.
func (r *Request) RequestURI(uri string) *Request {
	if r.err != nil {
		return r
	}
	locator, err := url.Parse(uri)
	if err != nil {
		r.err = fmt.Errorf("invalid request URI %q: %w", uri, err)
		return r
	}
	// the path is relative to the client's base path, like AbsPath
	r.AbsPath(locator.Path)
	r.params = nil
	if q := locator.Query(); len(q) > 0 {
		r.params = q
	}
	return r
}

// Param creates a query parameter with the given string value. A "timeout"
// parameter is replaced by the value of Timeout when that is set.
func (r *Request) Param(paramName, s string) *Request {
	if r.err != nil {
		return r
	}
	return r.setParam(paramName, s)
}

// VersionedParams will take the provided object, serialize it to a
// map[string][]string using the implicit RESTClient API version and the
// default parameter codec, and then add those as parameters to the request.
// Use this to provide versioned query parameters from client libraries.
// VersionedParams will not write query parameters that have omitempty set and
// are empty. If a parameter has already been set it is appended to (Params and
// VersionedParams are additive).
func (r *Request) VersionedParams(obj runtime.Object, codec runtime.ParameterCodec) *Request {
	return r.SpecificallyVersionedParams(obj, codec, r.contentConfig.GroupVersion)
}

// SpecificallyVersionedParams is VersionedParams with an explicit group
// version for the conversion of obj.
func (r *Request) SpecificallyVersionedParams(obj runtime.Object, codec runtime.ParameterCodec, version schema.GroupVersion) *Request {
	if r.err != nil {
		return r
	}
	params, err := codec.EncodeParameters(obj, version)
	if err != nil {
		r.err = fmt.Errorf("encoding query parameters from %T: %w", obj, err)
		return r
	}
	for k, v := range params {
		if r.params == nil {
			r.params = make(url.Values, len(params))
		}
		r.params[k] = append(r.params[k], v...)
	}
	return r
}

func (r *Request) setParam(paramName, value string) *Request {
	if r.params == nil {
		r.params = make(url.Values)
	}
	r.params[paramName] = append(r.params[paramName], value)
	return r
}

// SetHeader sets (replaces) a request header. Setting "Accept" overrides the
// negotiated Accept header.
func (r *Request) SetHeader(key string, values ...string) *Request {
	if r.headers == nil {
		r.headers = http.Header{}
	}
	r.headers.Del(key)
	for _, v := range values {
		r.headers.Add(key, v)
	}
	return r
}

// Timeout makes the request use the given duration as an overall timeout for
// the request. Additionally, if set passes the value as "timeout" parameter in
// URL.
func (r *Request) Timeout(d time.Duration) *Request {
	if r.err != nil {
		return r
	}
	r.timeout = d
	return r
}

// MaxRetries makes the request use the given integer as a ceiling of retrying
// upon receiving "Retry-After" headers and 429 status-code in the response.
// The default is 10 unless this function is specifically called with a
// different value. A zero maxRetries prevent it from doing retires and return
// an error immediately.
func (r *Request) MaxRetries(maxRetries int) *Request {
	r.maxRetries = max(maxRetries, 0)
	return r
}

// UseProtobufAsDefault makes protobuf the request and preferred response
// encoding, with JSON as fallback, unless the client's content types were
// configured explicitly.
func (r *Request) UseProtobufAsDefault() *Request {
	if r.c.content.AcceptContentTypes == "" && r.c.content.ContentType == "" {
		r.contentConfig.AcceptContentTypes = protobufAccept
		r.contentConfig.ContentType = protobufContentType
		r.accept = protobufAcceptHeader
	}
	return r
}

// UseProtobufAsDefaultIfPreferred calls UseProtobufAsDefault when
// prefersProtobuf is true (generated clients pass whether the resource's
// types support protobuf).
func (r *Request) UseProtobufAsDefaultIfPreferred(prefersProtobuf bool) *Request {
	if prefersProtobuf {
		return r.UseProtobufAsDefault()
	}
	return r
}

// contentType is the media type objects are sent as.
func (r *Request) contentType() string {
	if r.contentConfig.ContentType != "" {
		return r.contentConfig.ContentType
	}
	return jsonContentType
}

// Body makes the request use obj as the body. Optional. If obj is a string,
// try to read a file of that name. If obj is a []byte, send it directly. If
// obj is an io.Reader, use it directly. If obj is a runtime.Object, marshal it
// correctly, and set Content-Type header. If obj is a runtime.Object and nil,
// do nothing. Otherwise, set an error.
//
// A []byte, file or object body is re-sent on retries; an io.Reader body is
// retried only if it is also an io.Seeker.
func (r *Request) Body(obj interface{}) *Request {
	if r.err != nil {
		return r
	}
	r.body, r.bodyBytes = nil, nil
	switch t := obj.(type) {
	case nil:
	case string:
		data, err := os.ReadFile(t)
		if err != nil {
			r.err = fmt.Errorf("reading the request body: %w", err)
			return r
		}
		r.bodyBytes = data
	case []byte:
		r.bodyBytes = t
	case io.Reader:
		r.body = t
	case runtime.Object:
		// typed nil pointers inside the interface mean "no body"
		if v := reflect.ValueOf(t); v.Kind() == reflect.Pointer && v.IsNil() {
			return r
		}
		if r.contentConfig.Negotiator == nil {
			r.err = fmt.Errorf("cannot encode %T: the client has no serializer", t)
			return r
		}
		ct := r.contentType()
		encoder, err := r.contentConfig.Negotiator.Encoder(ct, nil)
		if err != nil {
			r.err = fmt.Errorf("no encoder for %q: %w", ct, err)
			return r
		}
		var buf bytes.Buffer
		if err := encoder.Encode(t, &buf); err != nil {
			r.err = fmt.Errorf("encoding %T as %s: %w", t, ct, err)
			return r
		}
		r.bodyBytes = buf.Bytes()
		r.SetHeader("Content-Type", ct)
	default:
		r.err = fmt.Errorf("unknown type used for body: %+v", obj)
	}
	return r
}

// Error returns any error encountered constructing the request, if any.
func (r *Request) Error() error {
	return r.err
}

// URL returns the current working URL. Check the result of Error() to ensure
// that the returned URL is valid.
func (r *Request) URL() *url.URL {
	u := &url.URL{}
	if r.c.base != nil {
		*u = *r.c.base
	}
	u.Path = r.path()
	u.RawPath = ""
	u.RawQuery = r.query()
	return u
}

// path assembles prefix/namespaces/<ns>/<resource>/<name>/<subresource>/<suffix>
// and cleans it like path.Join. The namespace, resource, name and
// subresource were validated to hold no "/" and not be "." or "..", so when
// the prefix and suffix are already clean, plain concatenation gives the same
// result without path.Join's allocations.
func (r *Request) path() string {
	hasNS := r.namespaceSet && r.namespace != ""
	if !hasNS && r.resource == "" && r.resourceName == "" && r.subpath == "" && r.subresource == "" {
		return r.pathPrefix // keeps a trailing slash set by AbsPath
	}
	prefix := strings.TrimRight(r.pathPrefix, "/")
	suffix := strings.Trim(r.subpath, "/")
	if !isCleanPath(prefix) || !isCleanPath(suffix) {
		return r.slowPath()
	}
	var b strings.Builder
	b.Grow(len(prefix) + len(r.namespace) + len(r.resource) + len(r.resourceName) + len(r.subresource) + len(suffix) + 20)
	b.WriteString(prefix)
	add := func(s string) {
		if s == "" {
			return
		}
		b.WriteByte('/')
		b.WriteString(s)
	}
	if hasNS {
		add("namespaces")
		add(r.namespace)
	}
	if r.resource != "" {
		add(strings.ToLower(r.resource))
	}
	add(r.resourceName)
	add(r.subresource)
	add(suffix)
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}

// isCleanPath reports whether appending p to a clean path keeps it clean.
// path.Clean does not allocate for a path that is already clean.
func isCleanPath(p string) bool {
	if p == "" {
		return true
	}
	if p == "." || p == ".." || strings.HasPrefix(p, "../") {
		return false
	}
	return path.Clean(p) == p
}

// slowPath is path() for prefixes or suffixes that need cleaning.
func (r *Request) slowPath() string {
	p := r.pathPrefix
	if r.namespaceSet && r.namespace != "" {
		p = path.Join(p, "namespaces", r.namespace)
	}
	if r.resource != "" {
		p = path.Join(p, strings.ToLower(r.resource))
	}
	return path.Join(p, r.resourceName, r.subresource, r.subpath)
}

// query encodes the parameters plus the timeout, sorted by key.
func (r *Request) query() string {
	if r.timeout == 0 {
		if len(r.params) == 0 {
			return ""
		}
		return r.params.Encode()
	}
	q := make(url.Values, len(r.params)+1)
	for k, v := range r.params {
		q[k] = v
	}
	q.Set("timeout", r.timeout.String())
	return q.Encode()
}

// requestPreflightCheck rejects an explicitly empty namespace where the API
// would misinterpret it.
func (r *Request) requestPreflightCheck() error {
	if !r.namespaceSet || r.namespace != "" {
		return nil
	}
	switch r.verb {
	case http.MethodPost:
		return fmt.Errorf("an empty namespace may not be set during creation")
	case http.MethodGet, http.MethodPut, http.MethodDelete:
		if r.resourceName != "" {
			return fmt.Errorf("an empty namespace may not be set when a resource name is provided")
		}
	}
	return nil
}

// httpClient is the client the request is sent with.
func (r *Request) httpClient() *http.Client {
	if r.c.Client != nil {
		return r.c.Client
	}
	return http.DefaultClient
}

// newHTTPRequest builds the http.Request of one attempt.
func (r *Request) newHTTPRequest(ctx context.Context) (*http.Request, error) {
	var body io.Reader
	switch {
	case r.bodyBytes != nil:
		// a fresh reader per attempt, so retries re-send the whole body
		body = bytes.NewReader(r.bodyBytes)
	case r.body != nil:
		body = r.body
	}
	if r.bodyBytes != nil && metricsEnabled(metrics.RequestSize) {
		metrics.RequestSize.Observe(ctx, r.verb, r.c.host(), float64(len(r.bodyBytes)))
	}
	u := r.URL()
	// The URL is already parsed: give NewRequest an empty string and set it.
	req, err := http.NewRequestWithContext(ctx, r.verb, "", body)
	if err != nil {
		return nil, fmt.Errorf("building the %s request for %s: %w", r.verb, u, err)
	}
	req.URL = u
	req.Host = ""
	if _, ok := r.headers["Accept"]; !ok {
		req.Header["Accept"] = r.accept
	}
	for k, v := range r.headers {
		req.Header[k] = v
	}
	return req, nil
}
