package clientcmd

import (
	"fmt"
	"os"
	"path/filepath"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/klog/v2"

	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
	clientcmdlatest "github.com/kclient/kclient/tools/clientcmd/api/latest"
)

// configGVK is assumed when a kubeconfig omits apiVersion or kind.
var configGVK = schema.GroupVersionKind{Version: clientcmdlatest.Version, Kind: "Config"}

// Load parses a kubeconfig (YAML or JSON, apiVersion v1) held in memory.
// Empty input yields an empty Config (with non-nil maps), not an error.
// The returned Config has no LocationOfOrigin set and its relative paths
// are left as written.
func Load(data []byte) (cfg *clientcmdapi.Config, err error) {
	config := clientcmdapi.NewConfig()
	if len(data) == 0 {
		return config, nil
	}
	defer func() {
		// The decoder stack is third-party code; turn a panic on hostile
		// input into an ordinary error rather than crashing the caller.
		if r := recover(); r != nil {
			cfg, err = nil, fmt.Errorf("cannot decode kubeconfig: %v", r)
		}
	}()
	decoded, _, err := clientcmdlatest.Codec.Decode(data, &configGVK, config)
	if err != nil {
		return nil, err
	}
	out, ok := decoded.(*clientcmdapi.Config)
	if !ok {
		return nil, fmt.Errorf("kubeconfig decoded to unexpected type %T", decoded)
	}
	return out, nil
}

// LoadFromFile reads and parses the kubeconfig at filename, and records
// filename as the LocationOfOrigin of every cluster, user and context in it.
// Relative paths are not resolved (see ResolveLocalPaths). A missing file
// yields an error for which os.IsNotExist is true; a malformed file yields
// an error naming it.
func LoadFromFile(filename string) (*clientcmdapi.Config, error) {
	data, err := os.ReadFile(filename)
	if err != nil {
		return nil, err
	}
	config, err := Load(data)
	if err != nil {
		return nil, &fileLoadError{file: filename, err: err}
	}
	klog.V(6).InfoS("Config loaded from file", "path", filename)

	for _, c := range config.Clusters {
		if c != nil {
			c.LocationOfOrigin = filename
		}
	}
	for _, u := range config.AuthInfos {
		if u != nil {
			u.LocationOfOrigin = filename
		}
	}
	for _, c := range config.Contexts {
		if c != nil {
			c.LocationOfOrigin = filename
		}
	}
	if config.Clusters == nil {
		config.Clusters = map[string]*clientcmdapi.Cluster{}
	}
	if config.AuthInfos == nil {
		config.AuthInfos = map[string]*clientcmdapi.AuthInfo{}
	}
	if config.Contexts == nil {
		config.Contexts = map[string]*clientcmdapi.Context{}
	}
	return config, nil
}

// Write serializes config as a v1 kubeconfig in YAML, with clusters, users
// and contexts sorted by name. LocationOfOrigin and other internal-only
// fields are not written.
func Write(config clientcmdapi.Config) ([]byte, error) {
	return runtime.Encode(clientcmdlatest.Codec, &config)
}

// WriteToFile writes config to filename as YAML, replacing any existing
// content. A new file is created with mode 0600; missing parent directories
// are created with mode 0755.
func WriteToFile(config clientcmdapi.Config, filename string) error {
	content, err := Write(config)
	if err != nil {
		return fmt.Errorf("encoding kubeconfig for %s: %w", filename, err)
	}
	if err := os.MkdirAll(filepath.Dir(filename), 0o755); err != nil {
		return err
	}
	return os.WriteFile(filename, content, 0o600)
}

// lockName is the name of the lock file guarding filename.
func lockName(filename string) string { return filename + ".lock" }

// lockFile takes an exclusive, advisory lock on filename by creating
// filename.lock; it fails if the lock file already exists.
func lockFile(filename string) error {
	if err := os.MkdirAll(filepath.Dir(filename), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(lockName(filename), os.O_CREATE|os.O_EXCL, 0)
	if err != nil {
		return err
	}
	return f.Close()
}

// unlockFile releases a lock taken by lockFile.
func unlockFile(filename string) error { return os.Remove(lockName(filename)) }

// getConfigFromFile loads filename, treating a missing file as empty.
func getConfigFromFile(filename string) (*clientcmdapi.Config, error) {
	config, err := LoadFromFile(filename)
	switch {
	case err != nil && !os.IsNotExist(err):
		return nil, err
	case config == nil:
		return clientcmdapi.NewConfig(), nil
	}
	return config, nil
}

// GetConfigFromFileOrDie loads filename, treating a missing file as an
// empty config, and exits the process (klog.Fatal) on any other error.
func GetConfigFromFileOrDie(filename string) *clientcmdapi.Config {
	config, err := getConfigFromFile(filename)
	if err == nil {
		return config
	}
	klog.FatalDepth(1, err)
	return nil
}

// fileLoadError names the kubeconfig file that could not be loaded.
type fileLoadError struct {
	file string
	err  error
}

// Error names the file and the cause.
func (e *fileLoadError) Error() string {
	return fmt.Sprintf("error loading config file %q: %v", e.file, e.err)
}

// Unwrap returns the cause.
func (e *fileLoadError) Unwrap() error { return e.err }
