package clientcmd

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

// GetClusterFileReferences returns pointers to the file-path fields of
// cluster (certificate-authority), for resolving or relativizing in place.
func GetClusterFileReferences(cluster *clientcmdapi.Cluster) []*string {
	return []*string{&cluster.CertificateAuthority}
}

// GetAuthInfoFileReferences returns pointers to the file-path fields of
// authInfo: client-certificate, client-key, tokenFile, and the exec command
// when it contains a path separator (a bare command name is looked up in
// $PATH and is not a file reference).
func GetAuthInfoFileReferences(authInfo *clientcmdapi.AuthInfo) []*string {
	refs := []*string{&authInfo.ClientCertificate, &authInfo.ClientKey, &authInfo.TokenFile}
	if authInfo.Exec != nil && strings.ContainsRune(authInfo.Exec.Command, filepath.Separator) {
		refs = append(refs, &authInfo.Exec.Command)
	}
	return refs
}

// GetConfigFileReferences returns the file references of every cluster and
// user in config.
func GetConfigFileReferences(config *clientcmdapi.Config) []*string {
	var refs []*string
	for _, c := range config.Clusters {
		if c != nil {
			refs = append(refs, GetClusterFileReferences(c)...)
		}
	}
	for _, u := range config.AuthInfos {
		if u != nil {
			refs = append(refs, GetAuthInfoFileReferences(u)...)
		}
	}
	return refs
}

// ResolvePaths makes every non-empty relative path in refs absolute by
// joining it onto base. It never fails.
func ResolvePaths(refs []*string, base string) error {
	for _, ref := range refs {
		if *ref != "" && !filepath.IsAbs(*ref) {
			*ref = filepath.Join(base, *ref)
		}
	}
	return nil
}

// MakeRelative returns path relative to base; an empty path stays empty.
func MakeRelative(path, base string) (string, error) {
	if path == "" {
		return path, nil
	}
	rel, err := filepath.Rel(base, path)
	if err != nil {
		return path, err
	}
	return rel, nil
}

// RelativizePathWithNoBacksteps rewrites each path in refs relative to base
// when that needs no "..". A path that would need one is kept if it is
// absolute and is an error if it is relative.
func RelativizePathWithNoBacksteps(refs []*string, base string) error {
	for _, ref := range refs {
		if *ref == "" {
			continue
		}
		rel, err := MakeRelative(*ref, base)
		if err != nil {
			return err
		}
		climbsOut := strings.HasPrefix(rel, "../") || strings.HasPrefix(rel, ".."+string(os.PathSeparator))
		switch {
		case !climbsOut:
			*ref = rel
		case !filepath.IsAbs(*ref):
			return fmt.Errorf("%v requires backsteps and is not absolute", *ref)
		}
	}
	return nil
}

// ResolveConfigPaths makes every relative file path in config absolute
// against base.
func ResolveConfigPaths(config *clientcmdapi.Config, base string) error {
	return ResolvePaths(GetConfigFileReferences(config), base)
}

// RelativizeConfigPaths rewrites the file paths in config relative to base
// (see RelativizePathWithNoBacksteps).
func RelativizeConfigPaths(config *clientcmdapi.Config, base string) error {
	return RelativizePathWithNoBacksteps(GetConfigFileReferences(config), base)
}

// originDir returns the absolute directory of the file an entry came from.
func originDir(location string) (string, error) {
	dir, err := filepath.Abs(filepath.Dir(location))
	if err != nil {
		return "", fmt.Errorf("could not determine the absolute path of config file %s: %w", location, err)
	}
	return dir, nil
}

// ResolveLocalPaths makes the relative file paths of every cluster and user
// in config absolute, against the directory of the file each entry came
// from (its LocationOfOrigin). Entries without a LocationOfOrigin are left
// alone. This is separate from LoadFromFile so a file can be loaded and
// written back unchanged.
func ResolveLocalPaths(config *clientcmdapi.Config) error {
	for _, c := range config.Clusters {
		if c == nil || c.LocationOfOrigin == "" {
			continue
		}
		base, err := originDir(c.LocationOfOrigin)
		if err != nil {
			return err
		}
		_ = ResolvePaths(GetClusterFileReferences(c), base)
	}
	for _, u := range config.AuthInfos {
		if u == nil || u.LocationOfOrigin == "" {
			continue
		}
		base, err := originDir(u.LocationOfOrigin)
		if err != nil {
			return err
		}
		_ = ResolvePaths(GetAuthInfoFileReferences(u), base)
	}
	return nil
}

// RelativizeClusterLocalPaths makes cluster's file paths relative to the
// directory of its LocationOfOrigin. Existing relative paths are first
// resolved against that directory; new paths are expected to be absolute.
func RelativizeClusterLocalPaths(cluster *clientcmdapi.Cluster) error {
	if cluster.LocationOfOrigin == "" {
		return fmt.Errorf("no location of origin for %s", cluster.Server)
	}
	base, err := originDir(cluster.LocationOfOrigin)
	if err != nil {
		return err
	}
	refs := GetClusterFileReferences(cluster)
	_ = ResolvePaths(refs, base)
	return RelativizePathWithNoBacksteps(refs, base)
}

// RelativizeAuthInfoLocalPaths makes authInfo's file paths relative to the
// directory of its LocationOfOrigin. Existing relative paths are first
// resolved against that directory; new paths are expected to be absolute.
func RelativizeAuthInfoLocalPaths(authInfo *clientcmdapi.AuthInfo) error {
	if authInfo.LocationOfOrigin == "" {
		// Never print the AuthInfo itself: it may hold credentials.
		return fmt.Errorf("no location of origin for user (client-certificate %q)", authInfo.ClientCertificate)
	}
	base, err := originDir(authInfo.LocationOfOrigin)
	if err != nil {
		return err
	}
	refs := GetAuthInfoFileReferences(authInfo)
	_ = ResolvePaths(refs, base)
	return RelativizePathWithNoBacksteps(refs, base)
}

// deduplicate returns s without repeated entries, keeping first occurrences
// in order.
func deduplicate(s []string) []string {
	seen := make(map[string]bool, len(s))
	out := make([]string, 0, len(s))
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
