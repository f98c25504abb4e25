package clientcmd

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"unicode"

	restclient "github.com/kclient/kclient/rest"
	clientauth "github.com/kclient/kclient/tools/auth"
	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

// clusterExtensionKey is the cluster extension whose value is handed to an
// exec credential plugin as ExecConfig.Config.
const clusterExtensionKey = "client.authentication.k8s.io/exec"

var (
	// ClusterDefaults is the cluster used when nothing else is configured:
	// $KUBERNETES_MASTER, or http://localhost:8080.
	ClusterDefaults = clientcmdapi.Cluster{Server: getDefaultServer()}
	// DefaultClientConfig is a client config with an empty kubeconfig and
	// ClusterDefaults as the cluster defaults: what a client gets when
	// nothing is configured.
	DefaultClientConfig = DirectClientConfig{
		config:       *clientcmdapi.NewConfig(),
		overrides:    &ConfigOverrides{ClusterDefaults: ClusterDefaults},
		configAccess: NewDefaultClientConfigLoadingRules(),
	}
)

func getDefaultServer() string {
	if server := os.Getenv("KUBERNETES_MASTER"); server != "" {
		return server
	}
	return "http://localhost:8080"
}

// ClientConfig produces what a client needs to talk to a cluster.
type ClientConfig interface {
	// RawConfig returns the merged kubeconfig, without overrides applied.
	RawConfig() (clientcmdapi.Config, error)
	// ClientConfig returns a complete rest config for the chosen context.
	ClientConfig() (*restclient.Config, error)
	// Namespace returns the namespace to use and whether it came from an
	// override (such as --namespace) rather than the config.
	Namespace() (string, bool, error)
	// ConfigAccess returns where the config was loaded from, for writing
	// changes back.
	ConfigAccess() ConfigAccess
}

// OverridingClientConfig is a ClientConfig that can also return its
// kubeconfig with the overrides applied.
type OverridingClientConfig interface {
	ClientConfig
	// MergedRawConfig returns the kubeconfig with the overrides merged into
	// the chosen context, cluster and user.
	MergedRawConfig() (clientcmdapi.Config, error)
}

// PersistAuthProviderConfigForUser returns the persister an auth-provider
// plugin of the named user uses to save its state.
type PersistAuthProviderConfigForUser func(user string) restclient.AuthProviderConfigPersister

// promptedCredentials remembers what the user typed at a prompt so it is
// asked once per DirectClientConfig.
type promptedCredentials struct {
	username string
	password string `datapolicy:"password"`
}

// DirectClientConfig is a ClientConfig over an in-memory kubeconfig, a
// chosen context, overrides, and optionally a reader to prompt for basic
// auth credentials when the config has none. Methods do not modify the
// kubeconfig. It is not safe for concurrent use when it prompts.
type DirectClientConfig struct {
	config              clientcmdapi.Config
	contextName         string
	overrides           *ConfigOverrides
	fallbackReader      io.Reader
	configAccess        ConfigAccess
	promptedCredentials promptedCredentials
}

// NewDefaultClientConfig returns a client config over config using its
// current context and the default loading rules as ConfigAccess.
func NewDefaultClientConfig(config clientcmdapi.Config, overrides *ConfigOverrides) OverridingClientConfig {
	return &DirectClientConfig{config: config, contextName: config.CurrentContext, overrides: overrides,
		configAccess: NewDefaultClientConfigLoadingRules()}
}

// NewNonInteractiveClientConfig returns a client config over config using
// contextName (or the current context when empty); it never prompts.
func NewNonInteractiveClientConfig(config clientcmdapi.Config, contextName string, overrides *ConfigOverrides, configAccess ConfigAccess) OverridingClientConfig {
	return &DirectClientConfig{config: config, contextName: contextName, overrides: overrides, configAccess: configAccess}
}

// NewInteractiveClientConfig is NewNonInteractiveClientConfig that prompts
// on fallbackReader for a user name and password when the chosen user has
// no credentials.
func NewInteractiveClientConfig(config clientcmdapi.Config, contextName string, overrides *ConfigOverrides, fallbackReader io.Reader, configAccess ConfigAccess) OverridingClientConfig {
	return &DirectClientConfig{config: config, contextName: contextName, overrides: overrides,
		fallbackReader: fallbackReader, configAccess: configAccess}
}

// NewClientConfigFromBytes parses a kubeconfig and returns a client config
// for its current context, with no overrides and no ConfigAccess.
func NewClientConfigFromBytes(configBytes []byte) (OverridingClientConfig, error) {
	config, err := Load(configBytes)
	if err != nil {
		return nil, err
	}
	return &DirectClientConfig{config: *config, overrides: &ConfigOverrides{}}, nil
}

// RESTConfigFromKubeConfig builds the rest config for the current context
// of an in-memory kubeconfig. Relative paths in it are relative to the
// working directory.
func RESTConfigFromKubeConfig(configBytes []byte) (*restclient.Config, error) {
	cc, err := NewClientConfigFromBytes(configBytes)
	if err != nil {
		return nil, err
	}
	return cc.ClientConfig()
}

// RawConfig returns the kubeconfig as given, without overrides.
func (config *DirectClientConfig) RawConfig() (clientcmdapi.Config, error) { return config.config, nil }

// MergedRawConfig returns a copy of the kubeconfig in which the chosen
// context, its cluster and its user carry the overrides, and the chosen
// context is current. It fails if the result is not usable.
func (config *DirectClientConfig) MergedRawConfig() (clientcmdapi.Config, error) {
	if problem := config.ConfirmUsable(); problem != nil {
		return clientcmdapi.Config{}, problem
	}
	merged := config.config.DeepCopy()
	merged.Contexts = ensureMap(merged.Contexts)
	merged.Clusters = ensureMap(merged.Clusters)
	merged.AuthInfos = ensureMap(merged.AuthInfos)

	user, err := config.getAuthInfo()
	if err != nil {
		return clientcmdapi.Config{}, err
	}
	userName, _ := config.getAuthInfoName()
	merged.AuthInfos[userName] = &user

	ctx, err := config.getContext()
	if err != nil {
		return clientcmdapi.Config{}, err
	}
	ctxName, _ := config.getContextName()
	merged.Contexts[ctxName] = &ctx
	merged.CurrentContext = ctxName

	cluster, err := config.getCluster()
	if err != nil {
		return clientcmdapi.Config{}, err
	}
	clusterName, _ := config.getClusterName()
	merged.Clusters[clusterName] = &cluster
	return *merged, nil
}

// ClientConfig builds the rest config for the chosen context: Host (with
// any query or fragment dropped), proxy, compression, timeout,
// impersonation, and, for https servers, the user's credentials (token or
// token file, client certificate, basic auth, auth-provider, exec plugin)
// and the server's TLS settings (CA, server name, insecure). It fails when
// the context, cluster or user is unusable.
func (config *DirectClientConfig) ClientConfig() (*restclient.Config, error) {
	user, err := config.getAuthInfo()
	if err != nil {
		return nil, err
	}
	if _, err := config.getContext(); err != nil {
		return nil, err
	}
	cluster, err := config.getCluster()
	if err != nil {
		return nil, err
	}
	if err := config.ConfirmUsable(); err != nil {
		return nil, err
	}

	out := &restclient.Config{Host: cluster.Server, DisableCompression: cluster.DisableCompression}
	if cluster.ProxyURL != "" {
		u, err := parseProxyURL(cluster.ProxyURL)
		if err != nil {
			return nil, err
		}
		out.Proxy = http.ProxyURL(u)
	}
	if config.overrides != nil && config.overrides.Timeout != "" {
		timeout, err := ParseTimeout(config.overrides.Timeout)
		if err != nil {
			return nil, err
		}
		out.Timeout = timeout
	}
	// A server URL with a path keeps the path but never a query or fragment.
	if u, err := url.ParseRequestURI(out.Host); err == nil && u.Opaque == "" && len(u.Path) > 1 {
		u.RawQuery, u.Fragment = "", ""
		out.Host = u.String()
	}
	if user.Impersonate != "" {
		out.Impersonate = impersonationFor(&user)
	}

	if hostIsTLS(out.Host) {
		var persister restclient.AuthProviderConfigPersister
		if config.configAccess != nil {
			name, _ := config.getAuthInfoName()
			persister = PersisterForUser(config.configAccess, name)
		}
		userConfig, err := config.getUserIdentificationPartialConfig(user, config.fallbackReader, persister, cluster)
		if err != nil {
			return nil, err
		}
		overlay(out, userConfig)
		overlay(out, serverIdentificationConfig(cluster))
	}
	return out, nil
}

// hostIsTLS reports whether a rest config with only this Host would talk
// https: a URL with an https scheme. A bare host:port defaults to http
// because no TLS settings are known yet; credentials are only attached for
// TLS servers.
func hostIsTLS(host string) bool {
	if host == "" {
		return false
	}
	u, err := url.Parse(host)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return false
	}
	return u.Scheme == "https"
}

func impersonationFor(user *clientcmdapi.AuthInfo) restclient.ImpersonationConfig {
	return restclient.ImpersonationConfig{
		UserName: user.Impersonate,
		UID:      user.ImpersonateUID,
		Groups:   user.ImpersonateGroups,
		Extra:    user.ImpersonateUserExtra,
	}
}

// serverIdentificationConfig holds the cluster's TLS settings.
func serverIdentificationConfig(cluster clientcmdapi.Cluster) *restclient.Config {
	c := &restclient.Config{}
	c.CAFile = cluster.CertificateAuthority
	c.CAData = cluster.CertificateAuthorityData
	c.Insecure = cluster.InsecureSkipTLSVerify
	c.ServerName = cluster.TLSServerName
	return c
}

// getUserIdentificationPartialConfig holds the user's credentials. A token
// wins over a token file (the file is still recorded for rotation); a token
// file alone is read now. With a fallback reader and no way to identify the
// user, it prompts for a user name and password once.
func (config *DirectClientConfig) getUserIdentificationPartialConfig(user clientcmdapi.AuthInfo, fallbackReader io.Reader, persister restclient.AuthProviderConfigPersister, cluster clientcmdapi.Cluster) (*restclient.Config, error) {
	c := &restclient.Config{}
	switch {
	case user.Token != "":
		c.BearerToken = user.Token
		c.BearerTokenFile = user.TokenFile
	case user.TokenFile != "":
		data, err := os.ReadFile(user.TokenFile)
		if err != nil {
			return nil, fmt.Errorf("reading tokenFile: %w", err)
		}
		c.BearerToken = string(data)
		c.BearerTokenFile = user.TokenFile
	}
	if user.Impersonate != "" {
		c.Impersonate = impersonationFor(&user)
	}
	if user.ClientCertificate != "" || len(user.ClientCertificateData) > 0 {
		c.CertFile = user.ClientCertificate
		c.CertData = user.ClientCertificateData
		c.KeyFile = user.ClientKey
		c.KeyData = user.ClientKeyData
	}
	if user.Username != "" || user.Password != "" {
		c.Username = user.Username
		c.Password = user.Password
	}
	if user.AuthProvider != nil {
		c.AuthProvider = user.AuthProvider
		c.AuthConfigPersister = persister
	}
	if user.Exec != nil {
		// Copy: the fields set below must not leak into the caller's kubeconfig.
		c.ExecProvider = user.Exec.DeepCopy()
		c.ExecProvider.InstallHint = cleanANSIEscapeCodes(c.ExecProvider.InstallHint)
		c.ExecProvider.Config = cluster.Extensions[clusterExtensionKey]
	}

	if canIdentifyUser(c) || fallbackReader == nil {
		return c, nil
	}
	if config.promptedCredentials.username != "" && config.promptedCredentials.password != "" {
		c.Username = config.promptedCredentials.username
		c.Password = config.promptedCredentials.password
		return c, nil
	}
	info, err := NewPromptingAuthLoader(fallbackReader).Prompt()
	if err != nil {
		return nil, err
	}
	merged := makeUserIdentificationConfig(*info)
	overlay(merged, c)
	config.promptedCredentials = promptedCredentials{username: merged.Username, password: merged.Password}
	return merged, nil
}

func makeUserIdentificationConfig(info clientauth.Info) *restclient.Config {
	c := &restclient.Config{Username: info.User, Password: info.Password, BearerToken: info.BearerToken}
	c.CertFile = info.CertFile
	c.KeyFile = info.KeyFile
	return c
}

func canIdentifyUser(c *restclient.Config) bool {
	return c.Username != "" || c.CertFile != "" || len(c.CertData) > 0 || c.BearerToken != "" ||
		c.AuthProvider != nil || c.ExecProvider != nil
}

// cleanANSIEscapeCodes replaces every rune of s that is not a letter, mark,
// number, punctuation, symbol, separator or whitespace control with its
// U+XXXX form, so an install hint cannot drive the terminal.
func cleanANSIEscapeCodes(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z) || (r >= '\t' && r <= '\r') {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "%U", r)
		}
	}
	return b.String()
}

// Namespace returns the override namespace (overridden=true), else the
// chosen context's namespace, else "default".
func (config *DirectClientConfig) Namespace() (string, bool, error) {
	if o := config.overrides; o != nil && o.Context.Namespace != "" {
		return o.Context.Namespace, true, nil
	}
	if err := config.ConfirmUsable(); err != nil {
		return "", false, err
	}
	ctx, err := config.getContext()
	switch {
	case err != nil:
		return "", false, err
	case ctx.Namespace == "":
		return "default", false, nil
	default:
		return ctx.Namespace, false, nil
	}
}

// ensureMap returns m, or a new empty map when m is nil.
func ensureMap[V any](m map[string]V) map[string]V {
	if m == nil {
		m = map[string]V{}
	}
	return m
}

// ConfigAccess returns where the kubeconfig came from (may be nil).
func (config *DirectClientConfig) ConfigAccess() ConfigAccess { return config.configAccess }

// ConfirmUsable checks only what the chosen context needs: that the context
// exists and its user and cluster (with overrides) are valid. It collects
// every problem rather than stopping at the first. An entirely empty
// cluster yields ErrEmptyConfig (see IsEmptyConfig).
func (config *DirectClientConfig) ConfirmUsable() error {
	var errs []error
	ctxName := config.contextName
	if ctxName == "" {
		ctxName = config.config.CurrentContext
	}
	if ctxName != "" {
		if _, ok := config.config.Contexts[ctxName]; !ok {
			errs = append(errs, &errContextNotFound{ctxName})
		}
	}

	userName, _ := config.getAuthInfoName()
	user, _ := config.getAuthInfo()
	errs = append(errs, validateAuthInfo(userName, user)...)
	clusterName, _ := config.getClusterName()
	cluster, _ := config.getCluster()
	errs = append(errs, validateClusterInfo(clusterName, cluster)...)
	if len(errs) == 1 && errs[0] == ErrEmptyCluster {
		return newErrConfigurationInvalid([]error{ErrEmptyConfig})
	}
	return newErrConfigurationInvalid(errs)
}

// getContextName returns the chosen context and whether an override chose it.
func (config *DirectClientConfig) getContextName() (string, bool) {
	if config.overrides != nil && config.overrides.CurrentContext != "" {
		return config.overrides.CurrentContext, true
	}
	if config.contextName != "" {
		return config.contextName, false
	}
	return config.config.CurrentContext, false
}

// getAuthInfoName returns the chosen user and whether an override chose it.
func (config *DirectClientConfig) getAuthInfoName() (string, bool) {
	if config.overrides != nil && config.overrides.Context.AuthInfo != "" {
		return config.overrides.Context.AuthInfo, true
	}
	ctx, _ := config.getContext()
	return ctx.AuthInfo, false
}

// getClusterName returns the chosen cluster and whether an override chose it.
func (config *DirectClientConfig) getClusterName() (string, bool) {
	if config.overrides != nil && config.overrides.Context.Cluster != "" {
		return config.overrides.Context.Cluster, true
	}
	ctx, _ := config.getContext()
	return ctx.Cluster, false
}

// getContext returns the chosen context with overrides applied. A context
// named by an override must exist.
func (config *DirectClientConfig) getContext() (clientcmdapi.Context, error) {
	name, required := config.getContextName()
	merged := clientcmdapi.NewContext()
	if c, ok := config.config.Contexts[name]; ok {
		overlay(merged, c)
	} else if required {
		return clientcmdapi.Context{}, fmt.Errorf("context %q does not exist", name)
	}
	if config.overrides != nil {
		overlay(merged, &config.overrides.Context)
	}
	return *merged, nil
}

// getAuthInfo returns the chosen user with overrides applied. A user named
// by an override must exist. A client certificate or key given as an
// override replaces both the path and the data of the config's.
func (config *DirectClientConfig) getAuthInfo() (clientcmdapi.AuthInfo, error) {
	name, required := config.getAuthInfoName()
	merged := clientcmdapi.NewAuthInfo()
	if u, ok := config.config.AuthInfos[name]; ok {
		overlay(merged, u)
	} else if required {
		return clientcmdapi.AuthInfo{}, fmt.Errorf("auth info %q does not exist", name)
	}
	if o := config.overrides; o != nil {
		overlay(merged, &o.AuthInfo)
		if o.AuthInfo.ClientKey != "" || len(o.AuthInfo.ClientKeyData) > 0 {
			merged.ClientKey, merged.ClientKeyData = o.AuthInfo.ClientKey, o.AuthInfo.ClientKeyData
		}
		if o.AuthInfo.ClientCertificate != "" || len(o.AuthInfo.ClientCertificateData) > 0 {
			merged.ClientCertificate, merged.ClientCertificateData = o.AuthInfo.ClientCertificate, o.AuthInfo.ClientCertificateData
		}
	}
	return *merged, nil
}

// getCluster returns the chosen cluster: ClusterDefaults, then the config's
// entry, then ClusterInfo overrides. A cluster named by an override must
// exist. Overriding the CA or insecure flag replaces all three TLS trust
// settings; overriding the server or TLS server name replaces the latter.
func (config *DirectClientConfig) getCluster() (clientcmdapi.Cluster, error) {
	name, required := config.getClusterName()
	merged := clientcmdapi.NewCluster()
	if config.overrides != nil {
		overlay(merged, &config.overrides.ClusterDefaults)
	}
	if c, ok := config.config.Clusters[name]; ok {
		overlay(merged, c)
	} else if required {
		return clientcmdapi.Cluster{}, fmt.Errorf("cluster %q does not exist", name)
	}
	if o := config.overrides; o != nil {
		ci := &o.ClusterInfo
		overlay(merged, ci)
		if ci.InsecureSkipTLSVerify || ci.CertificateAuthority != "" || len(ci.CertificateAuthorityData) > 0 {
			merged.InsecureSkipTLSVerify = ci.InsecureSkipTLSVerify
			merged.CertificateAuthority = ci.CertificateAuthority
			merged.CertificateAuthorityData = ci.CertificateAuthorityData
		}
		if ci.TLSServerName != "" || ci.Server != "" {
			merged.TLSServerName = ci.TLSServerName
		}
	}
	return *merged, nil
}
