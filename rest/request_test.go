package rest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kclient/kclient/kubernetes/scheme"
	"github.com/kclient/kclient/util/flowcontrol"
)

func TestRequestURL(t *testing.T) {
	cfg := testConfig("https://host:6443/prefix")
	c, err := RESTClientFor(cfg)
	require.NoError(t, err)
	tests := []struct {
		name string
		req  *Request
		want string
	}{
		{"collection", c.Get().Resource("Pods"), "https://host:6443/prefix/api/v1/pods"},
		{"namespaced name", c.Get().Namespace("ns").Resource("pods").Name("p"), "https://host:6443/prefix/api/v1/namespaces/ns/pods/p"},
		{"subresource and suffix", c.Get().Namespace("ns").Resource("pods").Name("p").SubResource("log").Suffix("x", "y"), "https://host:6443/prefix/api/v1/namespaces/ns/pods/p/log/x/y"},
		{"empty namespace is omitted", c.Get().Namespace("").Resource("pods"), "https://host:6443/prefix/api/v1/pods"},
		{"namespace if scoped false", c.Get().NamespaceIfScoped("ns", false).Resource("nodes"), "https://host:6443/prefix/api/v1/nodes"},
		{"prefix", c.Get().Prefix("watch").Resource("pods"), "https://host:6443/prefix/api/v1/watch/pods"},
		{"abs path keeps trailing slash", c.Get().AbsPath("/healthz/"), "https://host:6443/prefix/healthz/"},
		{"abs path segments", c.Get().AbsPath("/apis", "apps", "v1"), "https://host:6443/prefix/apis/apps/v1"},
		{"params sorted and escaped", c.Get().Resource("pods").Param("b", "x y").Param("a", "1").Param("a", "2"), "https://host:6443/prefix/api/v1/pods?a=1&a=2&b=x+y"},
		{"timeout param", c.Get().Resource("pods").Timeout(3 * time.Second), "https://host:6443/prefix/api/v1/pods?timeout=3s"},
		{"raw timeout param", c.Get().Resource("pods").Param("timeout", "7s"), "https://host:6443/prefix/api/v1/pods?timeout=7s"},
		{"Timeout replaces a raw timeout param", c.Get().Resource("pods").Param("timeout", "7s").Timeout(time.Second), "https://host:6443/prefix/api/v1/pods?timeout=1s"},
		{"versioned params", c.Get().Resource("pods").VersionedParams(&metav1.ListOptions{LabelSelector: "a=b", Limit: 2}, scheme.ParameterCodec), "https://host:6443/prefix/api/v1/pods?labelSelector=a%3Db&limit=2"},
		{"request uri", c.Get().Param("dropped", "1").RequestURI("/api/v1/pods?watch=true"), "https://host:6443/prefix/api/v1/pods?watch=true"},
		{"suffix with dot segments is cleaned", c.Get().Resource("pods").Name("p").Suffix("a", "..", "b"), "https://host:6443/prefix/api/v1/pods/p/b"},
		{"request uri path is cleaned", c.Get().RequestURI("/apis//apps/./v1").Resource("deployments"), "https://host:6443/prefix/apis/apps/v1/deployments"},
		{"group with dots", c.Get().AbsPath("/apis/rbac.authorization.k8s.io/v1").Resource("roles"), "https://host:6443/prefix/apis/rbac.authorization.k8s.io/v1/roles"},
		{"name with colon", c.Get().Resource("clusterroles").Name("system:admin"), "https://host:6443/prefix/api/v1/clusterroles/system:admin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, tt.req.Error())
			assert.Equal(t, tt.want, tt.req.URL().String())
		})
	}
}

func TestRequestBuilderErrors(t *testing.T) {
	c, err := RESTClientFor(testConfig("localhost"))
	require.NoError(t, err)
	tests := []struct {
		name string
		req  *Request
		want string
	}{
		{"empty name", c.Get().Name(""), "resource name may not be empty"},
		{"name twice", c.Get().Name("a").Name("b"), `resource name already set to "a", cannot change to "b"`},
		{"bad name", c.Get().Name("a/b"), `invalid resource name "a/b"`},
		{"resource twice", c.Get().Resource("a").Resource("b"), `resource already set to "a"`},
		{"bad resource", c.Get().Resource(".."), `invalid resource ".."`},
		{"namespace twice", c.Get().Namespace("a").Namespace("b"), `namespace already set to "a"`},
		{"bad namespace", c.Get().Namespace("a%b"), `invalid namespace "a%b"`},
		{"subresource twice", c.Get().SubResource("a").SubResource("b"), `subresource already set to "a"`},
		{"bad subresource", c.Get().SubResource("a", ".."), `invalid subresource ".."`},
		{"bad body", c.Post().Body(42), "unknown type used for body"},
		{"missing body file", c.Post().Body("/no/such/file"), "reading the request body"},
		{"bad request uri", c.Get().RequestURI("%zz"), "invalid request URI"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.ErrorContains(t, tt.req.Error(), tt.want)
			assert.ErrorContains(t, tt.req.Do(context.Background()).Error(), tt.want, "Do reports construction errors")
		})
	}
}

func TestPreflightEmptyNamespace(t *testing.T) {
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, configMapJSON) })
	c := newTestClient(t, s)
	ctx := context.Background()
	assert.ErrorContains(t, c.Post().Namespace("").Resource("configmaps").Do(ctx).Error(), "an empty namespace may not be set during creation")
	assert.ErrorContains(t, c.Get().Namespace("").Resource("configmaps").Name("x").Do(ctx).Error(), "an empty namespace may not be set when a resource name is provided")
	assert.Zero(t, s.calls.Load(), "nothing was sent")
	assert.NoError(t, c.Get().Namespace("").Resource("configmaps").Do(ctx).Error())
}

func TestDoDecodesJSON(t *testing.T) {
	var gotAccept, gotPath string
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		gotAccept, gotPath = r.Header.Get("Accept"), r.URL.Path
		w.Header().Set("Warning", `299 - "deprecated thing"`)
		writeJSON(w, 200, configMapJSON)
	})
	c := newTestClient(t, s)
	var cm corev1.ConfigMap
	var code int
	var ct string
	res := c.Get().Namespace("ns").Resource("configmaps").Name("cm").WarningHandler(NoWarnings{}).Do(context.Background())
	require.NoError(t, res.StatusCode(&code).ContentType(&ct).Into(&cm))
	assert.Equal(t, "v", cm.Data["k"])
	assert.Equal(t, 200, code)
	assert.Equal(t, "application/json", ct)
	assert.Equal(t, "application/json, */*", gotAccept)
	assert.Equal(t, "/api/v1/namespaces/ns/configmaps/cm", gotPath)
	require.Len(t, res.Warnings(), 1)
	assert.Equal(t, "deprecated thing", res.Warnings()[0].Text)

	obj, err := res.Get()
	require.NoError(t, err)
	assert.Equal(t, "cm", obj.(*corev1.ConfigMap).Name)
	raw, err := res.Raw()
	require.NoError(t, err)
	assert.JSONEq(t, configMapJSON, string(raw))
	var created bool
	res.WasCreated(&created)
	assert.False(t, created)
}

func TestDoProtobufNegotiation(t *testing.T) {
	var gotAccept, gotContentType string
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		gotAccept, gotContentType = r.Header.Get("Accept"), r.Header.Get("Content-Type")
		in, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		w.Header().Set("Content-Type", "application/vnd.kubernetes.protobuf")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(in) // echo the protobuf object back
	})
	cfg := testConfig(s.URL)
	cfg.ContentType = "application/vnd.kubernetes.protobuf"
	cfg.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	c, err := RESTClientFor(cfg)
	require.NoError(t, err)
	in := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "pb"}, Data: map[string]string{"a": "b"}}
	var out corev1.ConfigMap
	var created bool
	require.NoError(t, c.Post().Namespace("ns").Resource("configmaps").Body(in).Do(context.Background()).WasCreated(&created).Into(&out))
	assert.True(t, created)
	assert.Equal(t, "application/vnd.kubernetes.protobuf,application/json", gotAccept)
	assert.Equal(t, "application/vnd.kubernetes.protobuf", gotContentType)
	assert.Equal(t, "b", out.Data["a"])
}

func TestUseProtobufAsDefault(t *testing.T) {
	c, err := RESTClientFor(testConfig("localhost"))
	require.NoError(t, err)
	r := c.Get().UseProtobufAsDefaultIfPreferred(true)
	assert.Equal(t, "application/vnd.kubernetes.protobuf", r.contentType())
	assert.Equal(t, []string{"application/vnd.kubernetes.protobuf,application/json"}, r.accept)
	assert.Equal(t, "application/json", c.Get().UseProtobufAsDefaultIfPreferred(false).contentType())

	cfg := testConfig("localhost")
	cfg.ContentType = "application/json"
	c, err = RESTClientFor(cfg)
	require.NoError(t, err)
	assert.Equal(t, "application/json", c.Get().UseProtobufAsDefault().contentType(), "an explicit content type wins")
}

func TestErrorMapping(t *testing.T) {
	tests := []struct {
		name        string
		code        int
		contentType string
		body        string
		check       func(error) bool
		contains    string
	}{
		{"status not found", 404, "application/json", statusJSON(404, "NotFound", `configmaps \"x\" not found`), apierrors.IsNotFound, `configmaps "x" not found`},
		{"status conflict", 409, "application/json", statusJSON(409, "AlreadyExists", "already exists"), apierrors.IsAlreadyExists, "already exists"},
		{"status conflict update", 409, "application/json", statusJSON(409, "Conflict", "the object has been modified"), apierrors.IsConflict, "modified"},
		{"bare 401", 401, "", "", apierrors.IsUnauthorized, ""},
		{"text 403", 403, "text/plain", "forbidden: no way", apierrors.IsForbidden, "forbidden: no way"},
		{"429", 429, "application/json", statusJSON(429, "TooManyRequests", "slow down"), apierrors.IsTooManyRequests, "slow down"},
		{"html 503 from a proxy", 503, "text/html", "<html><body>Service Unavailable</body></html>", apierrors.IsServiceUnavailable, "Service Unavailable"},
		{"json non-status 500", 500, "application/json", `{"oops":true}`, apierrors.IsInternalError, ""},
		{"garbage json 500", 500, "application/json", `{{{{`, apierrors.IsInternalError, ""},
		{"binary 502", 502, "application/octet-stream", "\x00\x01", func(err error) bool {
			return apierrors.ReasonForError(err) == metav1.StatusReasonInternalError || apierrors.IsUnexpectedServerError(err)
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				w.WriteHeader(tt.code)
				_, _ = w.Write([]byte(tt.body))
			})
			c := newTestClient(t, s)
			err := c.Get().Namespace("ns").Resource("configmaps").Name("x").MaxRetries(0).Do(context.Background()).Into(&corev1.ConfigMap{})
			require.Error(t, err)
			var statusErr *apierrors.StatusError
			require.ErrorAs(t, err, &statusErr)
			assert.True(t, tt.check(err), "unexpected error: %v (%s)", err, apierrors.ReasonForError(err))
			assert.Equal(t, int32(tt.code), statusErr.Status().Code)
			assert.Contains(t, err.Error()+causes(statusErr), tt.contains, "the server's text is kept in the message or the causes")

			_, rawErr := c.Get().Namespace("ns").Resource("configmaps").Name("x").MaxRetries(0).DoRaw(context.Background())
			assert.True(t, tt.check(rawErr) || apierrors.IsUnexpectedServerError(rawErr), "DoRaw: %v", rawErr)

			_, streamErr := c.Get().Namespace("ns").Resource("configmaps").Name("x").MaxRetries(0).Stream(context.Background())
			require.Error(t, streamErr)
		})
	}
}

func TestGarbageSuccessBodies(t *testing.T) {
	tests := []struct {
		name, contentType, body, want string
	}{
		{"truncated json", "application/json", `{"kind":"ConfigMap","apiVersion":"v1","metadata":{`, "decoding the application/json response from http"},
		{"html page", "text/html", "<html>hi</html>", `content type "text/html"`},
		{"empty body", "application/json", "", "0-length response"},
		{"bad content type", "a/b/c; ;", "x", "cannot decode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				_, _ = w.Write([]byte(tt.body))
			})
			c := newTestClient(t, s)
			err := c.Get().Resource("configmaps").Name("x").Do(context.Background()).Into(&corev1.ConfigMap{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), "/api/v1/configmaps/x", "errors name the URL")
		})
	}
}

func TestTruncatedResponseBody(t *testing.T) {
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "1000")
		_, _ = w.Write([]byte(`{"kind":`))
		// the handler returns early: the connection is closed short
		hj, ok := w.(http.Hijacker)
		require.True(t, ok)
		conn, _, err := hj.Hijack()
		if err == nil {
			_ = conn.Close()
		}
	})
	c := newTestClient(t, s)
	err := c.Post().Resource("configmaps").Do(context.Background()).Error()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "response body")
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name       string
		verb       string
		maxRetries int
		responses  []int // status codes; the last repeats
		retryAfter string
		wantCalls  int32
		wantErr    func(error) bool
	}{
		{"429 then success", "GET", 10, []int{429, 200}, "0", 2, nil},
		{"503 twice then success on POST", "POST", 10, []int{503, 503, 201}, "0", 3, nil},
		{"500 without Retry-After is not retried", "GET", 10, []int{500}, "", 1, apierrors.IsInternalError},
		{"429 without Retry-After is not retried", "GET", 10, []int{429}, "", 1, apierrors.IsTooManyRequests},
		{"500 retried up to the limit", "GET", 3, []int{500}, "0", 4, apierrors.IsInternalError},
		{"MaxRetries(0) never retries", "GET", 0, []int{429}, "0", 1, apierrors.IsTooManyRequests},
		{"404 is final", "GET", 10, []int{404}, "0", 1, apierrors.IsNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var bodies []string
			var s *testServer
			s = newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				mu.Lock()
				bodies = append(bodies, string(b))
				mu.Unlock()
				i := int(s.calls.Load()) - 1
				code := tt.responses[min(i, len(tt.responses)-1)]
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				if code < 300 {
					writeJSON(w, code, configMapJSON)
					return
				}
				writeJSON(w, code, statusJSON(code, "", "try again"))
			})
			c := newTestClient(t, s)
			err := c.Verb(tt.verb).Resource("configmaps").Body([]byte("payload")).MaxRetries(tt.maxRetries).Do(context.Background()).Error()
			if tt.wantErr == nil {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
				assert.True(t, tt.wantErr(err), "unexpected error %v", err)
			}
			assert.Equal(t, tt.wantCalls, s.calls.Load())
			for _, b := range bodies {
				assert.Equal(t, "payload", b, "every attempt sends the whole body")
			}
		})
	}
}

func TestRetryAfterIsWaited(t *testing.T) {
	var s *testServer
	s = newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if s.calls.Load() == 1 {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, 429, statusJSON(429, "TooManyRequests", "wait"))
			return
		}
		writeJSON(w, 200, configMapJSON)
	})
	c := newTestClient(t, s)
	start := time.Now()
	require.NoError(t, c.Get().Resource("configmaps").Do(context.Background()).Error())
	assert.GreaterOrEqual(t, time.Since(start), time.Second)
	assert.Equal(t, int32(2), s.calls.Load())

	// the wait honours the context
	s.calls.Store(0)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	err := c.Get().Resource("configmaps").Do(ctx).Error()
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "error from a previous attempt")
	assert.Less(t, time.Since(start), 900*time.Millisecond)
}

func TestOpaqueBodyIsNotRetried(t *testing.T) {
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "0")
		writeJSON(w, 503, statusJSON(503, "ServiceUnavailable", "busy"))
	})
	c := newTestClient(t, s)
	err := c.Post().Resource("configmaps").Body(io.NopCloser(strings.NewReader("x"))).Do(context.Background()).Error()
	assert.True(t, apierrors.IsServiceUnavailable(err))
	assert.Equal(t, int32(1), s.calls.Load(), "a reader that cannot seek cannot be re-sent")

	s.calls.Store(0)
	err = c.Post().Resource("configmaps").Body(strings.NewReader("x")).MaxRetries(2).Do(context.Background()).Error()
	assert.True(t, apierrors.IsServiceUnavailable(err))
	assert.Equal(t, int32(3), s.calls.Load(), "a seekable reader is rewound and re-sent")
}

func TestConnectionResetRetriedForGET(t *testing.T) {
	var s *testServer
	s = newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if s.calls.Load() == 1 {
			conn, _, err := w.(http.Hijacker).Hijack()
			require.NoError(t, err)
			_ = conn.Close() // no response at all
			return
		}
		writeJSON(w, 200, configMapJSON)
	})
	c := newTestClient(t, s)
	require.NoError(t, c.Get().Resource("configmaps").Do(context.Background()).Error())
	assert.Equal(t, int32(2), s.calls.Load())

	s.calls.Store(0)
	err := c.Post().Resource("configmaps").Body([]byte("{}")).Do(context.Background()).Error()
	require.Error(t, err, "writes are not idempotent and are not retried")
	assert.Equal(t, int32(1), s.calls.Load())
}

func TestContextAndTimeouts(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	var gotQueryV atomic.Value
	gotQuery := func() string { v, _ := gotQueryV.Load().(string); return v }
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		gotQueryV.Store(r.URL.RawQuery)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	c := newTestClient(t, s)

	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	err := c.Get().Resource("configmaps").Do(ctx).Error()
	assert.ErrorIs(t, err, context.Canceled)

	start := time.Now()
	err = c.Get().Resource("configmaps").Timeout(100 * time.Millisecond).Do(context.Background()).Error()
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 2*time.Second)
	assert.Equal(t, "timeout=100ms", gotQuery())

	cfg := testConfig(s.URL)
	cfg.Timeout = 100 * time.Millisecond
	tc, err := RESTClientFor(cfg)
	require.NoError(t, err)
	err = tc.Get().Resource("configmaps").Do(context.Background()).Error()
	require.Error(t, err, "Config.Timeout bounds the request")
	assert.Equal(t, "timeout=100ms", gotQuery())

	canceled, cancelNow := context.WithCancel(context.Background())
	cancelNow()
	calls := s.calls.Load()
	assert.ErrorIs(t, c.Get().Resource("configmaps").Do(canceled).Error(), context.Canceled)
	assert.Equal(t, calls, s.calls.Load(), "a canceled context sends nothing")
}

func TestRateLimiterIsUsed(t *testing.T) {
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, configMapJSON) })
	cfg := testConfig(s.URL)
	cfg.RateLimiter = flowcontrol.NewFakeNeverRateLimiter()
	c, err := RESTClientFor(cfg)
	require.NoError(t, err)
	err = c.Get().Resource("configmaps").Do(context.Background()).Error()
	assert.ErrorContains(t, err, "client rate limiter Wait returned an error")
	assert.Zero(t, s.calls.Load())

	// Throttle replaces the client's limiter for one request
	require.NoError(t, c.Get().Resource("configmaps").Throttle(nil).Do(context.Background()).Error())

	cfg.RateLimiter = nil
	cfg.QPS, cfg.Burst = 20, 1
	c, err = RESTClientFor(cfg)
	require.NoError(t, err)
	start := time.Now()
	for range 5 {
		require.NoError(t, c.Get().Resource("configmaps").Do(context.Background()).Error())
	}
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond, "5 requests at 20 qps with burst 1 take >= 200ms")
}

func TestBodyKinds(t *testing.T) {
	var got []string
	var gotCT []string
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, string(b))
		gotCT = append(gotCT, r.Header.Get("Content-Type"))
		writeJSON(w, 200, configMapJSON)
	})
	c := newTestClient(t, s)
	file := filepath.Join(t.TempDir(), "body.json")
	require.NoError(t, os.WriteFile(file, []byte("from-file"), 0o600))
	ctx := context.Background()
	require.NoError(t, c.Post().Resource("x").Body(file).Do(ctx).Error())
	require.NoError(t, c.Post().Resource("x").Body([]byte("bytes")).Do(ctx).Error())
	require.NoError(t, c.Post().Resource("x").Body(bytes.NewBufferString("reader")).Do(ctx).Error())
	require.NoError(t, c.Post().Resource("x").Body(&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "obj"}}).Do(ctx).Error())
	var nilCM *corev1.ConfigMap
	require.NoError(t, c.Post().Resource("x").Body(nilCM).Do(ctx).Error())
	require.NoError(t, c.Patch(types.MergePatchType).Resource("x").Body([]byte(`{}`)).Do(ctx).Error())

	require.Len(t, got, 6)
	assert.Equal(t, []string{"from-file", "bytes", "reader"}, got[:3])
	assert.Contains(t, got[3], `"name":"obj"`)
	assert.Equal(t, "application/json", gotCT[3])
	assert.Empty(t, got[4], "a typed nil object sends no body")
	assert.Equal(t, "application/merge-patch+json", gotCT[5])
}

func TestSetHeaderOverridesAccept(t *testing.T) {
	var h http.Header
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { h = r.Header.Clone(); writeJSON(w, 200, configMapJSON) })
	c := newTestClient(t, s)
	require.NoError(t, c.Get().Resource("x").SetHeader("Accept", "application/yaml").SetHeader("X-A", "1", "2").Do(context.Background()).Error())
	assert.Equal(t, "application/yaml", h.Get("Accept"))
	assert.Equal(t, []string{"1", "2"}, h.Values("X-A"))
}

func TestStream(t *testing.T) {
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/namespaces/ns/pods/p/log" {
			w.Header().Set("Content-Type", "text/plain")
			_, _ = w.Write([]byte("line1\nline2\n"))
			return
		}
		writeJSON(w, 404, statusJSON(404, "NotFound", "pods \\\"q\\\" not found"))
	})
	c := newTestClient(t, s)
	rc, err := c.Get().Namespace("ns").Resource("pods").Name("p").SubResource("log").Stream(context.Background())
	require.NoError(t, err)
	b, err := io.ReadAll(rc)
	require.NoError(t, err)
	require.NoError(t, rc.Close())
	assert.Equal(t, "line1\nline2\n", string(b))

	_, err = c.Get().Namespace("ns").Resource("pods").Name("q").SubResource("log").Stream(context.Background())
	assert.True(t, apierrors.IsNotFound(err), "%v", err)
}

func TestDoRaw(t *testing.T) {
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			_, _ = w.Write([]byte("ok"))
			return
		}
		http.Error(w, "nope", http.StatusNotFound)
	})
	c := newTestClient(t, s)
	b, err := c.Get().AbsPath("/healthz").DoRaw(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "ok", string(b))
	_, err = c.Get().AbsPath("/missing").DoRaw(context.Background())
	assert.True(t, apierrors.IsNotFound(err))
	var statusErr *apierrors.StatusError
	require.ErrorAs(t, err, &statusErr)
	assert.Contains(t, causes(statusErr), "nope")
}

func TestConnectionRefused(t *testing.T) {
	s := newTestServer(t, func(http.ResponseWriter, *http.Request) {})
	c := newTestClient(t, s)
	s.Close()
	err := c.Get().Resource("configmaps").MaxRetries(0).Do(context.Background()).Error()
	require.Error(t, err)
	assert.Contains(t, err.Error(), s.URL)
}

type recordingRetry struct {
	WithRetry
	before int
}

func (r *recordingRetry) Before(ctx context.Context, req *Request) error {
	r.before++
	return r.WithRetry.Before(ctx, req)
}

func TestCustomRetryAndBackoff(t *testing.T) {
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "0")
		writeJSON(w, 500, statusJSON(500, "InternalError", "x"))
	})
	c := newTestClient(t, s)
	rec := &recordingRetry{}
	r := c.Get().Resource("x").MaxRetries(2)
	r.retryFn = func(max int) WithRetry { rec.WithRetry = &withRetry{maxRetries: max}; return rec }
	assert.Error(t, r.Do(context.Background()).Error())
	assert.Equal(t, 3, rec.before)

	b := &URLBackoff{Backoff: flowcontrol.NewBackOff(time.Millisecond, 10*time.Millisecond)}
	s.calls.Store(0)
	assert.Error(t, c.Get().Resource("x").MaxRetries(2).BackOffWithContext(b).Do(context.Background()).Error())
	assert.Equal(t, int32(3), s.calls.Load())
	u := c.Get().Resource("x").URL()
	assert.Positive(t, b.CalculateBackoff(u), "5xx responses grow the URL's backoff")
	b.UpdateBackoff(u, nil, 200)
	assert.Zero(t, b.CalculateBackoffWithContext(context.Background(), u))
	b.Disable()
	b.UpdateBackoff(u, errors.New("x"), 503)
	assert.Zero(t, b.CalculateBackoff(u))
	assert.NoError(t, c.Get().Resource("x").BackOff(nil).Error())
	assert.NoError(t, c.Get().Resource("x").BackOff(&NoBackoff{}).Error())
}

func TestNewRequestWithClient(t *testing.T) {
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, configMapJSON) })
	u := mustParse(t, s.URL)
	content := ClientContentConfig{GroupVersion: corev1.SchemeGroupVersion, Negotiator: runtime.NewClientNegotiator(scheme.Codecs.WithoutConversion(), corev1.SchemeGroupVersion)}
	var cm corev1.ConfigMap
	require.NoError(t, NewRequestWithClient(u, "/api/v1", content, nil).Verb("GET").Resource("configmaps").Name("cm").Do(context.Background()).Into(&cm))
	assert.Equal(t, "cm", cm.Name)
	assert.Error(t, NewRequestWithClient(nil, "", content, nil).Do(context.Background()).Error())
}

// causes joins the messages of a StatusError's causes.
func causes(err *apierrors.StatusError) string {
	var out []string
	if d := err.Status().Details; d != nil {
		for _, c := range d.Causes {
			out = append(out, c.Message)
		}
	}
	return strings.Join(out, "; ")
}

// TestFastPathMatchesPathJoin checks the allocation-free path builder
// against plain path.Join cleaning for many combinations.
func TestFastPathMatchesPathJoin(t *testing.T) {
	c, err := RESTClientFor(testConfig("https://host/base"))
	require.NoError(t, err)
	prefixes := [][]string{nil, {"/"}, {"/apis/apps/v1/"}, {"/a//b"}, {"/a/./b/../c"}, {"watch"}}
	namespaces := []string{"", "ns"}
	resources := []string{"", "Pods"}
	names := []string{"", "n.a.m.e"}
	subresources := [][]string{nil, {"status"}, {"a", "b"}}
	suffixes := [][]string{nil, {"x"}, {"/x/", "y"}, {"..", "z"}, {"."}}
	n := 0
	for _, pre := range prefixes {
		for _, ns := range namespaces {
			for _, res := range resources {
				for _, name := range names {
					for _, sub := range subresources {
						for _, suf := range suffixes {
							r := c.Get()
							if pre != nil {
								r.AbsPath(pre...)
							}
							r.NamespaceIfScoped(ns, ns != "")
							if res != "" {
								r.Resource(res)
							}
							if name != "" {
								r.Name(name)
							}
							if sub != nil {
								r.SubResource(sub...)
							}
							if suf != nil {
								r.Suffix(suf...)
							}
							require.NoError(t, r.Error())
							if ns == "" && res == "" && name == "" && sub == nil && suf == nil {
								continue
							}
							n++
							assert.Equal(t, r.joinedPath(), r.path(), "prefix %v ns %q resource %q name %q sub %v suffix %v", pre, ns, res, name, sub, suf)
						}
					}
				}
			}
		}
	}
	assert.Greater(t, n, 500)
}

func TestZeroValuesDoNotPanic(t *testing.T) {
	ctx := context.Background()
	assert.Error(t, (&RESTClient{}).Get().Resource("pods").Do(ctx).Error())
	_, err := (&RESTClient{}).Get().DoRaw(ctx)
	assert.Error(t, err)
	_, err = (&RESTClient{}).Get().Watch(ctx)
	assert.Error(t, err)
	assert.Error(t, (&RESTClient{}).Post().Body(&corev1.ConfigMap{}).Error(), "no serializer to encode with")
	assert.Error(t, Result{}.Into(&corev1.ConfigMap{}))
	_, err = Result{}.Get()
	assert.Error(t, err)

	_, err = RESTClientFor(nil)
	assert.Error(t, err)
	_, err = UnversionedRESTClientFor(nil)
	assert.Error(t, err)
	_, err = HTTPClientFor(nil)
	assert.Error(t, err)
	_, err = TransportFor(nil)
	assert.Error(t, err)
}

func TestSlowBodyHonoursTimeout(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"kind":"ConfigMap",`))
		w.(http.Flusher).Flush()
		select { // the rest of the body never comes
		case <-release:
		case <-r.Context().Done():
		}
	})
	c := newTestClient(t, s)
	start := time.Now()
	err := c.Get().Resource("configmaps").Name("slow").Timeout(200 * time.Millisecond).Do(context.Background()).Error()
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "reading the response body")
	assert.Less(t, time.Since(start), 3*time.Second)
}
