package transport

import "strings"

// headerKeyEscape percent-encodes every byte of key that is not a legal HTTP
// header token character (RFC 7230 tchar), and '%' itself, so that arbitrary
// user.Info extra keys survive as header names (Impersonate-Extra-<key>,
// X-Remote-Extra-<key>). The API server decodes them with url.PathUnescape.
func headerKeyEscape(key string) string {
	var b strings.Builder
	b.Grow(len(key))
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(key); i++ {
		c := key[i]
		if isHeaderTokenByte(c) && c != '%' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0x0f])
	}
	return b.String()
}

// isHeaderTokenByte reports whether c may appear in an HTTP header name.
func isHeaderTokenByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$&'*+-.^_`|~", c) >= 0
}
