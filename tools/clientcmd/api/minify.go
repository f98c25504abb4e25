package api

import (
	"errors"
	"fmt"
)

// MinifyConfig trims config in place down to its current context and the
// cluster and user that context refers to (for example before storing it in
// a Secret). It fails, leaving config untouched, when there is no current
// context or a referenced entry is missing.
func MinifyConfig(config *Config) error {
	if config.CurrentContext == "" {
		return errors.New("current-context must exist in order to minify")
	}
	ctx, ok := config.Contexts[config.CurrentContext]
	if !ok || ctx == nil {
		return fmt.Errorf("cannot locate context %v", config.CurrentContext)
	}
	clusters := map[string]*Cluster{}
	if ctx.Cluster != "" {
		c, ok := config.Clusters[ctx.Cluster]
		if !ok {
			return fmt.Errorf("cannot locate cluster %v", ctx.Cluster)
		}
		clusters[ctx.Cluster] = c
	}
	users := map[string]*AuthInfo{}
	if ctx.AuthInfo != "" {
		u, ok := config.AuthInfos[ctx.AuthInfo]
		if !ok {
			return fmt.Errorf("cannot locate user %v", ctx.AuthInfo)
		}
		users[ctx.AuthInfo] = u
	}
	config.Contexts = map[string]*Context{config.CurrentContext: ctx}
	config.Clusters = clusters
	config.AuthInfos = users
	return nil
}
