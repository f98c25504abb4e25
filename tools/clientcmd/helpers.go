package clientcmd

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// ParseTimeout parses a request timeout: a non-negative whole number of
// seconds ("30") or a Go duration ("1m30s").
func ParseTimeout(duration string) (time.Duration, error) {
	if secs, err := strconv.ParseInt(duration, 10, 64); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, nil
	}
	if d, err := time.ParseDuration(duration); err == nil {
		return d, nil
	}
	return 0, errors.New("Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)")
}

// parseProxyURL parses a cluster's proxy-url; only http, https and socks5
// are supported.
func parseProxyURL(proxyURL string) (*url.URL, error) {
	u, err := url.Parse(proxyURL)
	if err != nil {
		// The URL may carry credentials: describe the failure, not the value.
		return nil, errors.New("could not parse proxy URL")
	}
	switch u.Scheme {
	case "http", "https", "socks5":
		return u, nil
	default:
		return nil, fmt.Errorf("unsupported scheme %q, must be http, https, or socks5", u.Scheme)
	}
}

// redactURL returns raw with any password replaced, for error messages.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "<unparsable>"
	}
	return u.Redacted()
}
