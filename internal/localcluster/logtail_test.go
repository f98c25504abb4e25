package localcluster

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTailLines(t *testing.T) {
	cases := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"empty", "", 3, ""},
		{"fewer lines than asked", "a\nb\n", 3, "a\nb"},
		{"exactly n", "a\nb\nc\n", 3, "a\nb\nc"},
		{"more lines than asked", "a\nb\nc\nd\n", 2, "c\nd"},
		{"no trailing newline", "a\nb\nc", 1, "c"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tailLines([]byte(tc.in), tc.n))
		})
	}
}

func TestTailFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log")
	var b strings.Builder
	for i := range 100000 {
		b.WriteString("line ")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString("\n")
	}
	b.WriteString("last line\n")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o600))
	got := tailFile(path, 2)
	assert.True(t, strings.HasSuffix(got, "\nlast line"), "got %q", got)
	assert.Equal(t, 1, strings.Count(got, "\n"))
	assert.Contains(t, tailFile(filepath.Join(t.TempDir(), "missing"), 5), "cannot read")
}

func TestPrefixWriter(t *testing.T) {
	var out bytes.Buffer
	w := prefixWriter(&out, "etcd")
	for _, chunk := range []string{"one\ntw", "o\n", "three", "\n"} {
		n, err := w.Write([]byte(chunk))
		require.NoError(t, err)
		assert.Equal(t, len(chunk), n)
	}
	assert.Equal(t, "[etcd] one\n[etcd] two\n[etcd] three\n", out.String())
}
