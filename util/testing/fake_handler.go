package testing

import (
	"io"
	"net/http"
	"net/url"
	"reflect"
	"sync"
)

// TestInterface is the subset of *testing.T that ValidateRequest reports
// failures through.
type TestInterface interface {
	Errorf(format string, args ...interface{})
	Logf(format string, args ...interface{})
}

// LogInterface is the subset of *testing.T that FakeHandler logs through.
type LogInterface interface {
	Logf(format string, args ...interface{})
}

// FakeHandler is an http.Handler that answers every request with
// StatusCode, a JSON content type and ResponseBody, and remembers the last
// request and its body for ValidateRequest. It counts requests so a test can
// check that exactly the expected number arrived; route only the requests
// under test to it (for example with an http.ServeMux), or exclude others
// with SkipRequestFn. Exported fields must not be changed while requests are
// being served, except through SetResponseBody.
type FakeHandler struct {
	// RequestReceived is the last counted request. Its body has been read;
	// the content is in RequestBody.
	RequestReceived *http.Request
	// RequestBody is the body of the last counted request.
	RequestBody string
	// StatusCode is the status of every response; 0 means 200.
	StatusCode int
	// ResponseBody is the body of every response.
	ResponseBody string
	// T, if set, receives log lines (pass the test's *testing.T).
	T LogInterface
	// SkipRequestFn, if set, selects requests that are answered but neither
	// counted nor recorded.
	SkipRequestFn func(verb string, url url.URL) bool

	mu        sync.Mutex
	count     int
	validated bool
}

// SetResponseBody changes the body of later responses; safe to call while
// requests are being served.
func (f *FakeHandler) SetResponseBody(responseBody string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ResponseBody = responseBody
}

// ServeHTTP answers the request and, unless SkipRequestFn excludes it,
// records it. A request arriving after ValidateRequest or
// ValidateRequestCount is a test bug: it is answered with 500 and logged,
// and the extra count makes a later validation fail.
func (f *FakeHandler) ServeHTTP(response http.ResponseWriter, request *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()

	skip := f.SkipRequestFn != nil && f.SkipRequestFn(request.Method, *request.URL)
	if !skip {
		f.count++
		if f.validated {
			f.logf("FakeHandler: %s %s arrived after the handler was validated", request.Method, request.URL.Path)
			http.Error(response, "FakeHandler: request after validation", http.StatusInternalServerError)
			return
		}
		body, err := io.ReadAll(request.Body)
		if err != nil {
			f.logf("FakeHandler: reading the request body: %v", err)
		}
		f.RequestReceived = request
		f.RequestBody = string(body)
		f.logf("FakeHandler: request body: %s", f.RequestBody)
	}
	response.Header().Set("Content-Type", "application/json")
	status := f.StatusCode
	if status == 0 {
		status = http.StatusOK
	}
	response.WriteHeader(status)
	_, _ = io.WriteString(response, f.ResponseBody)
}

func (f *FakeHandler) logf(format string, args ...interface{}) {
	if f.T != nil {
		f.T.Logf(format, args...)
	}
}

// ValidateRequestCount reports through t whether exactly count requests were
// recorded, and returns the result. After it the handler accepts no more
// requests.
func (f *FakeHandler) ValidateRequestCount(t TestInterface, count int) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.validated = true
	if f.count != count {
		t.Errorf("FakeHandler: want %d requests, got %d (only the last one is recorded)", count, f.count)
		return false
	}
	return true
}

// ValidateRequest checks the last recorded request against expectedPath
// (path and query, which must parse as a URL), expectedMethod and, if body is
// not nil, the exact body; each mismatch is reported through t.Errorf. Other
// than one request having arrived is only logged. After it the handler
// accepts no more requests.
func (f *FakeHandler) ValidateRequest(t TestInterface, expectedPath, expectedMethod string, body *string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.validated = true
	if f.count != 1 {
		t.Logf("FakeHandler: want 1 request, got %d (only the last one is recorded)", f.count)
	}
	want, err := url.Parse(expectedPath)
	if err != nil {
		t.Errorf("FakeHandler: expected path %q is not a URL: %v", expectedPath, err)
		return
	}
	got := f.RequestReceived
	if got == nil {
		t.Errorf("FakeHandler: no request received, want %s %s", expectedMethod, expectedPath)
		return
	}
	if got.URL.Path != want.Path {
		t.Errorf("FakeHandler: request path %q, want %q", got.URL.Path, want.Path)
	}
	if g, w := got.URL.Query(), want.Query(); !reflect.DeepEqual(g, w) {
		t.Errorf("FakeHandler: request query %v, want %v", g, w)
	}
	if got.Method != expectedMethod {
		t.Errorf("FakeHandler: request method %q, want %q", got.Method, expectedMethod)
	}
	if body != nil && *body != f.RequestBody {
		t.Errorf("FakeHandler: request body\n%s\nwant\n%s", f.RequestBody, *body)
	}
}
