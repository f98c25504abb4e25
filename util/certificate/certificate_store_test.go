package certificate

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFileStoreCurrentSources(t *testing.T) {
	currentCert, currentKey := makePair(t, pairSpec{cn: "from-current"})
	explicitCert, explicitKey := makePair(t, pairSpec{cn: "from-files"})
	defaultCert, defaultKey := makePair(t, pairSpec{cn: "from-defaults"})

	type files map[string][]byte
	tests := []struct {
		name    string
		files   files
		wantCN  string
		wantErr string
		noPair  bool
	}{
		{name: "nothing", files: files{}, noPair: true},
		{name: "default names", files: files{"certs/kubelet.crt": defaultCert, "keys/kubelet.key": defaultKey}, wantCN: "from-defaults"},
		{name: "explicit files win over default names", files: files{
			"certs/kubelet.crt": defaultCert, "keys/kubelet.key": defaultKey, "my.crt": explicitCert, "my.key": explicitKey,
		}, wantCN: "from-files"},
		{name: "current pair wins", files: files{
			"my.crt": explicitCert, "my.key": explicitKey, "certs/kubelet-current.pem": append(currentCert, currentKey...),
		}, wantCN: "from-current"},
		{name: "cert without key is not a pair", files: files{"my.crt": explicitCert}, noPair: true},
		{name: "broken current file", files: files{"certs/kubelet-current.pem": []byte("junk")}, wantErr: "could not convert data from"},
		{name: "mismatched explicit pair", files: files{"my.crt": explicitCert, "my.key": defaultKey}, wantErr: "private key does not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, data := range tt.files {
				p := filepath.Join(dir, name)
				require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
				require.NoError(t, os.WriteFile(p, data, 0o600))
			}
			s, err := NewFileStore("kubelet", filepath.Join(dir, "certs"), filepath.Join(dir, "keys"), filepath.Join(dir, "my.crt"), filepath.Join(dir, "my.key"))
			require.NoError(t, err)
			got, err := s.Current()
			switch {
			case tt.noPair:
				var noPair *NoCertKeyError
				require.True(t, errors.As(err, &noPair), "want NoCertKeyError, got %v", err)
				assert.Contains(t, err.Error(), "no cert/key files read at")
			case tt.wantErr != "":
				require.ErrorContains(t, err, tt.wantErr)
			default:
				require.NoError(t, err)
				require.NotNil(t, got.Leaf)
				assert.Equal(t, tt.wantCN, got.Leaf.Subject.CommonName)
			}
		})
	}
}

func TestFileStoreUpdate(t *testing.T) {
	dir := t.TempDir()
	certDir := filepath.Join(dir, "pki") // created by Update
	s, err := NewFileStore("kubelet-client", certDir, certDir, "", "")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(certDir, "kubelet-client-current.pem"), s.CurrentPath())

	certPEM, keyPEM := makePair(t, pairSpec{cn: "first"})
	pair, err := s.Update(certPEM, keyPEM)
	require.NoError(t, err)
	assert.Equal(t, "first", pair.Leaf.Subject.CommonName)

	info, err := os.Lstat(s.CurrentPath())
	require.NoError(t, err)
	assert.NotZero(t, info.Mode()&os.ModeSymlink, "current is a symlink")
	target, err := os.Readlink(s.CurrentPath())
	require.NoError(t, err)
	assert.True(t, filepath.IsAbs(target))
	st, err := os.Stat(target)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "the key file is private")

	// A second update moves the link; a new store reads the latest pair.
	certPEM2, keyPEM2 := makePair(t, pairSpec{cn: "second"})
	_, err = s.Update(certPEM2, keyPEM2)
	require.NoError(t, err)
	s2, err := NewFileStore("kubelet-client", certDir, certDir, "", "")
	require.NoError(t, err)
	cur, err := s2.Current()
	require.NoError(t, err)
	assert.Equal(t, "second", cur.Leaf.Subject.CommonName)
	_, err = os.Lstat(filepath.Join(certDir, "kubelet-client-updated.pem"))
	assert.True(t, os.IsNotExist(err), "no leftover updated link")

	tests := []struct {
		name, wantErr string
		cert, key     []byte
	}{
		{"bad certificate", "invalid certificate data", []byte("junk"), keyPEM},
		{"bad key", "invalid key data", certPEM, []byte("junk")},
		{"key of another pair", "private key does not match", certPEM, keyPEM2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Update(tt.cert, tt.key)
			require.ErrorContains(t, err, tt.wantErr)
			assert.NotContains(t, err.Error(), "PRIVATE KEY", "key material never appears in errors")
		})
	}
}

func TestFileStoreRecoversInterruptedUpdate(t *testing.T) {
	dir := t.TempDir()
	certPEM, keyPEM := makePair(t, pairSpec{cn: "pending"})
	pairFile := filepath.Join(dir, "kubelet-2026-01-01-00-00-00.pem")
	require.NoError(t, os.WriteFile(pairFile, append(certPEM, keyPEM...), 0o600))
	require.NoError(t, os.Symlink(pairFile, filepath.Join(dir, "kubelet-updated.pem")))

	s, err := NewFileStore("kubelet", dir, dir, "", "")
	require.NoError(t, err)
	cur, err := s.Current()
	require.NoError(t, err)
	assert.Equal(t, "pending", cur.Leaf.Subject.CommonName)

	// A regular file where the link should be is refused.
	dir2 := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir2, "kubelet-updated.pem"), []byte("x"), 0o600))
	_, err = NewFileStore("kubelet", dir2, dir2, "", "")
	require.ErrorContains(t, err, "to be a symlink but it is a file")

	dir3 := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir3, "kubelet-current.pem"), append(certPEM, keyPEM...), 0o600))
	s3, err := NewFileStore("kubelet", dir3, dir3, "", "")
	require.NoError(t, err)
	_, err = s3.Update(certPEM, keyPEM)
	require.ErrorContains(t, err, "to be a symlink but it is a file")
}
