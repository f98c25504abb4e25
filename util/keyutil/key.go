package keyutil

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
)

const (
	// ECPrivateKeyBlockType is the pem.Block type of a SEC 1 encoded elliptic curve private key.
	ECPrivateKeyBlockType = "EC PRIVATE KEY"
	// RSAPrivateKeyBlockType is the pem.Block type of a PKCS#1 encoded RSA private key.
	RSAPrivateKeyBlockType = "RSA PRIVATE KEY"
	// PrivateKeyBlockType is the pem.Block type of a PKCS#8 encoded private key of any algorithm.
	PrivateKeyBlockType = "PRIVATE KEY"
	// PublicKeyBlockType is the pem.Block type of a PKIX encoded public key.
	PublicKeyBlockType = "PUBLIC KEY"
)

// MakeEllipticPrivateKeyPEM creates a new ECDSA private key on the P-256 curve
// and returns it PEM-encoded as an "EC PRIVATE KEY" block.
func MakeEllipticPrivateKeyPEM() ([]byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	return MarshalPrivateKeyToPEM(key)
}

// MarshalPrivateKeyToPEM encodes an RSA or ECDSA private key as one PEM
// block. RSA keys are written as PKCS#1
// ("RSA PRIVATE KEY") and ECDSA keys as SEC 1 ("EC PRIVATE KEY"); any other
// key type is rejected.
func MarshalPrivateKeyToPEM(privateKey crypto.PrivateKey) ([]byte, error) {
	var block pem.Block
	switch k := privateKey.(type) {
	case *rsa.PrivateKey:
		block = pem.Block{Type: RSAPrivateKeyBlockType, Bytes: x509.MarshalPKCS1PrivateKey(k)}
	case *ecdsa.PrivateKey:
		der, err := x509.MarshalECPrivateKey(k)
		if err != nil {
			return nil, err
		}
		block = pem.Block{Type: ECPrivateKeyBlockType, Bytes: der}
	default:
		return nil, fmt.Errorf("private key is not a recognized type: %T", privateKey)
	}
	return pem.EncodeToMemory(&block), nil
}

// ParsePrivateKeyPEM finds the private key in PEM data. It looks at "EC
// PRIVATE KEY", "RSA PRIVATE KEY" and "PRIVATE KEY" blocks only. The first block of one of those types that parses
// wins; other blocks and blocks that fail to parse are skipped. The result is
// an *rsa.PrivateKey or *ecdsa.PrivateKey (or, for PKCS#8, whatever key type
// crypto/x509 returns).
func ParsePrivateKeyPEM(keyData []byte) (interface{}, error) {
	for rest := keyData; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		var key any
		var err error
		switch block.Type {
		case ECPrivateKeyBlockType:
			key, err = x509.ParseECPrivateKey(block.Bytes)
		case RSAPrivateKeyBlockType:
			key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		case PrivateKeyBlockType:
			key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		default:
			continue
		}
		if err == nil {
			return key, nil
		}
	}
	return nil, errors.New("data does not contain a valid RSA or ECDSA private key")
}

// ParsePublicKeysPEM collects the RSA and ECDSA public keys found in PEM
// data, in order. Every PEM block is tried,
// regardless of its type, as an RSA private key (PKCS#1 or PKCS#8), a PKIX
// public key or certificate, and an EC private key (SEC 1); blocks that hold
// none of these are skipped. It fails when no key is found.
func ParsePublicKeysPEM(keyData []byte) ([]interface{}, error) {
	keys := []interface{}{}
	for rest := keyData; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if pub := publicKeyOf(block.Bytes); pub != nil {
			keys = append(keys, pub)
		}
	}
	if len(keys) == 0 {
		return nil, errors.New("data does not contain any valid RSA or ECDSA public keys")
	}
	return keys, nil
}

// publicKeyOf returns the RSA or ECDSA public key held by der, or nil.
func publicKeyOf(der []byte) any {
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return &k.PublicKey
	}
	if k, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		if rk, ok := k.(*rsa.PrivateKey); ok {
			return &rk.PublicKey
		}
	}
	var pub any
	if k, err := x509.ParsePKIXPublicKey(der); err == nil {
		pub = k
	} else if c, err := x509.ParseCertificate(der); err == nil {
		pub = c.PublicKey
	}
	switch k := pub.(type) {
	case *rsa.PublicKey, *ecdsa.PublicKey:
		return k
	}
	if k, err := x509.ParseECPrivateKey(der); err == nil {
		return &k.PublicKey
	}
	return nil
}
