package rest

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/net"
	"k8s.io/klog/v2"
)

// Result is the outcome of Request.Do: the response body, its content type,
// status code and warnings, and the error, if any. It is a small value that
// decodes lazily (Get, Into). The body slice it hands out through Raw
// belongs to the Result: read it, do not modify it.
type Result struct {
	body        []byte
	warnings    []net.WarningHeader
	contentType string
	err         error
	statusCode  int
	decoder     runtime.Decoder
	url         *url.URL // for error messages; may be nil
}

// Raw returns the undecoded response body together with the request's
// error (which, unlike Error's, is not refined from a Status in the body).
func (r Result) Raw() ([]byte, error) {
	return r.body, r.err
}

// Get decodes the body into a new object of whatever kind it holds. A
// failed request returns Error(); a body that is a metav1.Status other than
// Success is returned as the corresponding *errors.StatusError.
func (r Result) Get() (runtime.Object, error) {
	return r.decode(nil)
}

// Into decodes the body into obj. A failed request returns Error(); a body
// that turns out to be a non-Success metav1.Status yields the corresponding
// *errors.StatusError instead of filling obj. With a nil obj it behaves like
// Get without returning the object.
func (r Result) Into(obj runtime.Object) error {
	_, err := r.decode(obj)
	return err
}

// decode is Get (into == nil) and Into: it decodes the body, into into when
// possible, and reports a failure Status found in place of the expected
// object as its API error.
func (r Result) decode(into runtime.Object) (runtime.Object, error) {
	if r.err != nil {
		// prefer the Status the server may have sent over the generic error
		return nil, r.Error()
	}
	if err := r.checkDecodable(); err != nil {
		return nil, err
	}
	out, _, err := r.decoder.Decode(r.body, nil, into)
	switch {
	case err != nil:
		return nil, r.decodeError(err)
	case out == into:
		return out, nil
	}
	// a different kind than asked for, which may be a failure Status
	if status, ok := out.(*metav1.Status); ok && status.Status != metav1.StatusSuccess {
		return nil, apierrors.FromObject(status)
	}
	return out, nil
}

// Error returns why the request failed, or nil. When the failure is a
// generic error made up from the status code and the body holds a
// metav1.Status with Status "Failure", that Status is returned instead (as
// an *errors.StatusError), since it tells more. Request.Do lists the error
// kinds to expect.
func (r Result) Error() error {
	// Only a generic error synthesized from an unexpected status may be
	// improved on by a Status in the body.
	if r.err == nil || !apierrors.IsUnexpectedServerError(r.err) || len(r.body) == 0 || r.decoder == nil {
		return r.err
	}
	// old servers send a Status without apiVersion: default it to v1
	out, _, err := r.decoder.Decode(r.body, &schema.GroupVersionKind{Version: "v1"}, nil)
	if err != nil {
		klog.V(5).InfoS("Error response body is not a Status", "err", err)
		return r.err
	}
	if status, ok := out.(*metav1.Status); ok && status.Status == metav1.StatusFailure {
		return apierrors.FromObject(status)
	}
	return r.err
}

// Warnings returns the parsed "Warning" headers of the response (they were
// also passed to the request's warning handler).
func (r Result) Warnings() []net.WarningHeader {
	return r.warnings
}

// StatusCode stores the response's HTTP status code in *statusCode and
// returns r for chaining. It is 0 when no response was received.
func (r Result) StatusCode(statusCode *int) Result {
	*statusCode = r.statusCode
	return r
}

// WasCreated stores in *wasCreated whether the server answered
// 201 Created, and returns r for chaining.
func (r Result) WasCreated(wasCreated *bool) Result {
	*wasCreated = r.statusCode == http.StatusCreated
	return r
}

// ContentType stores the response's media type in *contentType (the
// client's own content type when the response had no Content-Type header)
// and returns r for chaining. It is "" when no response was received.
func (r Result) ContentType(contentType *string) Result {
	*contentType = r.contentType
	return r
}

// checkDecodable reports why the body cannot be decoded, if it cannot.
func (r Result) checkDecodable() error {
	if r.decoder == nil {
		return fmt.Errorf("the server responded with content type %q%s, which this client cannot decode (serializer for %s doesn't exist)", r.contentType, r.where(), r.contentType)
	}
	if len(r.body) == 0 {
		return fmt.Errorf("0-length response with status code: %d and content type: %s%s", r.statusCode, r.contentType, r.where())
	}
	return nil
}

// decodeError explains a body that could not be decoded, keeping errors
// that callers test by type unwrapped.
func (r Result) decodeError(err error) error {
	if runtime.IsNotRegisteredError(err) || runtime.IsMissingKind(err) || runtime.IsMissingVersion(err) || runtime.IsStrictDecodingError(err) {
		return err
	}
	var status apierrors.APIStatus
	if errors.As(err, &status) {
		return err
	}
	return fmt.Errorf("decoding the %s response%s (status %d): %w", r.contentType, r.where(), r.statusCode, err)
}

func (r Result) where() string {
	if r.url == nil {
		return ""
	}
	return " from " + r.url.Redacted()
}
