package version

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGet(t *testing.T) {
	info := Get()
	assert.Equal(t, runtime.Version(), info.GoVersion)
	assert.Equal(t, runtime.Compiler, info.Compiler)
	assert.Equal(t, runtime.GOOS+"/"+runtime.GOARCH, info.Platform)
	assert.Equal(t, "v0.0.0-master+$Format:%H$", info.GitVersion, "unstamped builds report client-go's placeholder")
	assert.Equal(t, "1970-01-01T00:00:00Z", info.BuildDate)
}
