package api

import "encoding/base64"

// mustDecodeBase64 decodes a compile-time constant; it panics only on a
// programming error in this package.
func mustDecodeBase64(s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}
