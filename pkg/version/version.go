// Package version reports the version of the kclient library a binary was
// built from. The values are meant to be stamped at link time, for example
//
//	go build -ldflags "-X github.com/kclient/kclient/pkg/version.gitVersion=v1.2.3"
//
// Without stamping the defaults match client-go's placeholders, so user
// agents built from them (rest.DefaultKubernetesUserAgent) look the same.
package version

import (
	"fmt"
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

// Get returns the overall codebase version. It's for detecting what code a
// binary was built from. The Go version, compiler and platform are those of
// the running binary. The returned value is a fresh copy owned by the caller.
func Get() apimachineryversion.Info {
	return apimachineryversion.Info{
		Major:        gitMajor,
		Minor:        gitMinor,
		GitVersion:   gitVersion,
		GitCommit:    gitCommit,
		GitTreeState: gitTreeState,
		BuildDate:    buildDate,
		GoVersion:    runtime.Version(),
		Compiler:     runtime.Compiler,
		Platform:     fmt.Sprintf("%s/%s", runtime.GOOS, runtime.GOARCH),
	}
}
