package keyutil

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteKey writes the pem-encoded key data to keyPath. The key file will be
// created with file mode 0600. If the key file already exists, it will be
// overwritten. The parent directory of the keyPath will be created as needed
// with file mode 0755.
func WriteKey(keyPath string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(keyPath), 0o755); err != nil {
		return err
	}
	return os.WriteFile(keyPath, data, 0o600)
}

// LoadOrGenerateKeyFile looks for a key in the file at the given path.
// If it can't find one, it will generate a new key and store it there.
//
// A file that exists and holds a parseable private key is returned as is with
// wasGenerated false; a file that exists but holds no valid key is an error.
// Only a missing file leads to a new ECDSA P-256 key
// being written (see WriteKey); a file that cannot be read is an error.
func LoadOrGenerateKeyFile(keyPath string) (data []byte, wasGenerated bool, err error) {
	loaded, err := os.ReadFile(keyPath)
	switch {
	case err == nil:
		if _, perr := ParsePrivateKeyPEM(loaded); perr != nil {
			return nil, false, fmt.Errorf("error loading key from %s: %w", keyPath, perr)
		}
		return loaded, false, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, false, fmt.Errorf("error loading key from %s: %w", keyPath, err)
	}
	generated, err := MakeEllipticPrivateKeyPEM()
	if err != nil {
		return nil, false, fmt.Errorf("error generating key: %w", err)
	}
	if err := WriteKey(keyPath, generated); err != nil {
		return nil, false, fmt.Errorf("error writing key to %s: %w", keyPath, err)
	}
	return generated, true, nil
}

// PrivateKeyFromFile returns the private key in rsa.PrivateKey or
// ecdsa.PrivateKey format from a given PEM-encoded file. Returns an error if
// the file could not be read or if the private key could not be parsed.
func PrivateKeyFromFile(file string) (interface{}, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	key, err := ParsePrivateKeyPEM(data)
	if err != nil {
		return nil, fmt.Errorf("error reading private key file %s: %w", file, err)
	}
	return key, nil
}

// PublicKeysFromFile returns the public keys in rsa.PublicKey or
// ecdsa.PublicKey format from a given PEM-encoded file. Reads public keys from
// both public and private key files.
func PublicKeysFromFile(file string) ([]interface{}, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	keys, err := ParsePublicKeysPEM(data)
	if err != nil {
		return nil, fmt.Errorf("error reading public key file %s: %w", file, err)
	}
	return keys, nil
}
