package api

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// FlattenConfig makes config self-contained: every certificate-authority,
// client-certificate and client-key file reference is replaced by the file's
// content. Relative paths are resolved against the directory of the entry's
// LocationOfOrigin (or the working directory when that is empty).
func FlattenConfig(config *Config) error {
	for name, user := range config.AuthInfos {
		if user == nil {
			continue
		}
		base, err := MakeAbs(filepath.Dir(user.LocationOfOrigin), "")
		if err != nil {
			return err
		}
		if err := FlattenContent(&user.ClientCertificate, &user.ClientCertificateData, base); err != nil {
			return fmt.Errorf("user %q client-certificate: %w", name, err)
		}
		if err := FlattenContent(&user.ClientKey, &user.ClientKeyData, base); err != nil {
			return fmt.Errorf("user %q client-key: %w", name, err)
		}
	}
	for name, cluster := range config.Clusters {
		if cluster == nil {
			continue
		}
		base, err := MakeAbs(filepath.Dir(cluster.LocationOfOrigin), "")
		if err != nil {
			return err
		}
		if err := FlattenContent(&cluster.CertificateAuthority, &cluster.CertificateAuthorityData, base); err != nil {
			return fmt.Errorf("cluster %q certificate-authority: %w", name, err)
		}
	}
	return nil
}

// FlattenContent reads the file *path (resolved against baseDir) into
// *contents and clears *path. Nothing happens when *path is empty; it is an
// error for both *path and *contents to be set.
func FlattenContent(path *string, contents *[]byte, baseDir string) error {
	if *path == "" {
		return nil
	}
	if len(*contents) > 0 {
		return errors.New("cannot have values for both path and contents")
	}
	data, err := os.ReadFile(ResolvePath(*path, baseDir))
	if err != nil {
		return err
	}
	*contents = data
	*path = ""
	return nil
}

// ResolvePath joins a relative path onto base. Empty and absolute paths are
// returned unchanged.
func ResolvePath(path string, base string) string {
	if path == "" || filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(base, path)
}

// MakeAbs returns path made absolute against base, or against the working
// directory when base is empty.
func MakeAbs(path, base string) (string, error) {
	if filepath.IsAbs(path) {
		return path, nil
	}
	if base == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		base = wd
	}
	return filepath.Join(base, path), nil
}
