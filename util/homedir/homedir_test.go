package homedir

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHomeDirUsesHOME(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("HOME rule is for non-Windows systems")
	}
	t.Setenv("HOME", "/some/where")
	assert.Equal(t, "/some/where", HomeDir())
}

func TestWindowsHomeDir(t *testing.T) {
	withKube := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(withKube, ".kube"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(withKube, ".kube", "config"), nil, 0o600))
	writable := t.TempDir()
	readOnly := t.TempDir()
	require.NoError(t, os.Chmod(readOnly, 0o500))
	t.Cleanup(func() { _ = os.Chmod(readOnly, 0o700) })
	missing := filepath.Join(t.TempDir(), "missing")

	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"nothing set", map[string]string{}, ""},
		{"kube config wins over HOME", map[string]string{"HOME": writable, "USERPROFILE": withKube}, withKube},
		{"HOMEDRIVE+HOMEPATH with config before USERPROFILE",
			map[string]string{"HOMEDRIVE": withKube[:1], "HOMEPATH": withKube[1:], "USERPROFILE": writable}, withKube},
		{"first writable", map[string]string{"HOME": missing, "USERPROFILE": writable}, writable},
		{"first existing when none writable", map[string]string{"HOME": missing, "USERPROFILE": readOnly}, readOnly},
		{"first set when none exists", map[string]string{"HOME": missing}, missing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := windowsHomeDir(func(k string) string { return tt.env[k] })
			assert.Equal(t, tt.want, got)
		})
	}
}
