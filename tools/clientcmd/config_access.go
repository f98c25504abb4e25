package clientcmd

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"

	restclient "github.com/kclient/kclient/rest"
	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

// ConfigAccess says which kubeconfig files exist for reading and which one
// changes are written to. ModifyConfig uses it.
type ConfigAccess interface {
	// GetLoadingPrecedence returns the files merged on load, in priority order.
	GetLoadingPrecedence() []string
	// GetStartingConfig returns the merged kubeconfig as currently on disk.
	GetStartingConfig() (*clientcmdapi.Config, error)
	// GetDefaultFilename returns the file new entries are written to.
	GetDefaultFilename() string
	// IsExplicitFile reports whether a single file was named explicitly.
	IsExplicitFile() bool
	// GetExplicitFile returns that file, or "".
	GetExplicitFile() string
}

// PathOptions is the ConfigAccess of kubectl's config commands: an
// explicit --kubeconfig file, else the files in an environment variable,
// else a global file.
type PathOptions struct {
	// GlobalFile is the file used when no explicit file or environment
	// variable is set.
	GlobalFile string
	// EnvVar names the environment variable listing kubeconfig files.
	EnvVar string
	// ExplicitFileFlag is the name of the flag naming an explicit file.
	ExplicitFileFlag string
	// GlobalFileSubpath is GlobalFile relative to the home directory.
	GlobalFileSubpath string
	// LoadingRules holds the explicit path and loading behaviour.
	LoadingRules *ClientConfigLoadingRules
}

var _ ConfigAccess = &PathOptions{}

// UseModifyConfigLock makes ModifyConfig hold "<file>.lock" files while it
// writes. Disable only when something else serializes writers.
var UseModifyConfigLock = true

// NewDefaultPathOptions returns kubectl's path options: --kubeconfig,
// $KUBECONFIG, ~/.kube/config, with relative paths left unresolved.
func NewDefaultPathOptions() *PathOptions {
	rules := NewDefaultClientConfigLoadingRules()
	rules.DoNotResolvePaths = true
	return &PathOptions{
		LoadingRules:      rules,
		ExplicitFileFlag:  RecommendedConfigPathFlag,
		EnvVar:            RecommendedConfigPathEnvVar,
		GlobalFile:        RecommendedHomeFile,
		GlobalFileSubpath: filepath.Join(RecommendedHomeDir, RecommendedFileName),
	}
}

// GetEnvVarFiles returns the deduplicated files listed in EnvVar, or an
// empty list.
func (o *PathOptions) GetEnvVarFiles() []string {
	if o.EnvVar == "" {
		return []string{}
	}
	v := os.Getenv(o.EnvVar)
	if v == "" {
		return []string{}
	}
	return deduplicate(filepath.SplitList(v))
}

// GetLoadingPrecedence returns the explicit file, else the env var files,
// else the global file.
func (o *PathOptions) GetLoadingPrecedence() []string {
	if o.IsExplicitFile() {
		return []string{o.GetExplicitFile()}
	}
	if files := o.GetEnvVarFiles(); len(files) > 0 {
		return files
	}
	return []string{o.GlobalFile}
}

// GetStartingConfig loads the files of GetLoadingPrecedence with
// LoadingRules' other settings; a missing explicit file yields an empty config.
func (o *PathOptions) GetStartingConfig() (*clientcmdapi.Config, error) {
	rules := ClientConfigLoadingRules{}
	if o.LoadingRules != nil {
		rules = *o.LoadingRules
	}
	rules.Precedence = o.GetLoadingPrecedence()
	raw, err := NewNonInteractiveDeferredLoadingClientConfig(&rules, &ConfigOverrides{}).RawConfig()
	if os.IsNotExist(err) {
		return clientcmdapi.NewConfig(), nil
	}
	if err != nil {
		return nil, err
	}
	return &raw, nil
}

// GetDefaultFilename returns the explicit file; else, with one env var file,
// that file; with several, the first that exists or else the last; else the
// global file.
func (o *PathOptions) GetDefaultFilename() string {
	if o.IsExplicitFile() {
		return o.GetExplicitFile()
	}
	files := o.GetEnvVarFiles()
	switch len(files) {
	case 0:
		return o.GlobalFile
	case 1:
		return files[0]
	}
	for _, f := range files {
		if _, err := os.Stat(f); err == nil {
			return f
		}
	}
	return files[len(files)-1]
}

// IsExplicitFile reports whether LoadingRules names an explicit file.
func (o *PathOptions) IsExplicitFile() bool {
	return o.LoadingRules != nil && o.LoadingRules.ExplicitPath != ""
}

// GetExplicitFile returns LoadingRules.ExplicitPath.
func (o *PathOptions) GetExplicitFile() string {
	if o.LoadingRules == nil {
		return ""
	}
	return o.LoadingRules.ExplicitPath
}

// ModifyConfig writes the differences between newConfig and the config
// currently on disk (configAccess.GetStartingConfig) back to the files they
// belong to: each changed or added cluster, user and context goes to its
// LocationOfOrigin (or the default file), removed entries are deleted from
// their file, and current-context and preferences go to the explicit or
// default file. With relativizePaths, file paths of written clusters and
// users are made relative to their file where possible (new paths must be
// absolute). While UseModifyConfigLock is set, every candidate file is
// locked for the duration.
func ModifyConfig(configAccess ConfigAccess, newConfig clientcmdapi.Config, relativizePaths bool) error {
	if UseModifyConfigLock {
		files := configAccess.GetLoadingPrecedence()
		sort.Strings(files)
		for _, f := range files {
			if err := lockFile(f); err != nil {
				return err
			}
			defer func() { _ = unlockFile(f) }()
		}
	}

	start, err := configAccess.GetStartingConfig()
	if err != nil {
		return err
	}
	if reflect.DeepEqual(*start, newConfig) {
		return nil
	}
	if start.CurrentContext != newConfig.CurrentContext {
		if err := writeCurrentContext(configAccess, newConfig.CurrentContext); err != nil {
			return err
		}
	}
	if !reflect.DeepEqual(start.Preferences, newConfig.Preferences) {
		if err := writePreferences(configAccess, newConfig.Preferences); err != nil {
			return err
		}
	}

	destination := func(location string) string {
		if location != "" {
			return location
		}
		return configAccess.GetDefaultFilename()
	}
	// update loads dest, applies edit, and writes it back.
	update := func(dest string, edit func(*clientcmdapi.Config) error) error {
		cfg, err := getConfigFromFile(dest)
		if err != nil {
			return err
		}
		if err := edit(cfg); err != nil {
			return err
		}
		return WriteToFile(*cfg, dest)
	}

	for name, cluster := range newConfig.Clusters {
		if cluster == nil {
			continue // a nil entry carries nothing to write
		}
		if old, ok := start.Clusters[name]; ok && reflect.DeepEqual(cluster, old) {
			continue
		}
		dest := destination(cluster.LocationOfOrigin)
		if err := update(dest, func(cfg *clientcmdapi.Config) error {
			c := *cluster
			c.LocationOfOrigin = dest
			cfg.Clusters[name] = &c
			if relativizePaths {
				return RelativizeClusterLocalPaths(&c)
			}
			return nil
		}); err != nil {
			return err
		}
	}

	// Contexts are batched per file.
	pending := map[string]*clientcmdapi.Config{}
	for name, ctx := range newConfig.Contexts {
		if ctx == nil {
			continue // a nil entry carries nothing to write
		}
		if old, ok := start.Contexts[name]; ok && reflect.DeepEqual(ctx, old) {
			continue
		}
		dest := destination(ctx.LocationOfOrigin)
		cfg, seen := pending[dest]
		if !seen {
			if cfg, err = getConfigFromFile(dest); err != nil {
				return err
			}
			pending[dest] = cfg
		}
		cfg.Contexts[name] = ctx
	}
	for dest, cfg := range pending {
		if err := WriteToFile(*cfg, dest); err != nil {
			return err
		}
	}

	for name, user := range newConfig.AuthInfos {
		if user == nil {
			continue // a nil entry carries nothing to write
		}
		if old, ok := start.AuthInfos[name]; ok && reflect.DeepEqual(user, old) {
			continue
		}
		dest := destination(user.LocationOfOrigin)
		if err := update(dest, func(cfg *clientcmdapi.Config) error {
			u := *user
			u.LocationOfOrigin = dest
			cfg.AuthInfos[name] = &u
			if relativizePaths {
				return RelativizeAuthInfoLocalPaths(&u)
			}
			return nil
		}); err != nil {
			return err
		}
	}

	for name, cluster := range start.Clusters {
		if cluster == nil {
			continue
		}
		if _, ok := newConfig.Clusters[name]; !ok {
			if err := update(destination(cluster.LocationOfOrigin), func(cfg *clientcmdapi.Config) error {
				delete(cfg.Clusters, name)
				return nil
			}); err != nil {
				return err
			}
		}
	}
	for name, ctx := range start.Contexts {
		if ctx == nil {
			continue
		}
		if _, ok := newConfig.Contexts[name]; !ok {
			if err := update(destination(ctx.LocationOfOrigin), func(cfg *clientcmdapi.Config) error {
				delete(cfg.Contexts, name)
				return nil
			}); err != nil {
				return err
			}
		}
	}
	for name, user := range start.AuthInfos {
		if user == nil {
			continue
		}
		if _, ok := newConfig.AuthInfos[name]; !ok {
			if err := update(destination(user.LocationOfOrigin), func(cfg *clientcmdapi.Config) error {
				delete(cfg.AuthInfos, name)
				return nil
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeCurrentContext stores current-context in the explicit file; else,
// when setting a name, in the default file; else (clearing) in the first
// file that has one set.
func writeCurrentContext(configAccess ConfigAccess, name string) error {
	if start, err := configAccess.GetStartingConfig(); err != nil {
		return err
	} else if start.CurrentContext == name {
		return nil
	}
	set := func(file string) error {
		cfg, err := getConfigFromFile(file)
		if err != nil {
			return err
		}
		cfg.CurrentContext = name
		return WriteToFile(*cfg, file)
	}
	if configAccess.IsExplicitFile() {
		return set(configAccess.GetExplicitFile())
	}
	if name != "" {
		return set(configAccess.GetDefaultFilename())
	}
	for _, file := range configAccess.GetLoadingPrecedence() {
		if _, err := os.Stat(file); err != nil {
			continue
		}
		cfg, err := getConfigFromFile(file)
		if err != nil {
			return err
		}
		if cfg.CurrentContext != "" {
			cfg.CurrentContext = name
			return WriteToFile(*cfg, file)
		}
	}
	return errors.New("no config found to write context")
}

// writePreferences stores preferences in the explicit file, else in the
// first file whose preferences differ.
func writePreferences(configAccess ConfigAccess, prefs clientcmdapi.Preferences) error {
	if start, err := configAccess.GetStartingConfig(); err != nil {
		return err
	} else if reflect.DeepEqual(start.Preferences, prefs) {
		return nil
	}
	files := configAccess.GetLoadingPrecedence()
	if configAccess.IsExplicitFile() {
		files = []string{configAccess.GetExplicitFile()}
	}
	for _, file := range files {
		cfg, err := getConfigFromFile(file)
		if err != nil {
			return err
		}
		if configAccess.IsExplicitFile() || !reflect.DeepEqual(cfg.Preferences, prefs) {
			cfg.Preferences = prefs
			return WriteToFile(*cfg, file)
		}
	}
	return errors.New("no config found to write preferences")
}

// PersisterForUser returns the persister through which an auth-provider
// plugin of the named user saves its config: it rewrites that user's
// auth-provider config via ModifyConfig.
func PersisterForUser(configAccess ConfigAccess, user string) restclient.AuthProviderConfigPersister {
	return &persister{configAccess: configAccess, user: user}
}

type persister struct {
	configAccess ConfigAccess
	user         string
}

// Persist replaces the user's auth-provider config; it does nothing when
// the user or its auth-provider no longer exists.
func (p *persister) Persist(config map[string]string) error {
	cfg, err := p.configAccess.GetStartingConfig()
	if err != nil {
		return err
	}
	user, ok := cfg.AuthInfos[p.user]
	if !ok || user.AuthProvider == nil {
		return nil
	}
	user.AuthProvider.Config = config
	return ModifyConfig(p.configAccess, *cfg, false)
}
