package rest

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sync/atomic"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
	"k8s.io/apimachinery/pkg/runtime/serializer/streaming"
	"k8s.io/apimachinery/pkg/util/net"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/internal/protodec"
	restwatch "github.com/kclient/kclient/rest/watch"
)

// Watch sends the request as a watch (the caller sets the watch parameter,
// usually through ListOptions) and, on success, returns a watcher that
// decodes the event stream. Failures before the stream starts are returned
// as errors, API errors as *errors.StatusError.
//
// The returned watcher delivers events until the server ends the stream,
// ctx is done or Stop is called; then its result channel is closed. A
// server-sent ERROR event arrives as a watch.Error event carrying a
// *metav1.Status. Ending ctx or calling Stop produces no error event.
func (r *Request) Watch(ctx context.Context) (watch.Interface, error) {
	w, _, err := r.watchInternal(ctx)
	return w, err
}

// isRetryableForWatch retries watches whose connection closed or timed out
// before a response arrived.
func isRetryableForWatch(_ *http.Request, err error) bool {
	return net.IsProbableEOF(err) || net.IsTimeout(err)
}

func (r *Request) watchInternal(ctx context.Context) (watch.Interface, runtime.Decoder, error) {
	if r.err != nil {
		return nil, nil, r.err
	}
	client := r.httpClient()
	// Watches are long-running: only their retries take rate limiter tokens.
	retry := r.newRetry()
	for {
		if err := retry.Before(ctx, r); err != nil {
			return nil, nil, retry.WrapPreviousError(err)
		}
		req, err := r.newHTTPRequest(ctx)
		if err != nil {
			return nil, nil, err
		}
		resp, err := client.Do(req)
		r.observeResponse(ctx, req, resp, err)
		retry.After(ctx, r, resp, err)
		if err == nil && resp.StatusCode == http.StatusOK {
			return r.newStreamWatcher(ctx, resp)
		}
		done, failure := func() (bool, error) {
			defer readAndCloseResponseBody(resp)
			if retry.IsNextRetry(ctx, r, req, resp, err, isRetryableForWatch) {
				return false, nil
			}
			if resp == nil {
				return true, nil // err is set
			}
			result := r.transformResponse(ctx, resp, req)
			if rerr := result.Error(); rerr != nil {
				return true, rerr
			}
			return true, fmt.Errorf("for request %s, got status: %v", req.URL.Redacted(), resp.StatusCode)
		}()
		if done {
			if err != nil && isRetryableForWatch(req, err) && ctx.Err() == nil {
				// out of retries on a connection that keeps closing: an
				// empty watch lets callers simply start over
				return watch.NewEmptyWatch(), nil, nil
			}
			if err == nil {
				err = failure
			}
			return nil, nil, retry.WrapPreviousError(err)
		}
	}
}

// newStreamWatcher decodes the response body as a stream of watch events.
func (r *Request) newStreamWatcher(ctx context.Context, resp *http.Response) (watch.Interface, runtime.Decoder, error) {
	contentType := resp.Header.Get("Content-Type")
	if contentType == "" {
		contentType = r.contentType()
	}
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		_ = resp.Body.Close()
		return nil, nil, fmt.Errorf("watch of %s: invalid Content-Type %q: %w", resp.Request.URL.Redacted(), contentType, err)
	}
	if r.contentConfig.Negotiator == nil {
		_ = resp.Body.Close()
		return nil, nil, fmt.Errorf("watch of %s: the client has no serializer", resp.Request.URL.Redacted())
	}
	objectDecoder, streamingSerializer, framer, err := r.contentConfig.Negotiator.StreamDecoder(mediaType, params)
	if err != nil {
		_ = resp.Body.Close()
		return nil, nil, fmt.Errorf("watch of %s: cannot decode a %q stream: %w", resp.Request.URL.Redacted(), contentType, err)
	}
	handleWarnings(ctx, resp.Header, r.warningHandler)
	var frameDecoder runtime.Decoder = streamingSerializer
	embeddedDecoder := objectDecoder
	if _, ok := streamingSerializer.(*protobuf.RawSerializer); ok {
		// apimachinery's protobuf serializers copy what they decode, so
		// the object may be decoded straight out of the frame.
		frameDecoder = protobufEventDecoder{}
		embeddedDecoder = newProtobufObjectDecoder(objectDecoder, streamingSerializer, protodec.SessionFrom(ctx))
	}
	frames := streaming.NewDecoder(framer.NewFrameReader(resp.Body), frameDecoder)
	source := &endAwareDecoder{ctx: ctx, Decoder: restwatch.NewDecoder(frames, embeddedDecoder)}
	// 500 marks decoding failures whose cause is unknown
	reporter := apierrors.NewClientErrorReporter(http.StatusInternalServerError, r.verb, "ClientWatchDecoding")
	return watch.NewStreamWatcher(source, reporter), objectDecoder, nil
}

// endAwareDecoder turns the read errors caused by Stop or by ctx ending into
// io.EOF, so that a deliberate shutdown closes the result channel without a
// spurious error event.
type endAwareDecoder struct {
	ctx context.Context
	*restwatch.Decoder
	closed atomic.Bool
}

func (d *endAwareDecoder) Decode() (watch.EventType, runtime.Object, error) {
	t, obj, err := d.Decoder.Decode()
	if err != nil && (d.closed.Load() || d.ctx.Err() != nil) {
		return "", nil, io.EOF
	}
	return t, obj, err
}

func (d *endAwareDecoder) Close() {
	d.closed.Store(true)
	d.Decoder.Close()
}
