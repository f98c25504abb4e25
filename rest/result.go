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

// Result contains the result of calling Request.Do(). It is a small value
// type; its body is owned by the Result and must not be modified by callers
// of Raw.
type Result struct {
	body        []byte
	warnings    []net.WarningHeader
	contentType string
	err         error
	statusCode  int
	decoder     runtime.Decoder
	url         *url.URL // for error messages; may be nil
}

// Raw returns the raw result.
func (r Result) Raw() ([]byte, error) {
	return r.body, r.err
}

// Get returns the result as an object, which means it passes through the
// decoder. If the returned object is of type Status and has .Status !=
// StatusSuccess, the additional information in Status will be used to enrich
// the error.
func (r Result) Get() (runtime.Object, error) {
	if r.err != nil {
		return nil, r.Error()
	}
	if err := r.checkDecodable(); err != nil {
		return nil, err
	}
	out, _, err := r.decoder.Decode(r.body, nil, nil)
	if err != nil {
		return nil, r.decodeError(err)
	}
	if status, ok := out.(*metav1.Status); ok && status.Status != metav1.StatusSuccess {
		return nil, apierrors.FromObject(status)
	}
	return out, nil
}

// StatusCode returns the HTTP status code of the request. (Only valid if no
// error was returned.)
func (r Result) StatusCode(statusCode *int) Result {
	*statusCode = r.statusCode
	return r
}

// ContentType returns the "Content-Type" response header into the passed
// string, returning the Result for possible chaining. (Only valid if no error
// code was returned.)
func (r Result) ContentType(contentType *string) Result {
	*contentType = r.contentType
	return r
}

// Into stores the result into obj, if possible. If obj is nil it is ignored.
// If the returned object is of type Status and has .Status != StatusSuccess,
// the additional information in Status will be used to enrich the error.
func (r Result) Into(obj runtime.Object) error {
	if r.err != nil {
		// prefer the Status the server may have sent over the generic error
		return r.Error()
	}
	if err := r.checkDecodable(); err != nil {
		return err
	}
	out, _, err := r.decoder.Decode(r.body, nil, obj)
	if err != nil {
		return r.decodeError(err)
	}
	if out == obj {
		return nil
	}
	// the body held a different kind, which may be a failure Status
	if status, ok := out.(*metav1.Status); ok && status.Status != metav1.StatusSuccess {
		return apierrors.FromObject(status)
	}
	return nil
}

// WasCreated updates the provided bool pointer to whether the server returned
// 201 created or a different response.
func (r Result) WasCreated(wasCreated *bool) Result {
	*wasCreated = r.statusCode == http.StatusCreated
	return r
}

// Error returns the error executing the request, nil if no error occurred.
// If the returned object is of type Status and has Status != StatusSuccess,
// the additional information in Status will be used to enrich the error.
// See the Request.Do() comment for what errors you might get.
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

// Warnings returns any warning headers received in the response
func (r Result) Warnings() []net.WarningHeader {
	return r.warnings
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
