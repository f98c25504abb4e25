package rest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"golang.org/x/net/http2"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/net"
	"k8s.io/klog/v2"

	"github.com/kclient/kclient/tools/metrics"
)

// maxUnstructuredResponseTextBytes caps how much of a non-API error body is
// copied into an error message.
const maxUnstructuredResponseTextBytes = 2048

// maxBodyPrealloc caps the buffer preallocated from a Content-Length header,
// so a lying server cannot make the client allocate huge buffers up front.
const maxBodyPrealloc = 16 << 20

// Do sends the request and reads the whole response into a Result, which
// decodes it on demand (Into, Get, Raw, ...). Nothing is sent when the
// builder recorded an error; that error is in the Result.
//
// Failures, as returned by Result.Error:
//   - a response outside 2xx yields an *errors.StatusError: the Status the
//     server sent, or one synthesized from the status code, so apierrors.IsX
//     works either way;
//   - a transport failure is the http.Client's error, which also mentions
//     what failed the previous attempt when the request was retried.
//
// Retries: any verb is re-sent after a 429 or 5xx response carrying
// Retry-After, and a GET also after a connection reset or an early EOF, at
// most MaxRetries times. The request's Timeout bounds all attempts together.
func (r *Request) Do(ctx context.Context) Result {
	var result Result
	if err := r.request(ctx, func(req *http.Request, resp *http.Response) {
		result = r.transformResponse(ctx, resp, req)
	}); err != nil {
		return Result{err: err}
	}
	if metricsEnabled(metrics.ResponseSize) && (result.err == nil || len(result.body) > 0) {
		metrics.ResponseSize.Observe(ctx, r.verb, r.c.host(), float64(len(result.body)))
	}
	return result
}

// DoRaw is Do returning the raw response body instead of a Result. The
// body is not decoded; a response outside 2xx still yields an
// *errors.StatusError (with the body, when it is text, as its message).
func (r *Request) DoRaw(ctx context.Context) ([]byte, error) {
	var body []byte
	var failure error
	err := r.request(ctx, func(req *http.Request, resp *http.Response) {
		if body, failure = readBody(resp); failure != nil {
			failure = bodyReadError(req, failure)
			return
		}
		logBody(ctx, "Response Body", body)
		if code := resp.StatusCode; code < http.StatusOK || code > http.StatusPartialContent {
			failure = r.unstructuredResponseError(resp, req, body)
		}
	})
	if err != nil {
		return nil, err
	}
	return body, failure
}

// start does what precedes the first attempt of every terminal call: it
// returns the builder's error, rejects misplaced empty namespaces, and takes
// the first rate-limiter token (before any Timeout starts, so time spent
// throttled is not charged to the request).
func (r *Request) start(ctx context.Context) error {
	if r.err != nil {
		return r.err
	}
	if err := r.requestPreflightCheck(); err != nil {
		return err
	}
	return r.tryThrottle(ctx, "")
}

// settleFunc decides what one attempt means. It gets the attempt's request
// and either a response or the transport error, and returns final=true with
// the call's error to end the loop, or final=false to send again.
type settleFunc func(req *http.Request, resp *http.Response, err error) (final bool, callErr error)

// attempt is the retry loop of Do, DoRaw and Stream: retry.Before waits and
// re-throttles between attempts, each attempt is sent, counted in the
// metrics and reported to the backoff, and settle decides whether it was
// the last. The returned error mentions what failed the previous attempt.
func (r *Request) attempt(ctx context.Context, retry WithRetry, settle settleFunc) error {
	client := r.httpClient()
	for {
		if waitErr := retry.Before(ctx, r); waitErr != nil {
			return retry.WrapPreviousError(waitErr)
		}
		req, buildErr := r.newHTTPRequest(ctx)
		if buildErr != nil {
			return buildErr
		}
		resp, sendErr := client.Do(req)
		r.observeResponse(ctx, req, resp, sendErr)
		retry.After(ctx, r, resp, sendErr)
		if final, callErr := settle(req, resp, sendErr); final {
			return retry.WrapPreviousError(callErr)
		}
	}
}

// request runs Do and DoRaw: it applies the Timeout and latency metric,
// then hands the final response to fn, closing its body afterwards.
func (r *Request) request(ctx context.Context, fn func(*http.Request, *http.Response)) error {
	if err := r.start(ctx); err != nil {
		return err
	}
	if metricsEnabled(metrics.RequestLatency) {
		began := time.Now()
		defer func() { metrics.RequestLatency.Observe(ctx, r.verb, r.urlTemplate(), time.Since(began)) }()
	}
	if r.timeout > 0 {
		deadlineCtx, cancel := context.WithTimeout(ctx, r.timeout)
		defer cancel()
		ctx = deadlineCtx
	}
	retry := r.newRetry()
	return r.attempt(ctx, retry, func(req *http.Request, resp *http.Response, err error) (bool, error) {
		defer readAndCloseResponseBody(resp)
		if retry.IsNextRetry(ctx, r, req, resp, err, isRetryableForDo) {
			return false, nil
		}
		if err == nil && resp != nil {
			fn(req, resp)
		}
		return true, err
	})
}

// isRetryableForDo accepts, for GET only, the transport errors an API server
// restart typically causes: a reset connection, an early EOF, or a lost
// HTTP/2 connection. Re-sending a GET cannot change anything on the server.
func isRetryableForDo(req *http.Request, err error) bool {
	if req.Method != http.MethodGet {
		return false
	}
	return net.IsConnectionReset(err) || net.IsProbableEOF(err) || net.IsHTTP2ConnectionLost(err)
}

// Stream sends the request and, on a 2xx response, returns its body
// unread for the caller to consume and close. Any other status is an error:
// the API Status from the body when there is one, otherwise an error
// quoting the status code and body.
//
// Only 429/5xx responses with Retry-After are retried; transport errors are
// not. Unlike Do, the request's Timeout does not apply: the stream lives
// until ctx is cancelled or the server ends it.
func (r *Request) Stream(ctx context.Context) (io.ReadCloser, error) {
	if err := r.start(ctx); err != nil {
		return nil, err
	}
	var stream io.ReadCloser
	retry := r.newRetry()
	err := r.attempt(ctx, retry, func(req *http.Request, resp *http.Response, err error) (bool, error) {
		if err != nil {
			return true, err
		}
		if resp.StatusCode >= http.StatusOK && resp.StatusCode < http.StatusMultipleChoices {
			handleWarnings(ctx, resp.Header, r.warningHandler)
			stream = resp.Body
			return true, nil
		}
		defer readAndCloseResponseBody(resp)
		if retry.IsNextRetry(ctx, r, req, resp, nil, neverRetryError) {
			return false, nil
		}
		return true, r.streamError(ctx, req, resp)
	})
	if err != nil {
		return nil, err
	}
	return stream, nil
}

// streamError explains a non-2xx response to Stream.
func (r *Request) streamError(ctx context.Context, req *http.Request, resp *http.Response) error {
	result := r.transformResponse(ctx, resp, req)
	if err := result.Error(); err != nil {
		return err
	}
	return fmt.Errorf("%d while accessing %v: %s", result.statusCode, req.URL.Redacted(), string(result.body))
}

// transformResponse reads the response and turns it into a Result: the body
// with its decoder, or an error for non-2xx statuses.
func (r *Request) transformResponse(ctx context.Context, resp *http.Response, req *http.Request) Result {
	body, err := readBody(resp)
	if err != nil {
		return Result{err: bodyReadError(req, err), url: req.URL}
	}
	logBody(ctx, "Response Body", body)

	if resp.StatusCode == http.StatusUnsupportedMediaType {
		r.c.unsupportedMediaType(req.Header.Get("Content-Type"))
	}
	contentType := resp.Header.Get("Content-Type")
	if contentType == "" {
		contentType = r.contentType()
	}
	warnings := handleWarnings(ctx, resp.Header, r.warningHandler)
	decoder, err := r.c.decoderFor(contentType)
	if err != nil {
		// not an API media type (for example an HTML error page from a proxy)
		if isErrorStatus(resp.StatusCode) {
			return Result{err: r.unstructuredResponseError(resp, req, body), url: req.URL, statusCode: resp.StatusCode, contentType: contentType, warnings: warnings}
		}
		return Result{body: body, contentType: contentType, statusCode: resp.StatusCode, warnings: warnings, url: req.URL}
	}
	result := Result{body: body, contentType: contentType, statusCode: resp.StatusCode, decoder: decoder, warnings: warnings, url: req.URL}
	if isErrorStatus(resp.StatusCode) {
		// Result.Error replaces this with the Status in the body, if any.
		result.err = r.unstructuredResponseError(resp, req, body)
	}
	return result
}

func isErrorStatus(code int) bool {
	return code != http.StatusSwitchingProtocols && (code < http.StatusOK || code > http.StatusPartialContent)
}

// readBody reads the whole body into a buffer sized from Content-Length.
func readBody(resp *http.Response) ([]byte, error) {
	if resp.Body == nil {
		return nil, nil
	}
	n := resp.ContentLength
	if n < 0 || n > maxBodyPrealloc {
		return io.ReadAll(resp.Body)
	}
	// one byte more than announced, so a correct length needs no growth to
	// observe EOF
	buf := make([]byte, 0, n+1)
	for {
		m, err := resp.Body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // grow
		}
	}
}

// bodyReadError explains a failure to read a response body.
func bodyReadError(req *http.Request, err error) error {
	// net/http's bundled HTTP/2 has its own unexported StreamError type;
	// recognise it by its text
	var streamErr http2.StreamError
	if errors.As(err, &streamErr) || strings.Contains(err.Error(), "stream error") {
		return fmt.Errorf("stream error when reading the response body of %s %s, may be caused by closed connection; please retry: %w", req.Method, req.URL.Redacted(), err)
	}
	return fmt.Errorf("unexpected error when reading the response body of %s %s; please retry: %w", req.Method, req.URL.Redacted(), err)
}

// unstructuredResponseError turns a non-2xx response whose body is not an
// API Status into an *errors.StatusError built from the status code, so
// apierrors.IsNotFound and friends still work. A text body, cut to
// maxUnstructuredResponseTextBytes, becomes the message.
func (r *Request) unstructuredResponseError(resp *http.Response, req *http.Request, body []byte) error {
	wait, _ := retryAfterSeconds(resp)
	return r.statusFromCode(resp.StatusCode, req.Method, wait, body, isTextResponse(resp))
}

// statusFromCode is unstructuredResponseError with its inputs spelled out.
func (r *Request) statusFromCode(code int, method string, retryAfter int, body []byte, text bool) error {
	msg := "unknown"
	if text {
		msg = strings.TrimSpace(string(body[:min(len(body), maxUnstructuredResponseTextBytes)]))
	}
	gr := schema.GroupResource{}
	if resource := r.segs[segResource]; resource != "" {
		gr.Group, gr.Resource = r.contentConfig.GroupVersion.Group, resource
	}
	return apierrors.NewGenericServerResponse(code, method, gr, r.segs[segName], msg, retryAfter, true)
}

// isTextResponse reports whether the response is text/*.
func isTextResponse(resp *http.Response) bool {
	ct := resp.Header.Get("Content-Type")
	if ct == "" {
		return true
	}
	media, _, err := mime.ParseMediaType(ct)
	return err == nil && strings.HasPrefix(media, "text/")
}

// logBody logs a body at high verbosity, shortened unless -v=9 or more.
func logBody(ctx context.Context, prefix string, body []byte) {
	logger := klog.FromContext(ctx)
	if !logger.V(8).Enabled() {
		return
	}
	const maxLogged = 1024
	if len(body) > maxLogged && !logger.V(9).Enabled() {
		logger.V(8).Info(prefix, "body", string(body[:maxLogged]), "truncated", len(body)-maxLogged)
		return
	}
	logger.V(8).Info(prefix, "body", string(body))
}

// host is the host metrics are partitioned by.
func (c *RESTClient) host() string {
	if c.base == nil {
		return ""
	}
	return c.base.Host
}
