package rest

import (
	"context"
	"fmt"
	"io"
)

// RequestConstructionError reports that a request could not be put
// together (before anything was sent).
type RequestConstructionError struct {
	// Err is what went wrong.
	Err error
}

// Error quotes the underlying error after "request construction error:".
func (r *RequestConstructionError) Error() string {
	return fmt.Sprintf("request construction error: '%v'", r.Err)
}

// Unwrap returns the underlying error.
func (r *RequestConstructionError) Unwrap() error { return r.Err }

// ResponseWrapper is a request that can be sent either for its whole body
// at once (DoRaw, buffered in memory) or for a body to read incrementally
// (Stream). *Request implements it; tests substitute fakes.
type ResponseWrapper interface {
	DoRaw(context.Context) ([]byte, error)
	Stream(context.Context) (io.ReadCloser, error)
}

var _ ResponseWrapper = (*Request)(nil)

var _ Interface = (*RESTClient)(nil)
