// Package exec authenticates to a Kubernetes API server with credentials
// obtained from an external command: the credential plugins configured in a
// kubeconfig under users[].user.exec.
//
// The plugin is run with the caller's environment plus the configured env
// vars and KUBERNETES_EXEC_INFO, a JSON ExecCredential
// (client.authentication.k8s.io/v1 or v1beta1) whose spec says whether the
// plugin may interact with the user and, if asked for, describes the cluster.
// The plugin prints an ExecCredential of the same version whose status holds
// a bearer token, a client certificate and key, or both, and optionally an
// expiration time. Its standard error goes to the caller's standard error.
//
// An Authenticator caches the credentials until they expire or the server
// answers 401 Unauthorized, and runs the plugin at most once at a time no
// matter how many requests need credentials. Authenticators are shared
// between callers whose configuration is equal.
//
// Typical use, as done by rest.TransportFor:
//
//	a, err := exec.GetAuthenticator(cfg.ExecProvider, cluster)
//	if err != nil { ... }
//	if err := a.UpdateTransportConfig(transportConfig); err != nil { ... }
package exec
