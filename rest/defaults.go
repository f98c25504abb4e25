package rest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/kclient/kclient/pkg/version"
)

// SetKubernetesDefaults completes config for talking to a Kubernetes API
// server; the typed clients call it before building their RESTClient. At
// present the only default is the user agent (DefaultKubernetesUserAgent)
// when config.UserAgent is empty, and the error is always nil; it is
// returned so that future defaults can fail.
func SetKubernetesDefaults(config *Config) error {
	if len(config.UserAgent) == 0 {
		config.UserAgent = DefaultKubernetesUserAgent()
	}
	return nil
}

// DefaultKubernetesUserAgent returns a User-Agent string of the form
// "<command>/<version> (<os>/<arch>) kubernetes/<commit>", built from the
// binary name and the stamped version information of pkg/version.
func DefaultKubernetesUserAgent() string {
	info := version.Get()
	return fmt.Sprintf("%s/%s (%s/%s) kubernetes/%s",
		uaCommand(os.Args), uaVersion(info.GitVersion), runtime.GOOS, runtime.GOARCH, uaCommit(info.GitCommit))
}

// AddUserAgent sets config.UserAgent to the default user agent followed by
// "/" and userAgent, and returns config.
func AddUserAgent(config *Config, userAgent string) *Config {
	config.UserAgent = DefaultKubernetesUserAgent() + "/" + userAgent
	return config
}

func uaCommand(args []string) string {
	if len(args) == 0 || args[0] == "" {
		return "unknown"
	}
	return filepath.Base(args[0])
}

// uaVersion keeps only the release part of a version ("v1.2.3-dirty" -> "v1.2.3").
func uaVersion(v string) string {
	if v == "" {
		return "unknown"
	}
	before, _, _ := strings.Cut(v, "-")
	return before
}

// uaCommit shortens a commit hash to 7 characters.
func uaCommit(c string) string {
	if c == "" {
		return "unknown"
	}
	return c[:min(len(c), 7)]
}
