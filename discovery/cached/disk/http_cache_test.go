package disk

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHTTPCacheRules(t *testing.T) {
	tests := []struct {
		name         string
		headers      map[string]string
		wantRequests []string // what the server sees on the 2nd and 3rd GET
		advance      time.Duration
		cached       bool // the 2nd and 3rd GET return the first body
	}{
		{"etag revalidates", map[string]string{"ETag": `"v1"`}, []string{`"v1"`, `"v1"`}, 0, true},
		{"last-modified revalidates", map[string]string{"Last-Modified": "Mon, 02 Jan 2006 15:04:05 GMT"}, []string{"", ""}, 0, false},
		{"immutable is not asked again", map[string]string{"Cache-Control": "public, immutable", "ETag": `"h"`}, nil, 0, true},
		{"max-age fresh", map[string]string{"Cache-Control": "max-age=60"}, nil, 0, true},
		{"max-age expired, then fresh again after the 304", map[string]string{"Cache-Control": "max-age=60", "ETag": `"e"`}, []string{`"e"`}, 2 * time.Minute, true},
		{"no-store is never stored", map[string]string{"Cache-Control": "no-store", "ETag": `"x"`}, []string{"", ""}, 0, false},
		{"no validator is not stored", map[string]string{}, []string{"", ""}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen []string
			var calls atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := calls.Add(1)
				if n > 1 {
					seen = append(seen, r.Header.Get("If-None-Match"))
				}
				for k, v := range tt.headers {
					w.Header().Set(k, v)
				}
				if etag := tt.headers["ETag"]; etag != "" && r.Header.Get("If-None-Match") == etag {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				fmt.Fprint(w, "body-", n)
			}))
			defer srv.Close()

			now := time.Now()
			cache := newHTTPCache(t.TempDir(), http.DefaultTransport)
			cache.now = func() time.Time { return now }
			client := &http.Client{Transport: cache}
			get := func() string {
				resp, err := client.Get(srv.URL + "/doc")
				require.NoError(t, err)
				defer resp.Body.Close()
				require.Equal(t, http.StatusOK, resp.StatusCode, "a 304 never reaches the caller")
				b, err := io.ReadAll(resp.Body)
				require.NoError(t, err)
				return string(b)
			}
			first := get()
			assert.Equal(t, "body-1", first)
			now = now.Add(tt.advance)
			second, third := get(), get()
			if tt.cached {
				assert.Equal(t, first, second, "served from the cache")
				assert.Equal(t, first, third)
			} else {
				assert.Equal(t, []string{"body-2", "body-3"}, []string{second, third})
			}
			assert.Equal(t, tt.wantRequests, seen)
		})
	}
}

func TestHTTPCacheKeysOnAccept(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "immutable")
		fmt.Fprint(w, r.Header.Get("Accept"))
	}))
	defer srv.Close()
	client := &http.Client{Transport: newHTTPCache(t.TempDir(), http.DefaultTransport)}
	for _, accept := range []string{"application/json", "application/x-protobuf", "application/json"} {
		req, err := http.NewRequest(http.MethodGet, srv.URL, nil)
		require.NoError(t, err)
		req.Header.Set("Accept", accept)
		resp, err := client.Do(req)
		require.NoError(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, accept, string(b))
	}
}
