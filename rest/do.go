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

// Do formats and executes the request. Returns a Result object for easy
// response processing.
//
// Error type:
//   - If the server responds with a status: *errors.StatusError or
//     *errors.UnexpectedObjectError
//   - http.Client.Do errors are returned directly.
//
// GET requests are retried on connection resets and similar transient
// errors; any request is retried on 429 and 5xx responses carrying
// Retry-After, up to MaxRetries times.
func (r *Request) Do(ctx context.Context) Result {
	var result Result
	err := r.request(ctx, func(req *http.Request, resp *http.Response) {
		result = r.transformResponse(ctx, resp, req)
	})
	if err != nil {
		return Result{err: err}
	}
	if metricsEnabled(metrics.ResponseSize) && (result.err == nil || len(result.body) > 0) {
		metrics.ResponseSize.Observe(ctx, r.verb, r.c.host(), float64(len(result.body)))
	}
	return result
}

// DoRaw executes the request but does not process the response body.
// A non-2xx status still yields an *errors.StatusError.
func (r *Request) DoRaw(ctx context.Context) ([]byte, error) {
	var result Result
	err := r.request(ctx, func(req *http.Request, resp *http.Response) {
		result.body, result.err = readBody(resp)
		if result.err != nil {
			result.err = bodyReadError(req, result.err)
			return
		}
		logBody(ctx, "Response Body", result.body)
		if resp.StatusCode < http.StatusOK || resp.StatusCode > http.StatusPartialContent {
			result.err = r.unstructuredResponseError(resp, req, result.body)
		}
	})
	if err != nil {
		return nil, err
	}
	return result.body, result.err
}

// request runs the attempt loop shared by Do and DoRaw and hands the final
// response to fn before closing its body.
func (r *Request) request(ctx context.Context, fn func(*http.Request, *http.Response)) error {
	if r.err != nil {
		return r.err
	}
	if err := r.requestPreflightCheck(); err != nil {
		return err
	}
	client := r.httpClient()
	// Throttle the first attempt before the timeout starts, so that a
	// throttled client does not time out before sending anything.
	if err := r.tryThrottle(ctx, ""); err != nil {
		return err
	}
	if metricsEnabled(metrics.RequestLatency) {
		start := time.Now()
		defer func() { metrics.RequestLatency.Observe(ctx, r.verb, r.urlTemplate(), time.Since(start)) }()
	}
	if r.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, r.timeout)
		defer cancel()
	}
	retry := r.newRetry()
	for {
		if err := retry.Before(ctx, r); err != nil {
			return retry.WrapPreviousError(err)
		}
		req, err := r.newHTTPRequest(ctx)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		r.observeResponse(ctx, req, resp, err)
		retry.After(ctx, r, resp, err)
		done := func() bool {
			defer readAndCloseResponseBody(resp)
			if retry.IsNextRetry(ctx, r, req, resp, err, isRetryableForDo) {
				return false
			}
			if err == nil && resp != nil {
				fn(req, resp)
			}
			return true
		}()
		if done {
			return retry.WrapPreviousError(err)
		}
	}
}

// isRetryableForDo retries idempotent GETs that failed on a connection that
// was reset or closed before the response, which is typical of an API
// server restarting.
func isRetryableForDo(req *http.Request, err error) bool {
	if req.Method != http.MethodGet {
		return false
	}
	return net.IsConnectionReset(err) || net.IsProbableEOF(err) || net.IsHTTP2ConnectionLost(err)
}

// Stream formats and executes the request, and offers streaming of the
// response. Returns io.ReadCloser which could be used for streaming of the
// response, or an error Any non-2xx http status code causes an error. If we
// get a non-2xx code, we try to convert the body into an APIStatus object.
// If we can, we return that as an error. Otherwise, we create an error that
// lists the http status and the content of the response.
//
// The caller must close the returned stream. The request's Timeout does not
// bound the stream's lifetime; cancel ctx to end it.
func (r *Request) Stream(ctx context.Context) (io.ReadCloser, error) {
	if r.err != nil {
		return nil, r.err
	}
	if err := r.requestPreflightCheck(); err != nil {
		return nil, err
	}
	client := r.httpClient()
	if err := r.tryThrottle(ctx, ""); err != nil {
		return nil, err
	}
	retry := r.newRetry()
	for {
		if err := retry.Before(ctx, r); err != nil {
			return nil, retry.WrapPreviousError(err)
		}
		req, err := r.newHTTPRequest(ctx)
		if err != nil {
			return nil, err
		}
		resp, err := client.Do(req)
		r.observeResponse(ctx, req, resp, err)
		retry.After(ctx, r, resp, err)
		if err != nil {
			return nil, retry.WrapPreviousError(err)
		}
		if resp.StatusCode >= http.StatusOK && resp.StatusCode < http.StatusMultipleChoices {
			handleWarnings(ctx, resp.Header, r.warningHandler)
			return resp.Body, nil
		}
		done, failure := func() (bool, error) {
			defer readAndCloseResponseBody(resp)
			if retry.IsNextRetry(ctx, r, req, resp, nil, neverRetryError) {
				return false, nil
			}
			result := r.transformResponse(ctx, resp, req)
			if err := result.Error(); err != nil {
				return true, err
			}
			return true, fmt.Errorf("%d while accessing %v: %s", result.statusCode, req.URL.Redacted(), string(result.body))
		}()
		if done {
			return nil, retry.WrapPreviousError(failure)
		}
	}
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
		retryAfter, _ := retryAfterSeconds(resp)
		result.err = r.newUnstructuredResponseError(body, isTextResponse(resp), resp.StatusCode, req.Method, retryAfter)
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

// unstructuredResponseError builds the error for a non-2xx response whose
// body is not an API object.
func (r *Request) unstructuredResponseError(resp *http.Response, req *http.Request, body []byte) error {
	retryAfter, _ := retryAfterSeconds(resp)
	return r.newUnstructuredResponseError(body, isTextResponse(resp), resp.StatusCode, req.Method, retryAfter)
}

// newUnstructuredResponseError synthesizes a StatusError from the status
// code, so that apierrors.IsNotFound and friends work, quoting a text body.
func (r *Request) newUnstructuredResponseError(body []byte, isTextResponse bool, statusCode int, method string, retryAfter int) error {
	if len(body) > maxUnstructuredResponseTextBytes {
		body = body[:maxUnstructuredResponseTextBytes]
	}
	message := "unknown"
	if isTextResponse {
		message = strings.TrimSpace(string(body))
	}
	var gr schema.GroupResource
	if resource := r.segs[segResource]; resource != "" {
		gr = schema.GroupResource{Group: r.contentConfig.GroupVersion.Group, Resource: resource}
	}
	return apierrors.NewGenericServerResponse(statusCode, method, gr, r.segs[segName], message, retryAfter, true)
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
