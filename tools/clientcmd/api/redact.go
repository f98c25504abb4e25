package api

import "encoding/base64"

const redactedString = "REDACTED"

// dataOmitted and redactedRaw are chosen so that their base64 encoding (as
// the JSON/YAML encoders write []byte) reads "DATA+OMITTED" and "REDACTED",
// making shortened output human-readable.
var (
	dataOmitted = mustDecodeBase64("DATA+OMITTED")
)

// ShortenConfig replaces inline certificate, key and CA data with a
// DATA+OMITTED marker and tokens with REDACTED, in place, for a readable
// view of config (as `kubectl config view` prints it). It does not copy.
func ShortenConfig(config *Config) {
	for _, user := range config.AuthInfos {
		if user == nil {
			continue
		}
		if len(user.ClientKeyData) > 0 {
			user.ClientKeyData = dataOmitted
		}
		if len(user.ClientCertificateData) > 0 {
			user.ClientCertificateData = dataOmitted
		}
		if user.Token != "" {
			user.Token = redactedString
		}
	}
	for _, cluster := range config.Clusters {
		if cluster == nil {
			continue
		}
		if len(cluster.CertificateAuthorityData) > 0 {
			cluster.CertificateAuthorityData = dataOmitted
		}
	}
}

// RedactSecrets replaces, in place, every secret field of the users in
// config (token, password and client key data) that is set with the text
// REDACTED. Certificates and CA data are public and kept.
func RedactSecrets(config *Config) error {
	for _, user := range config.AuthInfos {
		if user == nil {
			continue
		}
		if user.Token != "" {
			user.Token = redactedString
		}
		if user.Password != "" {
			user.Password = redactedString
		}
		if user.ClientKeyData != nil {
			user.ClientKeyData = []byte(redactedString)
		}
	}
	return nil
}

// mustDecodeBase64 decodes a compile-time constant; it panics only on a
// programming error in this package, at init.
func mustDecodeBase64(s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}
