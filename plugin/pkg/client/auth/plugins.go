// Package auth registers the auth-provider plugins a kubeconfig's
// auth-provider section can name: import it for its side effects,
//
//	import _ "github.com/kclient/kclient/plugin/pkg/client/auth"
//
// It brings in "oidc" (a refresh-token OpenID Connect provider) and the
// "azure" and "gcp" names, which now only explain that those providers were
// replaced by exec credential plugins. Import a subpackage instead to pick
// one.
package auth

import (
	_ "github.com/kclient/kclient/plugin/pkg/client/auth/azure" // registers "azure"
	_ "github.com/kclient/kclient/plugin/pkg/client/auth/gcp"   // registers "gcp"
	_ "github.com/kclient/kclient/plugin/pkg/client/auth/oidc"  // registers "oidc"
)
