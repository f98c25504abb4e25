package rest

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/kclient/kclient/tools/metrics"
)

var metricsPkgPath = reflect.TypeFor[metrics.RegisterOpts]().PkgPath()

// metricsEnabled reports whether m was registered (is not one of the no-op
// defaults of tools/metrics), so the hot path skips preparing arguments
// nobody records.
func metricsEnabled(m any) bool {
	t := reflect.TypeOf(m)
	if t == nil {
		return false
	}
	return !(t.PkgPath() == metricsPkgPath && strings.HasPrefix(t.Name(), "noop"))
}

// urlTemplate is the request URL with the namespace and name replaced by
// "{namespace}" and "{name}", so that metrics have a bounded cardinality.
func (r *Request) urlTemplate() url.URL {
	t := *r
	if t.segs[segNamespace] != "" {
		t.segs[segNamespace] = "{namespace}"
	}
	if t.segs[segName] != "" {
		t.segs[segName] = "{name}"
	}
	t.params = nil
	t.timeout = 0
	return *t.URL()
}

// observeResponse records the result metrics of one attempt.
func (r *Request) observeResponse(ctx context.Context, req *http.Request, resp *http.Response, err error) {
	if metricsEnabled(metrics.RequestResult) {
		code := "<error>"
		if err == nil && resp != nil {
			code = strconv.Itoa(resp.StatusCode)
		}
		metrics.RequestResult.Increment(ctx, code, req.Method, req.URL.Host)
	}
	if resp != nil && err == nil && metricsEnabled(metrics.RequestRetry) && isRetryStatus(resp) {
		metrics.RequestRetry.IncrementRetry(ctx, strconv.Itoa(resp.StatusCode), req.Method, req.URL.Host)
	}
}

func isRetryStatus(resp *http.Response) bool {
	_, ok := retryAfterWait(resp)
	return ok
}
