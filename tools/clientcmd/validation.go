package clientcmd

import (
	"errors"
	"fmt"
	"os"
	"reflect"

	"k8s.io/apimachinery/pkg/util/validation"

	execplugin "github.com/kclient/kclient/plugin/pkg/client/auth/exec"
	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

// Validate checks the whole config: the current context exists, and every
// context, user and cluster is well formed and refers to existing entries.
// It reports every problem it finds, each naming the entry and, when known,
// the file it came from. An empty config yields ErrEmptyConfig.
func Validate(config clientcmdapi.Config) error {
	if clientcmdapi.IsConfigEmpty(&config) {
		return newErrConfigurationInvalid([]error{ErrEmptyConfig})
	}
	var errs []error
	if config.CurrentContext != "" {
		if _, ok := config.Contexts[config.CurrentContext]; !ok {
			errs = append(errs, &errContextNotFound{config.CurrentContext})
		}
	}
	for name, c := range config.Contexts {
		errs = append(errs, validateContext(name, deref(c), config)...)
	}
	for name, u := range config.AuthInfos {
		errs = append(errs, validateAuthInfo(name, deref(u))...)
	}
	for name, c := range config.Clusters {
		errs = append(errs, validateClusterInfo(name, deref(c))...)
	}
	return newErrConfigurationInvalid(errs)
}

// ConfirmUsable checks only what the named context (or the current context
// when passedContextName is empty) needs: the context, its user and its
// cluster. It reports every problem it finds. No chosen context yields
// ErrNoContext; an empty config yields ErrEmptyConfig.
func ConfirmUsable(config clientcmdapi.Config, passedContextName string) error {
	if clientcmdapi.IsConfigEmpty(&config) {
		return newErrConfigurationInvalid([]error{ErrEmptyConfig})
	}
	name := passedContextName
	if name == "" {
		name = config.CurrentContext
	}
	if name == "" {
		return ErrNoContext
	}
	ctx, ok := config.Contexts[name]
	if !ok {
		return newErrConfigurationInvalid([]error{&errContextNotFound{name}})
	}
	c := deref(ctx)
	errs := validateContext(name, c, config)
	errs = append(errs, validateAuthInfo(c.AuthInfo, deref(config.AuthInfos[c.AuthInfo]))...)
	errs = append(errs, validateClusterInfo(c.Cluster, deref(config.Clusters[c.Cluster]))...)
	return newErrConfigurationInvalid(errs)
}

// deref returns *p, or the zero value for nil (a "name: x" with no body).
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// inFile is appended to messages about an entry loaded from a file.
func inFile(location string) string {
	if location == "" {
		return ""
	}
	return " in " + location
}

func validateClusterInfo(name string, cluster clientcmdapi.Cluster) []error {
	if reflect.DeepEqual(*clientcmdapi.NewCluster(), cluster) {
		return []error{ErrEmptyCluster}
	}
	var errs []error
	where := inFile(cluster.LocationOfOrigin)
	if cluster.Server == "" {
		if name == "" {
			errs = append(errs, errors.New("default cluster has no server defined"))
		} else {
			errs = append(errs, fmt.Errorf("no server found for cluster %q%s", name, where))
		}
	}
	if cluster.ProxyURL != "" {
		if _, err := parseProxyURL(cluster.ProxyURL); err != nil {
			errs = append(errs, fmt.Errorf("invalid 'proxy-url' %q for cluster %q%s: %w", redactURL(cluster.ProxyURL), name, where, err))
		}
	}
	if cluster.CertificateAuthority != "" && len(cluster.CertificateAuthorityData) > 0 {
		errs = append(errs, fmt.Errorf("certificate-authority-data and certificate-authority are both specified for %v%s. certificate-authority-data will override.", name, where))
	}
	if cluster.CertificateAuthority != "" {
		if err := checkReadable(cluster.CertificateAuthority); err != nil {
			errs = append(errs, fmt.Errorf("unable to read certificate-authority %v for %v%s due to %w", cluster.CertificateAuthority, name, where, err))
		}
	}
	return errs
}

// checkReadable reports whether path can be opened for reading.
func checkReadable(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	return f.Close()
}

func validateAuthInfo(name string, user clientcmdapi.AuthInfo) []error {
	var errs []error
	where := inFile(user.LocationOfOrigin)
	var methods []string
	if user.Token != "" {
		methods = append(methods, "token")
	}
	if user.Username != "" || user.Password != "" {
		methods = append(methods, "basicAuth")
	}

	if user.ClientCertificate != "" || len(user.ClientCertificateData) > 0 {
		if user.ClientCertificate != "" && len(user.ClientCertificateData) > 0 {
			errs = append(errs, fmt.Errorf("client-cert-data and client-cert are both specified for %v%s. client-cert-data will override.", name, where))
		}
		if user.ClientKey != "" && len(user.ClientKeyData) > 0 {
			errs = append(errs, fmt.Errorf("client-key-data and client-key are both specified for %v%s; client-key-data will override", name, where))
		}
		if user.ClientKey == "" && len(user.ClientKeyData) == 0 {
			errs = append(errs, fmt.Errorf("client-key-data or client-key must be specified for %v%s to use the clientCert authentication method.", name, where))
		}
		if user.ClientCertificate != "" {
			if err := checkReadable(user.ClientCertificate); err != nil {
				errs = append(errs, fmt.Errorf("unable to read client-cert %v for %v%s due to %w", user.ClientCertificate, name, where, err))
			}
		}
		if user.ClientKey != "" {
			if err := checkReadable(user.ClientKey); err != nil {
				errs = append(errs, fmt.Errorf("unable to read client-key %v for %v%s due to %w", user.ClientKey, name, where, err))
			}
		}
	}

	if exec := user.Exec; exec != nil {
		if user.AuthProvider != nil {
			errs = append(errs, fmt.Errorf("authProvider cannot be provided in combination with an exec plugin for %s%s", name, where))
		}
		if exec.Command == "" {
			errs = append(errs, fmt.Errorf("command must be specified for %v%s to use exec authentication plugin", name, where))
		}
		if exec.APIVersion == "" {
			errs = append(errs, fmt.Errorf("apiVersion must be specified for %v%s to use exec authentication plugin", name, where))
		}
		for _, v := range exec.Env {
			if v.Name == "" {
				errs = append(errs, fmt.Errorf("env variable name must be specified for %v%s to use exec authentication plugin", name, where))
			}
		}
		switch exec.InteractiveMode {
		case "":
			errs = append(errs, fmt.Errorf("interactiveMode must be specified for %v%s to use exec authentication plugin", name, where))
		case clientcmdapi.NeverExecInteractiveMode, clientcmdapi.IfAvailableExecInteractiveMode, clientcmdapi.AlwaysExecInteractiveMode:
		default:
			errs = append(errs, fmt.Errorf("invalid interactiveMode for %v%s: %q", name, where, exec.InteractiveMode))
		}
		if err := execplugin.ValidatePluginPolicy(exec.PluginPolicy); err != nil {
			errs = append(errs, fmt.Errorf("allowlist misconfiguration: %w", err))
		}
	}

	if len(methods) > 1 {
		errs = append(errs, fmt.Errorf("more than one authentication method found for %v%s; found %v, only one is allowed", name, where, methods))
	}
	if (user.ImpersonateUID != "" || len(user.ImpersonateGroups) > 0 || len(user.ImpersonateUserExtra) > 0) && user.Impersonate == "" {
		errs = append(errs, fmt.Errorf("requesting uid, groups or user-extra for %v%s without impersonating a user", name, where))
	}
	return errs
}

func validateContext(name string, ctx clientcmdapi.Context, config clientcmdapi.Config) []error {
	var errs []error
	where := inFile(ctx.LocationOfOrigin)
	if name == "" {
		errs = append(errs, fmt.Errorf("empty context name (cluster %q, user %q)%s is not allowed", ctx.Cluster, ctx.AuthInfo, where))
	}
	if ctx.AuthInfo == "" {
		errs = append(errs, fmt.Errorf("user was not specified for context %q%s", name, where))
	} else if _, ok := config.AuthInfos[ctx.AuthInfo]; !ok {
		errs = append(errs, fmt.Errorf("user %q was not found for context %q%s", ctx.AuthInfo, name, where))
	}
	if ctx.Cluster == "" {
		errs = append(errs, fmt.Errorf("cluster was not specified for context %q%s", name, where))
	} else if _, ok := config.Clusters[ctx.Cluster]; !ok {
		errs = append(errs, fmt.Errorf("cluster %q was not found for context %q%s", ctx.Cluster, name, where))
	}
	if ctx.Namespace != "" && len(validation.IsDNS1123Label(ctx.Namespace)) != 0 {
		errs = append(errs, fmt.Errorf("namespace %q for context %q%s does not conform to the kubernetes DNS_LABEL rules", ctx.Namespace, name, where))
	}
	return errs
}
