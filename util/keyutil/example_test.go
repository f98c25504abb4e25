package keyutil_test

import (
	"crypto/ecdsa"
	"fmt"

	"github.com/kclient/kclient/util/keyutil"
)

// Generate a key, then read it back and list its public key.
func ExampleParsePrivateKeyPEM() {
	keyPEM, err := keyutil.MakeEllipticPrivateKeyPEM()
	if err != nil {
		panic(err)
	}
	key, err := keyutil.ParsePrivateKeyPEM(keyPEM)
	if err != nil {
		panic(err)
	}
	pubs, err := keyutil.ParsePublicKeysPEM(keyPEM)
	if err != nil {
		panic(err)
	}
	fmt.Println(key.(*ecdsa.PrivateKey).Curve.Params().Name, len(pubs))
	// Output: P-256 1
}
