package clientcmd

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to Load: it must return a config or an
// error, never panic, and a config it returns must survive Write.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.yaml")
	more, _ := filepath.Glob("testdata/*/*.yaml")
	for _, p := range append(seeds, more...) {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"apiVersion":"v1","kind":"Config","users":[{"name":"u","user":{"exec":{"command":"x"}}}]}`))
	f.Add([]byte("clusters: {}\n"))
	f.Add([]byte("- - -\n"))
	f.Add([]byte("extensions:\n- name: e\n  extension: null\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Load(data)
		if err != nil {
			if cfg != nil {
				t.Fatalf("Load returned both a config and an error: %v", err)
			}
			return
		}
		if cfg == nil {
			t.Fatal("Load returned neither config nor error")
		}
		if _, err := Write(*cfg); err != nil {
			t.Logf("write of a loaded config failed: %v", err)
		}
		_ = Validate(*cfg)
		_, _ = NewNonInteractiveClientConfig(*cfg, "", &ConfigOverrides{}, nil).ClientConfig()
	})
}
