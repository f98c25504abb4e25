package certificate

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"k8s.io/klog/v2"

	certutil "github.com/kclient/kclient/util/cert"
)

// Store keeps the current certificate and key.
type Store interface {
	// Current returns the current pair, with Leaf set. A store that has none
	// returns a *NoCertKeyError, which tells the Manager to fall back to its
	// bootstrap pair (or request a certificate at once).
	Current() (*tls.Certificate, error)
	// Update makes the PEM cert and key the current pair and returns it.
	Update(cert, key []byte) (*tls.Certificate, error)
}

// FileStore is a Store kept on disk that can also say where the current
// pair is.
type FileStore interface {
	Store
	// CurrentPath is the path of <prefix>-current.pem, a symlink to the file
	// holding the current certificate chain and key in PEM.
	CurrentPath() string
}

// NoCertKeyError is returned by a Store that has no certificate and key yet.
type NoCertKeyError string

// Error returns the message.
func (e *NoCertKeyError) Error() string { return string(*e) }

// fileStore keeps every pair it is given in its own timestamped file
// <prefix>-<time>.pem in certDir and points <prefix>-current.pem at the
// latest one. Switching is atomic: the new symlink is created as
// <prefix>-updated.pem and renamed over the current one.
type fileStore struct {
	logger   klog.Logger
	prefix   string
	certDir  string
	keyDir   string
	certFile string
	keyFile  string
}

// NewFileStore is NewFileStoreWithLogger with klog.Background().
func NewFileStore(
	pairNamePrefix string,
	certDirectory string,
	keyDirectory string,
	certFile string,
	keyFile string) (FileStore, error) {
	return NewFileStoreWithLogger(klog.Background(), pairNamePrefix, certDirectory, keyDirectory, certFile, keyFile)
}

// NewFileStoreWithLogger returns a store that reads the current pair from,
// in order of preference:
//
//  1. certDirectory/<pairNamePrefix>-current.pem (certificate and key in one file),
//  2. certFile and keyFile,
//  3. certDirectory/<pairNamePrefix>.crt and keyDirectory/<pairNamePrefix>.key,
//
// and writes new pairs to certDirectory as described on FileStore. If a
// previous process stopped between the two steps of an update, the update is
// completed here. Log lines go to logger.Info; pass logger.V(n) to quieten
// them.
func NewFileStoreWithLogger(
	logger klog.Logger,
	pairNamePrefix string,
	certDirectory string,
	keyDirectory string,
	certFile string,
	keyFile string) (FileStore, error) {
	s := &fileStore{
		logger:   logger,
		prefix:   pairNamePrefix,
		certDir:  certDirectory,
		keyDir:   keyDirectory,
		certFile: certFile,
		keyFile:  keyFile,
	}
	if err := s.finishInterruptedUpdate(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *fileStore) path(qualifier string) string {
	return filepath.Join(s.certDir, s.prefix+"-"+qualifier+".pem")
}

// CurrentPath returns certDirectory/<prefix>-current.pem.
func (s *fileStore) CurrentPath() string { return s.path("current") }

// finishInterruptedUpdate renames a leftover <prefix>-updated.pem symlink to
// <prefix>-current.pem when the latter is missing.
func (s *fileStore) finishInterruptedUpdate() error {
	if ok, err := exists(s.CurrentPath()); err != nil || ok {
		return err
	}
	updated := s.path("updated")
	isLink, err := isSymlink(updated)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !isLink {
		return fmt.Errorf("expected %q to be a symlink but it is a file", updated)
	}
	if err := os.Rename(updated, s.CurrentPath()); err != nil {
		return fmt.Errorf("unable to rename %q to %q: %w", updated, s.CurrentPath(), err)
	}
	return nil
}

// Current loads the pair from the first location that has one.
func (s *fileStore) Current() (*tls.Certificate, error) {
	if ok, err := exists(s.CurrentPath()); err != nil {
		return nil, err
	} else if ok {
		s.logger.Info("Loading cert/key pair from a file", "filePath", s.CurrentPath())
		return loadPair(s.CurrentPath(), s.CurrentPath())
	}
	candidates := [][2]string{
		{s.certFile, s.keyFile},
		{filepath.Join(s.certDir, s.prefix+".crt"), filepath.Join(s.keyDir, s.prefix+".key")},
	}
	for _, c := range candidates {
		certOK, err := exists(c[0])
		if err != nil {
			return nil, err
		}
		keyOK, err := exists(c[1])
		if err != nil {
			return nil, err
		}
		if certOK && keyOK {
			s.logger.Info("Loading cert/key pair", "certFile", c[0], "keyFile", c[1])
			return loadPair(c[0], c[1])
		}
	}
	e := NoCertKeyError(fmt.Sprintf("no cert/key files read at %q, (%q, %q) or (%q, %q)",
		s.CurrentPath(), s.certFile, s.keyFile, s.certDir, s.keyDir))
	return nil, &e
}

// Update writes the pair to a new timestamped file (mode 0600) and makes it
// current.
func (s *fileStore) Update(certData, keyData []byte) (*tls.Certificate, error) {
	certs, err := certutil.ParseCertsPEM(certData)
	if err != nil {
		return nil, fmt.Errorf("invalid certificate data: %w", err)
	}
	keyBlock, _ := pem.Decode(keyData)
	if keyBlock == nil {
		return nil, errors.New("invalid key data")
	}
	var buf bytes.Buffer
	for _, c := range certs {
		_ = pem.Encode(&buf, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	_ = pem.Encode(&buf, keyBlock)

	if err := os.MkdirAll(s.certDir, 0o755); err != nil {
		return nil, fmt.Errorf("could not create directory %q to store certificates: %w", s.certDir, err)
	}
	file := s.path(time.Now().Format("2006-01-02-15-04-05"))
	if err := writeSynced(file, buf.Bytes()); err != nil {
		return nil, err
	}
	pair, err := loadPair(file, file)
	if err != nil {
		return nil, err
	}
	if err := s.pointCurrentAt(file); err != nil {
		return nil, err
	}
	return pair, nil
}

func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("could not open %q: %w", path, err)
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return fmt.Errorf("failed to write certificate data to disk: %w (file: %q)", err, path)
	}
	return nil
}

// pointCurrentAt switches the current symlink to target: a fresh
// <prefix>-updated.pem link is renamed over <prefix>-current.pem.
func (s *fileStore) pointCurrentAt(target string) error {
	current, updated := s.CurrentPath(), s.path("updated")
	for _, link := range []string{current, updated} {
		isLink, err := isSymlink(link)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return err
		case !isLink:
			return fmt.Errorf("expected %q to be a symlink but it is a file", link)
		}
	}
	if err := os.Remove(updated); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("unable to remove %q: %w", updated, err)
	}
	if ok, err := exists(target); err != nil {
		return err
	} else if !ok {
		return fmt.Errorf("file %q does not exist so it can not be used as the currently selected cert/key", target)
	}
	abs, err := filepath.Abs(target)
	if err != nil {
		return err
	}
	if err := os.Symlink(abs, updated); err != nil {
		return fmt.Errorf("unable to create a symlink from %q to %q: %w", updated, abs, err)
	}
	// rename(2) replaces the old link atomically.
	if err := os.Rename(updated, current); err != nil {
		return fmt.Errorf("unable to rename %q to %q: %w", updated, current, err)
	}
	return nil
}

// loadPair reads a PEM certificate chain and key and fills in Leaf.
func loadPair(certPath, keyPath string) (*tls.Certificate, error) {
	pair, err := tls.LoadX509KeyPair(certPath, keyPath)
	if err != nil {
		if certPath == keyPath {
			return nil, fmt.Errorf("could not convert data from %q into cert/key pair: %w", certPath, err)
		}
		return nil, err
	}
	leaf, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		return nil, fmt.Errorf("unable to parse certificate data: %w", err)
	}
	pair.Leaf = leaf
	return &pair, nil
}

func exists(path string) (bool, error) {
	_, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// isSymlink reports whether path is a symlink; a missing path gives an error
// satisfying errors.Is(err, fs.ErrNotExist).
func isSymlink(path string) (bool, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return false, err
	}
	return fi.Mode()&os.ModeSymlink != 0, nil
}
