// Package version reports the version of the kclient library a binary was
// built from. The values are meant to be stamped at link time, for example
//
//	go build -ldflags "-X github.com/kclient/kclient/pkg/version.gitVersion=v1.2.3"
//
// Without stamping the defaults match client-go's placeholders, so user
// agents built from them (rest.DefaultKubernetesUserAgent) look the same.
package version

import (
	"runtime"

	apimachineryversion "k8s.io/apimachinery/pkg/version"
)

// These variables are overridden with -ldflags -X at build time.
var (
	gitMajor     string
	gitMinor     string
	gitVersion   = "v0.0.0-master+$Format:%H$"
	gitCommit    = "$Format:%H$"
	gitTreeState string
	buildDate    = "1970-01-01T00:00:00Z"
)

// Get describes the build: the stamped library version, commit, tree state
// and build date, plus the Go version, compiler and OS/architecture of the
// running binary. Each call returns a new value the caller may modify.
func Get() apimachineryversion.Info {
	info := apimachineryversion.Info{
		GoVersion: runtime.Version(),
		Compiler:  runtime.Compiler,
		Platform:  runtime.GOOS + "/" + runtime.GOARCH,
	}
	info.Major, info.Minor = gitMajor, gitMinor
	info.GitVersion, info.GitCommit, info.GitTreeState = gitVersion, gitCommit, gitTreeState
	info.BuildDate = buildDate
	return info
}
