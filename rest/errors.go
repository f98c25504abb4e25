package rest

import (
	"context"
	"fmt"
	"io"
)

// RequestConstructionError is returned when there's an error assembling a
// request.
type RequestConstructionError struct {
	// Err is what went wrong.
	Err error
}

// Error returns a textual description of 'r'.
func (r *RequestConstructionError) Error() string {
	return fmt.Sprintf("request construction error: '%v'", r.Err)
}

// Unwrap returns the underlying error.
func (r *RequestConstructionError) Unwrap() error { return r.Err }

// ResponseWrapper is an interface for getting a response. The response may be
// either accessed as a raw data (the whole output is put into memory) or as a
// stream. *Request implements it.
type ResponseWrapper interface {
	DoRaw(context.Context) ([]byte, error)
	Stream(context.Context) (io.ReadCloser, error)
}

var _ ResponseWrapper = (*Request)(nil)

var _ Interface = (*RESTClient)(nil)
