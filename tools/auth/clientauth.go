// Package auth reads the legacy "auth file": a small JSON document holding
// the credentials (basic auth, bearer token or client certificate) and CA
// file a client uses to reach a cluster, as in
//
//	{"User": "admin", "Password": "...", "CAFile": "/path/ca.crt"}
//
// Info is only a file format. Use MergeWithConfig to apply it to a
// rest.Config:
//
//	info, err := auth.LoadFromFile(path)
//	if err != nil { ... }
//	cfg, err := info.MergeWithConfig(rest.Config{Host: host})
package auth

import (
	"encoding/json"
	"fmt"
	"os"

	restclient "github.com/kclient/kclient/rest"
)

// Info is the content of an auth file. Field names are the JSON keys.
// Password and BearerToken are secrets and are never printed by this package.
type Info struct {
	// User is the basic-auth user name.
	User string
	// Password is the basic-auth password.
	Password string `datapolicy:"password"`
	// CAFile is the path of a PEM CA bundle for verifying the server.
	CAFile string
	// CertFile is the path of a PEM client certificate.
	CertFile string
	// KeyFile is the path of the PEM client key.
	KeyFile string
	// BearerToken is a bearer token.
	BearerToken string `datapolicy:"token"`
	// Insecure, when set, overrides whether server certificates are verified.
	Insecure *bool
}

// LoadFromFile parses the auth file at path. A missing file yields an error
// for which os.IsNotExist is true; a malformed file yields an error naming
// the path (never its content).
func LoadFromFile(path string) (*Info, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var info Info
	if err := json.Unmarshal(data, &info); err != nil {
		return nil, fmt.Errorf("parsing auth file %s: %w", path, err)
	}
	return &info, nil
}

// MergeWithConfig returns a copy of c with the credentials and CA file of
// info applied. User, Password, CAFile, CertFile, KeyFile and BearerToken
// replace c's values even when empty; Insecure replaces c's value only when
// set. c itself is not modified. The error is always nil.
func (info Info) MergeWithConfig(c restclient.Config) (restclient.Config, error) {
	out := c
	out.Username = info.User
	out.Password = info.Password
	out.CAFile = info.CAFile
	out.CertFile = info.CertFile
	out.KeyFile = info.KeyFile
	out.BearerToken = info.BearerToken
	if info.Insecure != nil {
		out.Insecure = *info.Insecure
	}
	return out, nil
}

// Complete reports whether info can identify a user: it has a user name, a
// client certificate file or a bearer token.
func (info Info) Complete() bool {
	return info.User != "" || info.CertFile != "" || info.BearerToken != ""
}
