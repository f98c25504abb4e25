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

// segment identifies one of the single-valued components a Request places
// in its URL path: prefix/namespaces/<namespace>/<resource>/<name>/<subresource>/suffix.
type segment uint8

const (
	segNamespace segment = iota
	segResource
	segName
	segSubresource
	numSegments
)

// segmentRules says, per component, how errors name it, whether the empty
// string is refused, and whether setting "" already counts as having set it
// (only the namespace: Namespace("") is an explicit cluster scope).
var segmentRules = [numSegments]struct {
	label       string
	refuseEmpty bool
	emptyClaims bool
}{
	segNamespace:   {label: "namespace", emptyClaims: true},
	segResource:    {label: "resource"},
	segName:        {label: "resource name", refuseEmpty: true},
	segSubresource: {label: "subresource"},
}

// Request is a single API call under construction. Its builder methods
// (Namespace, Resource, Name, Param, Body, ...) only record what to send and
// return the receiver, so calls chain; the first invalid input is remembered
// and every later builder call becomes a no-op, so one check of the terminal
// call's error (or of Error) covers the whole chain.
//
// Nothing touches the network until a terminal call: Do, DoRaw, Stream or
// Watch. A Request belongs to one goroutine, and after a terminal call it
// should only be inspected (URL, Error), not sent again.
type Request struct {
	c *RESTClient

	warningHandler WarningHandlerWithContext
	rateLimiter    flowcontrol.RateLimiter
	backoff        BackoffManagerWithContext
	timeout        time.Duration
	maxRetries     int
	retryFn        func(maxRetries int) WithRetry
	retryState     withRetry // the default WithRetry of the current call

	// where the request goes
	verb    string
	prefix  string              // everything before the namespace
	suffix  string              // everything after the subresource
	segs    [numSegments]string // indexed by segment
	claimed [numSegments]bool   // whether the segment was set
	params  url.Values
	headers http.Header

	// content negotiation; contentConfig starts as the client's
	contentConfig ClientContentConfig
	accept        []string

	// output
	err       error
	body      io.Reader // opaque body; retried only when it is an io.Seeker
	bodyBytes []byte    // in-memory body, re-read on every attempt
}

// NewRequest returns an empty Request bound to c: it inherits c's rate
// limiter, backoff, warning handler, timeout (from c.Client) and content
// settings, addresses c's versioned API path and allows 10 retries.
// Generated clients reach it through c.Get(), c.Post() and friends.
func NewRequest(c *RESTClient) *Request {
	r := &Request{
		c:              c,
		warningHandler: c.warningHandler,
		rateLimiter:    c.rateLimiter,
		backoff:        noBackoff,
		maxRetries:     10,
		prefix:         c.pathPrefix,
		contentConfig:  c.requestContent(),
		accept:         c.accept,
	}
	if c.newBackoff != nil {
		r.backoff = c.newBackoff()
	}
	if c.Client != nil {
		r.timeout = c.Client.Timeout
	}
	if r.prefix == "" { // a RESTClient not built by NewRESTClient
		base := "/"
		if c.base != nil {
			base = c.base.Path
		}
		r.prefix = path.Join("/", base, c.versionedAPIPath)
	}
	if r.accept == nil {
		r.accept = acceptHeader(c.content)
	}
	return r
}

// NewRequestWithClient is a shortcut for tests: it builds a throwaway
// RESTClient for base, versionedAPIPath, content and client, and returns a
// Request on it. Should the client be impossible to build, the Request
// carries that error and every terminal call returns it.
func NewRequestWithClient(base *url.URL, versionedAPIPath string, content ClientContentConfig, client *http.Client) *Request {
	c, err := NewRESTClient(base, versionedAPIPath, content, nil, client)
	if err == nil {
		return NewRequest(c)
	}
	r := NewRequest(&RESTClient{Client: client, versionedAPIPath: versionedAPIPath, content: content})
	r.err = err
	return r
}

// setSegment is the one place Namespace, Resource, Name and SubResource
// store their value: it refuses to overwrite a component that was already
// set, and checks that every part is usable as a single path segment
// (parts == nil means value itself is the only part). A failure becomes the
// Request's error.
func (r *Request) setSegment(s segment, value string, parts []string) *Request {
	if r.err != nil {
		return r
	}
	rule := &segmentRules[s]
	switch {
	case rule.refuseEmpty && value == "":
		r.err = fmt.Errorf("%s may not be empty", rule.label)
	case r.claimed[s]:
		r.err = fmt.Errorf("%s already set to %q, cannot change to %q", rule.label, r.segs[s], value)
	default:
		if parts == nil {
			r.err = checkSegment(rule.label, value)
		}
		for i := 0; i < len(parts) && r.err == nil; i++ {
			r.err = checkSegment(rule.label, parts[i])
		}
	}
	if r.err == nil {
		r.segs[s] = value
		r.claimed[s] = value != "" || rule.emptyClaims
	}
	return r
}

// checkSegment returns an error naming label when part cannot be a path
// segment ("." and "..", or containing "/" or "%").
func checkSegment(label, part string) error {
	if problems := IsValidPathSegmentName(part); len(problems) > 0 {
		return fmt.Errorf("invalid %s %q: %v", label, part, problems)
	}
	return nil
}

// Namespace scopes the request to a namespace, adding
// "namespaces/<namespace>" before the resource. It may be called once per
// Request. An empty namespace means cluster scope; it is refused at send
// time for creations and for named GET, PUT and DELETE requests.
func (r *Request) Namespace(namespace string) *Request {
	return r.setSegment(segNamespace, namespace, nil)
}

// NamespaceIfScoped calls Namespace only when scoped is true, which lets
// callers treat namespaced and cluster-scoped resources alike.
func (r *Request) NamespaceIfScoped(namespace string, scoped bool) *Request {
	if !scoped {
		return r
	}
	return r.Namespace(namespace)
}

// Resource names the collection addressed, such as "pods"; it is lowercased
// in the URL. It may be set once; an invalid segment becomes the Request's
// error.
func (r *Request) Resource(resource string) *Request {
	return r.setSegment(segResource, resource, nil)
}

// Name selects one object of the resource. The name must be non-empty, a
// valid path segment, and set at most once.
func (r *Request) Name(resourceName string) *Request {
	return r.setSegment(segName, resourceName, nil)
}

// SubResource addresses a subresource of the named object, such as "status"
// or "scale"; several arguments form a multi-segment subresource. It goes
// after the name and before any Suffix, may be set once, and each argument
// must be a valid path segment.
func (r *Request) SubResource(subresources ...string) *Request {
	return r.setSegment(segSubresource, path.Join(subresources...), subresources)
}

// Verb chooses the HTTP method ("GET", "POST", ...). RESTClient.Get, Post
// and the like set it for you.
func (r *Request) Verb(verb string) *Request {
	r.verb = verb
	return r
}

// Prefix appends segments to the part of the path that comes before the
// namespace and resource. The result is cleaned like path.Join. A later
// AbsPath replaces it.
func (r *Request) Prefix(segments ...string) *Request {
	if r.err == nil {
		r.prefix = joinSegments(r.prefix, segments)
	}
	return r
}

// Suffix adds segments at the very end of the URL path, behind name and
// subresource (for example the path of a proxied request); cleaning is as
// for Prefix.
func (r *Request) Suffix(segments ...string) *Request {
	if r.err == nil {
		r.suffix = joinSegments(r.suffix, segments)
	}
	return r
}

// AbsPath replaces the prefix (including the client's versioned API path)
// with segments, resolved under the path of the client's base URL. When a
// single segment is given, a trailing slash on it survives ("/healthz/").
// Namespace, resource, name, subresource and suffix are still appended.
func (r *Request) AbsPath(segments ...string) *Request {
	if r.err == nil {
		r.prefix = r.underBase(segments)
	}
	return r
}

// underBase joins segments under the base URL's path for AbsPath.
func (r *Request) underBase(segments []string) string {
	base := "/"
	if r.c.base != nil {
		base = r.c.base.Path
	}
	joined := joinSegments(base, segments)
	if len(segments) != 1 || !strings.HasSuffix(segments[0], "/") {
		return joined
	}
	// a lone "/" under an empty or root base stays "/", not "//"
	if max(len(base), len(segments[0])) < 2 {
		return joined
	}
	return joined + "/"
}

// joinSegments appends segments to base the way Prefix, Suffix and AbsPath
// always have: the segments are joined and cleaned as a group first, then
// joined to base. (This differs from one path.Join over base and segments
// when the group is rooted: its ".." elements stop at that root.)
func joinSegments(base string, segments []string) string {
	return path.Join(base, path.Join(segments...))
}

// RequestURI points the request at a server-relative URI: its path replaces
// the prefix as AbsPath would (under the base URL's path), and its query
// replaces all parameters set so far. A URI that does not parse becomes the
// Request's error.
func (r *Request) RequestURI(uri string) *Request {
	if r.err != nil {
		return r
	}
	u, err := url.Parse(uri)
	if err != nil {
		r.err = fmt.Errorf("invalid request URI %q: %w", uri, err)
		return r
	}
	r.prefix = r.underBase([]string{u.Path})
	r.params = nil
	if q := u.Query(); len(q) > 0 {
		r.params = q
	}
	return r
}

// Param adds value to the query parameter paramName; repeated calls add
// repeated values. A "timeout" parameter is overridden by Timeout when one
// is set.
func (r *Request) Param(paramName, value string) *Request {
	if r.err == nil {
		r.addParam(paramName, value)
	}
	return r
}

// addParam appends one value to a query parameter.
func (r *Request) addParam(name string, values ...string) {
	if r.params == nil {
		r.params = url.Values{}
	}
	r.params[name] = append(r.params[name], values...)
}

// VersionedParams converts obj (usually a ListOptions, GetOptions, ...) to
// query parameters with codec, for the client's group version, and adds them
// to those already set. Fields that are empty and marked omitempty produce
// no parameter. Conversion failures become the Request's error.
func (r *Request) VersionedParams(obj runtime.Object, codec runtime.ParameterCodec) *Request {
	return r.SpecificallyVersionedParams(obj, codec, r.contentConfig.GroupVersion)
}

// SpecificallyVersionedParams is VersionedParams converting obj for version
// instead of the client's group version.
func (r *Request) SpecificallyVersionedParams(obj runtime.Object, codec runtime.ParameterCodec, version schema.GroupVersion) *Request {
	if r.err != nil {
		return r
	}
	encoded, err := codec.EncodeParameters(obj, version)
	if err != nil {
		r.err = fmt.Errorf("encoding query parameters from %T: %w", obj, err)
		return r
	}
	if r.params == nil && len(encoded) > 0 {
		r.params = make(url.Values, len(encoded))
	}
	for name, values := range encoded {
		r.addParam(name, values...)
	}
	return r
}

// SetHeader replaces the values of header key (no values removes it).
// Setting "Accept" overrides the negotiated Accept header.
func (r *Request) SetHeader(key string, values ...string) *Request {
	if r.headers == nil {
		r.headers = make(http.Header, 1)
	}
	key = http.CanonicalHeaderKey(key)
	if len(values) == 0 {
		delete(r.headers, key)
	} else {
		r.headers[key] = append([]string(nil), values...)
	}
	return r
}

// Timeout sends d to the server as the "timeout" query parameter and, for
// Do and DoRaw, also bounds the whole call, retries included (Stream and
// Watch are long-lived and only pass the parameter on). It replaces the
// timeout taken from the client's http.Client; zero means none.
func (r *Request) Timeout(d time.Duration) *Request {
	if r.err == nil {
		r.timeout = d
	}
	return r
}

// MaxRetries caps how often the request is re-sent after a 429 or 5xx
// response carrying Retry-After, or after a retryable connection error.
// The default is 10; zero (or a negative value) disables retries.
func (r *Request) MaxRetries(maxRetries int) *Request {
	r.maxRetries = max(maxRetries, 0)
	return r
}

// Throttle makes the request take its tokens from limiter instead of the
// client's; nil sends it unthrottled.
func (r *Request) Throttle(limiter flowcontrol.RateLimiter) *Request {
	r.rateLimiter = limiter
	return r
}

// BackOff replaces the request's backoff manager; nil means no backoff.
//
// Deprecated: pass a BackoffManagerWithContext to BackOffWithContext, so
// that waiting honours the request's context.
func (r *Request) BackOff(manager BackoffManager) *Request {
	if manager == nil {
		return r.BackOffWithContext(nil)
	}
	return r.BackOffWithContext(backoffAdapter{manager})
}

// BackOffWithContext replaces the request's backoff manager, which delays
// attempts against URLs that recently failed; nil means no backoff.
func (r *Request) BackOffWithContext(manager BackoffManagerWithContext) *Request {
	r.backoff = noBackoff
	if manager != nil {
		r.backoff = manager
	}
	return r
}

// WarningHandler replaces the handler of this request's "Warning" response
// headers. nil restores the process-wide default (SetDefaultWarningHandler).
func (r *Request) WarningHandler(handler WarningHandler) *Request {
	return r.WarningHandlerWithContext(contextHandler(handler))
}

// WarningHandlerWithContext is WarningHandler for a handler that receives
// the request's context. nil restores the process-wide default
// (SetDefaultWarningHandlerWithContext).
func (r *Request) WarningHandlerWithContext(handler WarningHandlerWithContext) *Request {
	r.warningHandler = handler
	return r
}

// UseProtobufAsDefault switches this request to protobuf, both for the body
// it sends and as the preferred response type (JSON stays acceptable). It
// does nothing when the client's content types were configured explicitly.
func (r *Request) UseProtobufAsDefault() *Request {
	if r.c.content.AcceptContentTypes != "" || r.c.content.ContentType != "" {
		return r
	}
	r.contentConfig.AcceptContentTypes = protobufAccept
	r.contentConfig.ContentType = protobufContentType
	r.accept = protobufAcceptHeader
	return r
}

// UseProtobufAsDefaultIfPreferred is UseProtobufAsDefault when
// prefersProtobuf is true; generated clients pass whether their types have
// protobuf encodings.
func (r *Request) UseProtobufAsDefaultIfPreferred(prefersProtobuf bool) *Request {
	if !prefersProtobuf {
		return r
	}
	return r.UseProtobufAsDefault()
}

// contentType is the media type objects are sent as.
func (r *Request) contentType() string {
	if ct := r.contentConfig.ContentType; ct != "" {
		return ct
	}
	return jsonContentType
}

// Body sets what the request sends. Accepted values:
//   - nil, or a nil object pointer: no body;
//   - string: the name of a file, read now;
//   - []byte: sent as is;
//   - io.Reader: streamed as is;
//   - runtime.Object: encoded now with the request's content type, which
//     also becomes the Content-Type header.
//
// Anything else, or a failure to read or encode, becomes the Request's
// error. Bytes, files and objects are re-sent on retries; a reader only when
// it is also an io.Seeker (it is rewound).
func (r *Request) Body(obj interface{}) *Request {
	if r.err == nil {
		r.body, r.bodyBytes = nil, nil
		r.err = r.setBody(obj)
	}
	return r
}

// setBody stores obj as the body, per the rules of Body.
func (r *Request) setBody(obj interface{}) error {
	switch v := obj.(type) {
	case nil:
		return nil
	case []byte:
		r.bodyBytes = v
		return nil
	case io.Reader:
		r.body = v
		return nil
	case string:
		data, err := os.ReadFile(v)
		if err != nil {
			return fmt.Errorf("reading the request body: %w", err)
		}
		r.bodyBytes = data
		return nil
	case runtime.Object:
		return r.encodeBody(v)
	}
	return fmt.Errorf("unknown type used for body: %+v", obj)
}

// encodeBody serializes obj with the request's content type.
func (r *Request) encodeBody(obj runtime.Object) error {
	// a typed nil pointer inside the interface means "no body"
	if v := reflect.ValueOf(obj); v.Kind() == reflect.Pointer && v.IsNil() {
		return nil
	}
	if r.contentConfig.Negotiator == nil {
		return fmt.Errorf("cannot encode %T: the client has no serializer", obj)
	}
	ct := r.contentType()
	encoder, err := r.contentConfig.Negotiator.Encoder(ct, nil)
	if err != nil {
		return fmt.Errorf("no encoder for %q: %w", ct, err)
	}
	var buf bytes.Buffer
	if err := encoder.Encode(obj, &buf); err != nil {
		return fmt.Errorf("encoding %T as %s: %w", obj, ct, err)
	}
	r.bodyBytes = buf.Bytes()
	r.SetHeader("Content-Type", ct)
	return nil
}

// Error returns the first problem recorded while building the request, or
// nil. Terminal calls return this error without sending anything.
func (r *Request) Error() error { return r.err }

// URL returns a fresh copy of the URL the request would be sent to now:
// the client's base URL with the assembled path and the encoded parameters
// (including "timeout"). It is only meaningful when Error returns nil.
func (r *Request) URL() *url.URL {
	var u url.URL
	if r.c.base != nil {
		u = *r.c.base
	}
	u.Path, u.RawPath = r.path(), ""
	u.RawQuery = r.query()
	return &u
}

// path assembles prefix/namespaces/<ns>/<resource>/<name>/<subresource>/suffix
// with path.Join's cleaning. Namespace, resource, name and subresource were
// validated to hold no "/" and not be "." or "..", so when prefix and suffix
// are already clean, plain concatenation into one buffer gives the same
// result without path.Join's intermediate strings.
func (r *Request) path() string {
	ns := r.segs[segNamespace]
	if ns == "" && r.suffix == "" && r.segs[segResource] == "" && r.segs[segName] == "" && r.segs[segSubresource] == "" {
		return r.prefix // keeps a trailing slash set by AbsPath
	}
	prefix := strings.TrimRight(r.prefix, "/")
	suffix := strings.Trim(r.suffix, "/")
	if !isCleanPath(prefix) || !isCleanPath(suffix) {
		return r.joinedPath()
	}
	parts := r.parts(suffix)
	size := len(prefix)
	for _, p := range parts {
		size += len(p) + 1
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteString(prefix)
	for _, p := range parts {
		if p != "" {
			b.WriteByte('/')
			b.WriteString(p)
		}
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}

// parts lists what follows the prefix, in URL order, ending with suffix;
// empty entries are to be skipped.
func (r *Request) parts(suffix string) [6]string {
	var m [6]string
	if ns := r.segs[segNamespace]; ns != "" {
		m[0], m[1] = "namespaces", ns
	}
	m[2] = strings.ToLower(r.segs[segResource])
	m[3] = r.segs[segName]
	m[4] = r.segs[segSubresource]
	m[5] = suffix
	return m
}

// joinedPath is path() for a prefix or suffix that needs cleaning.
func (r *Request) joinedPath() string {
	m := r.parts(r.suffix)
	return path.Join(r.prefix, m[0], m[1], m[2], m[3], m[4], m[5])
}

// isCleanPath reports whether appending p to a clean path keeps it clean.
// path.Clean does not allocate for a path that is already clean.
func isCleanPath(p string) bool {
	switch {
	case p == "":
		return true
	case p == "." || p == ".." || strings.HasPrefix(p, "../"):
		return false
	}
	return path.Clean(p) == p
}

// query encodes the parameters, plus the timeout when one is set, sorted by
// name.
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

// requestPreflightCheck refuses an explicitly empty namespace on calls the
// server would read as cluster-scoped by mistake: creations, and GET, PUT or
// DELETE of a named object.
func (r *Request) requestPreflightCheck() error {
	if !r.claimed[segNamespace] || r.segs[segNamespace] != "" {
		return nil
	}
	switch r.verb {
	case http.MethodPost:
		return fmt.Errorf("an empty namespace may not be set during creation")
	case http.MethodGet, http.MethodPut, http.MethodDelete:
		if r.segs[segName] != "" {
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
		if metricsEnabled(metrics.RequestSize) {
			metrics.RequestSize.Observe(ctx, r.verb, r.c.host(), float64(len(r.bodyBytes)))
		}
	case r.body != nil:
		body = r.body
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
