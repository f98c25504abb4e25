package api

import "k8s.io/apimachinery/pkg/runtime"

// NewConfig returns an empty Config whose maps are non-nil, ready to fill.
func NewConfig() *Config {
	return &Config{
		Clusters:   map[string]*Cluster{},
		AuthInfos:  map[string]*AuthInfo{},
		Contexts:   map[string]*Context{},
		Extensions: map[string]runtime.Object{},
	}
}

// NewContext returns an empty Context with a non-nil Extensions map.
func NewContext() *Context {
	return &Context{Extensions: map[string]runtime.Object{}}
}

// NewCluster returns an empty Cluster with a non-nil Extensions map.
func NewCluster() *Cluster {
	return &Cluster{Extensions: map[string]runtime.Object{}}
}

// NewAuthInfo returns an empty AuthInfo with non-nil Extensions and
// ImpersonateUserExtra maps.
func NewAuthInfo() *AuthInfo {
	return &AuthInfo{
		Extensions:           map[string]runtime.Object{},
		ImpersonateUserExtra: map[string][]string{},
	}
}

// NewPreferences returns empty Preferences with a non-nil Extensions map.
//
// Deprecated: Preferences has been unused by Kubernetes components since v1.34.
func NewPreferences() *Preferences {
	return &Preferences{Extensions: map[string]runtime.Object{}}
}

// IsConfigEmpty reports whether config holds nothing at all: no clusters,
// users, contexts, current context, preferences or extensions.
func IsConfigEmpty(config *Config) bool {
	return len(config.Clusters) == 0 &&
		len(config.AuthInfos) == 0 &&
		len(config.Contexts) == 0 &&
		config.CurrentContext == "" &&
		!config.Preferences.Colors &&
		len(config.Preferences.Extensions) == 0 &&
		len(config.Extensions) == 0
}
