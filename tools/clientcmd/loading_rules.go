package clientcmd

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	goruntime "runtime"
	"strings"

	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/klog/v2"

	restclient "github.com/kclient/kclient/rest"
	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
	"github.com/kclient/kclient/util/homedir"
)

const (
	// RecommendedConfigPathFlag is the flag that names an explicit kubeconfig.
	RecommendedConfigPathFlag = "kubeconfig"
	// RecommendedConfigPathEnvVar is the environment variable holding a
	// list of kubeconfig files (separated like $PATH).
	RecommendedConfigPathEnvVar = "KUBECONFIG"
	// RecommendedHomeDir is the directory, under the home directory, that
	// holds the kubeconfig.
	RecommendedHomeDir = ".kube"
	// RecommendedFileName is the kubeconfig's file name in RecommendedHomeDir.
	RecommendedFileName = "config"
	// RecommendedSchemaName is the name of the cached schema directory in
	// RecommendedHomeDir.
	RecommendedSchemaName = "schema"
)

var (
	// RecommendedConfigDir is ~/.kube.
	RecommendedConfigDir = filepath.Join(homedir.HomeDir(), RecommendedHomeDir)
	// RecommendedHomeFile is ~/.kube/config, the default kubeconfig.
	RecommendedHomeFile = filepath.Join(RecommendedConfigDir, RecommendedFileName)
	// RecommendedSchemaFile is ~/.kube/schema.
	RecommendedSchemaFile = filepath.Join(RecommendedConfigDir, RecommendedSchemaName)
)

// currentMigrationRules maps the current default kubeconfig location to the
// legacy one (~/.kube/.kubeconfig, or ~/.kube/config on Windows).
func currentMigrationRules() map[string]string {
	legacy := ".kubeconfig"
	if goruntime.GOOS == "windows" {
		legacy = RecommendedFileName
	}
	return map[string]string{
		RecommendedHomeFile: filepath.Join(os.Getenv("HOME"), RecommendedHomeDir, legacy),
	}
}

// ClientConfigLoader loads a merged kubeconfig and tells whether a rest
// config is the loader's built-in default.
type ClientConfigLoader interface {
	ConfigAccess
	// IsDefaultConfig reports whether config equals the loader's default.
	IsDefaultConfig(*restclient.Config) bool
	// Load returns the merged kubeconfig.
	Load() (*clientcmdapi.Config, error)
}

// KubeconfigGetter produces a kubeconfig on demand.
type KubeconfigGetter func() (*clientcmdapi.Config, error)

// ClientConfigGetter is a ClientConfigLoader backed by a KubeconfigGetter;
// it has no files, so the ConfigAccess methods report none. Build one with
// BuildConfigFromKubeconfigGetter.
type ClientConfigGetter struct {
	kubeconfigGetter KubeconfigGetter
}

var _ ClientConfigLoader = &ClientConfigGetter{}

// Load calls the getter.
func (g *ClientConfigGetter) Load() (*clientcmdapi.Config, error) {
	if g.kubeconfigGetter == nil {
		return nil, fmt.Errorf("no kubeconfig getter configured")
	}
	return g.kubeconfigGetter()
}

// GetLoadingPrecedence returns nil: there are no files.
func (g *ClientConfigGetter) GetLoadingPrecedence() []string { return nil }

// GetStartingConfig calls the getter.
func (g *ClientConfigGetter) GetStartingConfig() (*clientcmdapi.Config, error) { return g.Load() }

// GetDefaultFilename returns "": there are no files.
func (g *ClientConfigGetter) GetDefaultFilename() string { return "" }

// IsExplicitFile returns false.
func (g *ClientConfigGetter) IsExplicitFile() bool { return false }

// GetExplicitFile returns "".
func (g *ClientConfigGetter) GetExplicitFile() string { return "" }

// IsDefaultConfig returns false: a getter has no default.
func (g *ClientConfigGetter) IsDefaultConfig(config *restclient.Config) bool { return false }

// ClientConfigLoadingRules says which kubeconfig files to load and how to
// merge them. When ExplicitPath is set, only that file is loaded and it must
// exist; otherwise the files in Precedence are merged, first file winning,
// and missing ones are skipped. The zero value loads nothing.
type ClientConfigLoadingRules struct {
	// ExplicitPath, when set, is the only file loaded; it must exist.
	ExplicitPath string
	// Precedence lists the files to merge, highest priority first.
	Precedence []string

	// MigrationRules maps a destination file to a legacy source; before
	// loading, a missing destination is created as a copy of an existing
	// source.
	MigrationRules map[string]string

	// DoNotResolvePaths keeps relative paths as written instead of resolving
	// them against each file's directory.
	DoNotResolvePaths bool

	// DefaultClientConfig, when set, describes the "nothing configured"
	// client config that IsDefaultConfig compares against.
	DefaultClientConfig ClientConfig

	// WarnIfAllMissing makes Load warn (via Warner) when every file in
	// Precedence is missing.
	WarnIfAllMissing bool

	// Warner receives warnings; nil logs them at klog verbosity 1.
	Warner WarningHandler
}

var _ ClientConfigLoader = &ClientConfigLoadingRules{}

// WarningHandler receives non-fatal problems found while loading.
type WarningHandler func(error)

// Warn passes err to handler, or logs it at verbosity 1 when handler is nil.
func (handler WarningHandler) Warn(err error) {
	if handler == nil {
		klog.V(1).InfoS("Kubeconfig warning", "err", err)
		return
	}
	handler(err)
}

// MissingConfigError lists kubeconfig files that were asked for but do not exist.
type MissingConfigError struct {
	// Missing are the paths that were not found.
	Missing []string
}

// Error lists the missing files.
func (c MissingConfigError) Error() string {
	return fmt.Sprintf("Config not found: %s", strings.Join(c.Missing, ", "))
}

// NewDefaultClientConfigLoadingRules returns the rules kubectl uses: the
// files in $KUBECONFIG (deduplicated, with a warning if all are missing)
// or else ~/.kube/config, plus the migration from the legacy home file.
func NewDefaultClientConfigLoadingRules() *ClientConfigLoadingRules {
	var chain []string
	warn := false
	if env := os.Getenv(RecommendedConfigPathEnvVar); env != "" {
		chain = deduplicate(filepath.SplitList(env))
		warn = true
	} else {
		chain = []string{RecommendedHomeFile}
	}
	return &ClientConfigLoadingRules{
		Precedence:       chain,
		MigrationRules:   currentMigrationRules(),
		WarnIfAllMissing: warn,
	}
}

// Load runs the migration rules, then loads ExplicitPath alone or merges the
// Precedence files. Merging keeps, for each cluster, user and context name,
// the whole entry from the first file that defines it, and for each scalar
// (such as current-context) the first non-empty value. Unless
// DoNotResolvePaths is set, relative paths are made absolute against the
// directory of the defining file.
//
// A missing ExplicitPath is an error (os.IsNotExist holds); other missing
// files are skipped. Files that cannot be read or parsed are reported in the
// returned error, which names each file, but the config merged from the
// remaining files is still returned.
func (rules *ClientConfigLoadingRules) Load() (*clientcmdapi.Config, error) {
	if err := rules.Migrate(); err != nil {
		return nil, err
	}

	var files []string
	if rules.ExplicitPath != "" {
		if _, err := os.Stat(rules.ExplicitPath); os.IsNotExist(err) {
			return nil, err
		}
		files = []string{rules.ExplicitPath}
	} else {
		files = rules.Precedence
	}

	var errs []error
	var missing []string
	var loaded []*clientcmdapi.Config
	for _, file := range files {
		if file == "" {
			continue
		}
		config, err := LoadFromFile(file)
		switch {
		case os.IsNotExist(err):
			missing = append(missing, file)
		case err != nil:
			var named *fileLoadError
			if !errors.As(err, &named) {
				err = &fileLoadError{file: file, err: err}
			}
			errs = append(errs, err)
		default:
			loaded = append(loaded, config)
		}
	}

	if rules.WarnIfAllMissing && len(missing) > 0 && len(loaded) == 0 {
		rules.Warner.Warn(MissingConfigError{Missing: missing})
	}

	config := mergeFirstWins(loaded)
	if rules.ResolvePaths() {
		if err := ResolveLocalPaths(config); err != nil {
			errs = append(errs, err)
		}
	}
	return config, utilerrors.NewAggregate(errs)
}

// Migrate copies each MigrationRules source to its destination when the
// destination is missing and the source exists, keeping the source's
// permission bits (minus execute). Unreadable or missing sources are
// skipped; a source that is a directory is an error.
func (rules *ClientConfigLoadingRules) Migrate() error {
	for dst, src := range rules.MigrationRules {
		if _, err := os.Stat(dst); err == nil || os.IsPermission(err) {
			continue
		} else if !os.IsNotExist(err) {
			return err
		}
		info, err := os.Stat(src)
		if err != nil {
			if os.IsNotExist(err) || os.IsPermission(err) {
				continue
			}
			return err
		}
		if info.IsDir() {
			return fmt.Errorf("cannot migrate %v to %v because it is a directory", src, dst)
		}
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, info.Mode().Perm()&0o666); err != nil {
			return err
		}
	}
	return nil
}

// GetLoadingPrecedence returns [ExplicitPath] when set, else a copy of
// Precedence. It implements ConfigAccess.
func (rules *ClientConfigLoadingRules) GetLoadingPrecedence() []string {
	if rules.ExplicitPath != "" {
		return []string{rules.ExplicitPath}
	}
	return append([]string(nil), rules.Precedence...)
}

// GetStartingConfig returns the merged kubeconfig without overrides, or an
// empty one when the explicit file does not exist. It implements ConfigAccess.
func (rules *ClientConfigLoadingRules) GetStartingConfig() (*clientcmdapi.Config, error) {
	raw, err := NewNonInteractiveDeferredLoadingClientConfig(rules, &ConfigOverrides{}).RawConfig()
	if os.IsNotExist(err) {
		return clientcmdapi.NewConfig(), nil
	}
	if err != nil {
		return nil, err
	}
	return &raw, nil
}

// GetDefaultFilename returns the file new entries are written to: the
// explicit file, else the first existing file in the precedence list, else
// the first listed. It implements ConfigAccess.
func (rules *ClientConfigLoadingRules) GetDefaultFilename() string {
	if rules.IsExplicitFile() {
		return rules.GetExplicitFile()
	}
	for _, f := range rules.GetLoadingPrecedence() {
		if _, err := os.Stat(f); err == nil {
			return f
		}
	}
	if len(rules.Precedence) > 0 {
		return rules.Precedence[0]
	}
	return ""
}

// IsExplicitFile reports whether ExplicitPath is set. It implements ConfigAccess.
func (rules *ClientConfigLoadingRules) IsExplicitFile() bool { return rules.ExplicitPath != "" }

// GetExplicitFile returns ExplicitPath. It implements ConfigAccess.
func (rules *ClientConfigLoadingRules) GetExplicitFile() string { return rules.ExplicitPath }

// IsDefaultConfig reports whether config deep-equals the rest config built
// from DefaultClientConfig; false when that is unset or fails.
func (rules *ClientConfigLoadingRules) IsDefaultConfig(config *restclient.Config) bool {
	if rules.DefaultClientConfig == nil {
		return false
	}
	def, err := rules.DefaultClientConfig.ClientConfig()
	if err != nil {
		return false
	}
	return reflect.DeepEqual(config, def)
}

// ResolvePaths reports whether relative paths are resolved on load (the
// inverse of DoNotResolvePaths).
func (rules ClientConfigLoadingRules) ResolvePaths() bool { return !rules.DoNotResolvePaths }
