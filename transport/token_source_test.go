package transport

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// countingSource hands out tokens tok-1, tok-2, ... valid for ttl, or err.
type countingSource struct {
	mu    sync.Mutex
	calls int
	ttl   time.Duration
	err   error
}

func (s *countingSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.err != nil {
		return nil, s.err
	}
	tok := &oauth2.Token{AccessToken: "tok-" + string(rune('0'+s.calls))}
	if s.ttl != 0 {
		tok.Expiry = time.Now().Add(s.ttl)
	}
	return tok, nil
}

func TestCachedTokenSource(t *testing.T) {
	t.Run("caches until expiry", func(t *testing.T) {
		src := &countingSource{ttl: time.Hour}
		ts := NewCachedTokenSource(src)
		for range 3 {
			tok, err := ts.Token()
			require.NoError(t, err)
			assert.Equal(t, "tok-1", tok.AccessToken)
		}
		assert.Equal(t, 1, src.calls)

		// Move the clock past the expiry: a new token is fetched.
		ts.now = func() time.Time { return time.Now().Add(2 * time.Hour) }
		tok, err := ts.Token()
		require.NoError(t, err)
		assert.Equal(t, "tok-2", tok.AccessToken)
	})
	t.Run("token without expiry is not cached", func(t *testing.T) {
		src := &countingSource{}
		ts := NewCachedTokenSource(src)
		_, _ = ts.Token()
		_, _ = ts.Token()
		assert.Equal(t, 2, src.calls)
	})
	t.Run("error without cached token", func(t *testing.T) {
		boom := errors.New("boom")
		_, err := NewCachedTokenSource(&countingSource{err: boom}).Token()
		assert.ErrorIs(t, err, boom)
	})
	t.Run("error keeps previous token", func(t *testing.T) {
		src := &countingSource{ttl: time.Minute}
		ts := NewCachedTokenSource(src)
		_, err := ts.Token()
		require.NoError(t, err)
		src.err = errors.New("boom")
		ts.now = func() time.Time { return time.Now().Add(time.Hour) }
		tok, err := ts.Token()
		require.NoError(t, err)
		assert.Equal(t, "tok-1", tok.AccessToken)
	})
	t.Run("reset only drops older tokens", func(t *testing.T) {
		src := &countingSource{ttl: time.Hour}
		ts := NewCachedTokenSource(src)
		_, _ = ts.Token()
		ts.ResetTokenOlderThan(time.Now().Add(-time.Minute))
		tok, _ := ts.Token()
		assert.Equal(t, "tok-1", tok.AccessToken, "token is newer than the reset time")
		ts.ResetTokenOlderThan(time.Now().Add(time.Minute))
		tok, _ = ts.Token()
		assert.Equal(t, "tok-2", tok.AccessToken)
	})
}

func TestCachedFileTokenSource(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "token")

	ts := NewCachedFileTokenSource(path)
	_, err := ts.Token()
	require.ErrorContains(t, err, "failed to read token file")
	require.ErrorIs(t, err, os.ErrNotExist)

	writeFile(t, dir, "token", []byte("  \n"))
	_, err = ts.Token()
	require.ErrorContains(t, err, "read empty token from file")

	writeFile(t, dir, "token", []byte("first\n"))
	tok, err := ts.Token()
	require.NoError(t, err)
	assert.Equal(t, "first", tok.AccessToken)

	// Within the cache period the file is not read again.
	writeFile(t, dir, "token", []byte("second"))
	tok, err = ts.Token()
	require.NoError(t, err)
	assert.Equal(t, "first", tok.AccessToken)

	// After the period (one minute less the leeway) it is.
	ts.now = func() time.Time { return time.Now().Add(51 * time.Second) }
	tok, err = ts.Token()
	require.NoError(t, err)
	assert.Equal(t, "second", tok.AccessToken)

	// A file that disappears keeps the last good token.
	require.NoError(t, os.Remove(path))
	ts.now = func() time.Time { return time.Now().Add(5 * time.Minute) }
	tok, err = ts.Token()
	require.NoError(t, err)
	assert.Equal(t, "second", tok.AccessToken)
}

func TestTokenSourceWrapTransport(t *testing.T) {
	tests := []struct {
		name       string
		resettable bool
		status     int
		header     http.Header
		wantAuth   string
		wantCalls  int // token source calls after three requests
	}{
		{name: "plain source sets bearer", status: 200, wantAuth: "Bearer tok-1", wantCalls: 1},
		{name: "existing authorization untouched", status: 200, header: http.Header{"Authorization": {"Basic x"}}, wantAuth: "Basic x", wantCalls: 0},
		{name: "plain source ignores 401", status: 401, wantAuth: "Bearer tok-1", wantCalls: 1},
		{name: "resettable source refreshes after 401", resettable: true, status: 401, wantAuth: "Bearer tok-2", wantCalls: 2},
		{name: "resettable source keeps token on 200", resettable: true, status: 200, wantAuth: "Bearer tok-1", wantCalls: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := &countingSource{ttl: time.Hour}
			cached := NewCachedTokenSource(src)
			var wrap func(http.RoundTripper) http.RoundTripper
			if tc.resettable {
				wrap = ResettableTokenSourceWrapTransport(cached)
			} else {
				wrap = TokenSourceWrapTransport(cached)
			}
			rec := &recorder{status: tc.status}
			rt := wrap(rec)
			// A 401 resets only tokens obtained before that request started:
			// the token of the first request is fetched during it, so it is
			// reset by the second 401 and replaced on the third request.
			for range 3 {
				resp, err := rt.RoundTrip(newRequest(t, tc.header))
				require.NoError(t, err)
				assert.Equal(t, tc.status, resp.StatusCode)
			}
			assert.Equal(t, tc.wantAuth, rec.req.Header.Get("Authorization"))
			assert.Equal(t, tc.wantCalls, src.calls)
		})
	}
}

func TestTokenSourceWrapTransportError(t *testing.T) {
	boom := errors.New("no token for you")
	rec := &recorder{}
	_, err := TokenSourceWrapTransport(&countingSource{err: boom})(rec).RoundTrip(newRequest(t, nil))
	assert.ErrorIs(t, err, boom)
	assert.Zero(t, rec.calls)
}

func TestBearerAuthWithRefresh(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "token", []byte("one"))

	t.Run("no file", func(t *testing.T) {
		rec := &recorder{}
		rt, err := NewBearerAuthWithRefreshRoundTripper("static", "", rec)
		require.NoError(t, err)
		_, err = rt.RoundTrip(newRequest(t, nil))
		require.NoError(t, err)
		assert.Equal(t, "Bearer static", rec.req.Header.Get("Authorization"))
	})
	t.Run("missing file with static token falls back", func(t *testing.T) {
		rec := &recorder{}
		rt, err := NewBearerAuthWithRefreshRoundTripper("static", filepath.Join(dir, "missing"), rec)
		require.NoError(t, err)
		_, err = rt.RoundTrip(newRequest(t, nil))
		require.NoError(t, err)
		assert.Equal(t, "Bearer static", rec.req.Header.Get("Authorization"))
	})
	t.Run("missing file without static token fails", func(t *testing.T) {
		_, err := NewBearerAuthWithRefreshRoundTripper("", filepath.Join(dir, "missing"), &recorder{})
		require.ErrorContains(t, err, "missing")
	})
	t.Run("file is re-read after the cache period", func(t *testing.T) {
		rec := &recorder{}
		rt, err := NewBearerAuthWithRefreshRoundTripper("", path, rec)
		require.NoError(t, err)
		_, err = rt.RoundTrip(newRequest(t, nil))
		require.NoError(t, err)
		assert.Equal(t, "Bearer one", rec.req.Header.Get("Authorization"))

		writeFile(t, dir, "token", []byte("two"))
		rt.(*bearerAuthRoundTripper).source.(*cachingTokenSource).now = func() time.Time { return time.Now().Add(time.Minute) }
		_, err = rt.RoundTrip(newRequest(t, nil))
		require.NoError(t, err)
		assert.Equal(t, "Bearer two", rec.req.Header.Get("Authorization"))
	})
}
