package disk

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"k8s.io/klog/v2"
)

// storedAtHeader records, in a cached response, when it was stored.
const storedAtHeader = "X-Kclient-Stored-At"

// fromCacheHeader marks responses served from the cache (also after a 304).
const fromCacheHeader = "X-From-Cache"

// httpCache is an http.RoundTripper that caches successful GET responses on
// disk, one file per URL and Accept header. Stored responses are reused
// without a request while fresh (immutable, or within max-age) and are
// revalidated with If-None-Match / If-Modified-Since otherwise; a 304 answer
// is replaced by the stored response. Responses marked no-store, or that
// carry neither a validator nor a max-age, are not stored. Safe for
// concurrent use: files are replaced atomically.
type httpCache struct {
	dir  string
	next http.RoundTripper
	now  func() time.Time
}

func newHTTPCache(dir string, next http.RoundTripper) *httpCache {
	return &httpCache{dir: dir, next: next, now: time.Now}
}

// key names the file for a request.
func (c *httpCache) key(req *http.Request) string {
	sum := sha256.Sum256([]byte(req.URL.String() + "\x00" + req.Header.Get("Accept")))
	return filepath.Join(c.dir, hex.EncodeToString(sum[:]))
}

func (c *httpCache) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet || req.Header.Get("Range") != "" {
		return c.next.RoundTrip(req)
	}
	path := c.key(req)
	stored := c.load(path, req)
	if stored != nil && c.fresh(stored) {
		klog.V(6).Info("Serving from the HTTP cache", "url", req.URL.Redacted())
		stored.Header.Set(fromCacheHeader, "1")
		return stored, nil
	}

	out := req
	if stored != nil {
		out = req.Clone(req.Context())
		if etag := stored.Header.Get("ETag"); etag != "" {
			out.Header.Set("If-None-Match", etag)
		}
		if lm := stored.Header.Get("Last-Modified"); lm != "" {
			out.Header.Set("If-Modified-Since", lm)
		}
	}
	resp, err := c.next.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	if stored != nil && resp.StatusCode == http.StatusNotModified {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		// Refresh the stored time (and any new caching headers).
		for _, h := range []string{"Cache-Control", "Expires", "ETag", "Date"} {
			if v := resp.Header.Get(h); v != "" {
				stored.Header.Set(h, v)
			}
		}
		c.store(path, stored)
		stored.Header.Set(fromCacheHeader, "1")
		return stored, nil
	}
	if resp.StatusCode == http.StatusOK && storable(resp) {
		c.store(path, resp)
	}
	return resp, nil
}

// storable reports whether a response may and should be stored.
func storable(resp *http.Response) bool {
	cc := cacheControl(resp.Header)
	if _, ok := cc["no-store"]; ok {
		return false
	}
	_, maxAge := cc["max-age"]
	_, immutable := cc["immutable"]
	return resp.Header.Get("ETag") != "" || resp.Header.Get("Last-Modified") != "" || maxAge || immutable
}

// fresh reports whether a stored response can be used without asking.
func (c *httpCache) fresh(resp *http.Response) bool {
	cc := cacheControl(resp.Header)
	if _, ok := cc["no-cache"]; ok {
		return false
	}
	if _, ok := cc["immutable"]; ok {
		return true
	}
	maxAge, ok := cc["max-age"]
	if !ok {
		return false
	}
	secs, err := strconv.Atoi(maxAge)
	if err != nil {
		return false
	}
	storedAt, err := time.Parse(time.RFC3339Nano, resp.Header.Get(storedAtHeader))
	if err != nil {
		return false
	}
	return c.now().Before(storedAt.Add(time.Duration(secs) * time.Second))
}

// cacheControl parses the Cache-Control directives.
func cacheControl(h http.Header) map[string]string {
	out := map[string]string{}
	for _, line := range h.Values("Cache-Control") {
		for _, part := range strings.Split(line, ",") {
			name, value, _ := strings.Cut(strings.TrimSpace(part), "=")
			if name != "" {
				out[strings.ToLower(name)] = strings.Trim(value, `"`)
			}
		}
	}
	return out
}

// load reads a stored response; nil if there is none or it is unreadable.
func (c *httpCache) load(path string, req *http.Request) *http.Response {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(data)), req)
	if err != nil {
		klog.V(4).Info("Ignoring an unreadable HTTP cache entry", "path", path, "err", err)
		return nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp
}

// store writes resp to path atomically and leaves resp readable for the
// caller. Failures are logged: the cache is an optimisation.
func (c *httpCache) store(path string, resp *http.Response) {
	resp.Header.Set(storedAtHeader, c.now().UTC().Format(time.RFC3339Nano))
	resp.Header.Del(fromCacheHeader)
	dump, err := httputil.DumpResponse(resp, true)
	resp.Header.Del(storedAtHeader)
	if err != nil {
		klog.V(4).Info("Not caching a response", "err", err)
		return
	}
	if err := writeFileAtomic(path, dump); err != nil {
		klog.V(4).Info("Not caching a response", "path", path, "err", err)
	}
}

// writeFileAtomic writes data to a temporary file next to path and renames
// it into place, so readers never see a partial file.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // no-op after a successful rename
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o660); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("replacing %s: %w", path, err)
	}
	return nil
}
