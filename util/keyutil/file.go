package keyutil

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteKey stores PEM key data at keyPath with mode 0600, replacing any
// existing file and creating missing parent directories with mode 0755.
func WriteKey(keyPath string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(keyPath), 0o755); err != nil {
		return err
	}
	return os.WriteFile(keyPath, data, 0o600)
}

// LoadOrGenerateKeyFile returns the PEM private key stored at keyPath,
// creating and storing a new one when the file does not exist.
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

// PrivateKeyFromFile is ParsePrivateKeyPEM on the contents of file; errors
// name the file.
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

// PublicKeysFromFile is ParsePublicKeysPEM on the contents of file, so the
// file may hold public keys, certificates or private keys.
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
