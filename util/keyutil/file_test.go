package keyutil

import (
	"crypto"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "key.pem")
	require.NoError(t, WriteKey(path, []byte("one")))
	require.NoError(t, WriteKey(path, []byte("two")))

	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "two", string(got))
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	di, err := os.Stat(filepath.Dir(path))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o755), di.Mode().Perm())
}

func TestLoadOrGenerateKeyFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "key.pem")

	first, generated, err := LoadOrGenerateKeyFile(path)
	require.NoError(t, err)
	assert.True(t, generated)
	_, err = ParsePrivateKeyPEM(first)
	require.NoError(t, err)

	second, generated, err := LoadOrGenerateKeyFile(path)
	require.NoError(t, err)
	assert.False(t, generated)
	assert.Equal(t, first, second)

	bad := filepath.Join(dir, "bad.pem")
	require.NoError(t, os.WriteFile(bad, []byte("not a key"), 0o600))
	_, _, err = LoadOrGenerateKeyFile(bad)
	require.ErrorContains(t, err, "error loading key from "+bad)
	content, rerr := os.ReadFile(bad)
	require.NoError(t, rerr)
	assert.Equal(t, "not a key", string(content), "an existing invalid file is not overwritten")

	_, _, err = LoadOrGenerateKeyFile(dir) // a directory cannot be read as a file
	require.ErrorContains(t, err, "error loading key from "+dir)
}

func TestKeysFromFile(t *testing.T) {
	dir := t.TempDir()
	keyPEM, err := MakeEllipticPrivateKeyPEM()
	require.NoError(t, err)
	good := filepath.Join(dir, "good.pem")
	require.NoError(t, WriteKey(good, keyPEM))
	junk := filepath.Join(dir, "junk.pem")
	require.NoError(t, WriteKey(junk, []byte("junk")))
	missing := filepath.Join(dir, "missing.pem")

	priv, err := PrivateKeyFromFile(good)
	require.NoError(t, err)
	pubs, err := PublicKeysFromFile(good)
	require.NoError(t, err)
	require.Len(t, pubs, 1)
	assert.Equal(t, priv.(crypto.Signer).Public(), pubs[0])

	_, err = PrivateKeyFromFile(junk)
	require.EqualError(t, err, "error reading private key file "+junk+": data does not contain a valid RSA or ECDSA private key")
	_, err = PublicKeysFromFile(junk)
	require.EqualError(t, err, "error reading public key file "+junk+": data does not contain any valid RSA or ECDSA public keys")
	_, err = PrivateKeyFromFile(missing)
	require.ErrorIs(t, err, os.ErrNotExist)
	_, err = PublicKeysFromFile(missing)
	require.ErrorIs(t, err, os.ErrNotExist)
}
