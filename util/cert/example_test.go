package cert_test

import (
	"crypto/tls"
	"fmt"
	"net"

	"github.com/kclient/kclient/util/cert"
)

// A throw-away serving certificate for a test server on 127.0.0.1.
func ExampleGenerateSelfSignedCertKey() {
	certPEM, keyPEM, err := cert.GenerateSelfSignedCertKey("127.0.0.1", []net.IP{net.IPv6loopback}, []string{"localhost"})
	if err != nil {
		panic(err)
	}
	if _, err := tls.X509KeyPair(certPEM, keyPEM); err != nil {
		panic(err)
	}
	chain, err := cert.ParseCertsPEM(certPEM)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(chain), chain[0].DNSNames, chain[0].IPAddresses, chain[1].IsCA)
	// Output: 2 [localhost] [127.0.0.1 ::1] true
}
