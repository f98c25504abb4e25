// Package transport builds the http.RoundTripper stack a Kubernetes client
// talks through.
//
// Every concern is one small http.RoundTripper that adds its behaviour and
// delegates to the next one:
//
//	impersonation → user agent → bearer/basic auth → debugging → WrapTransport → base
//
// The base is an *http.Transport built from the TLS part of a Config
// (TLSConfigFor), shared between Configs whose TLS-relevant settings are equal
// so that connections to the same server are pooled. New builds the full
// stack; HTTPWrappersForConfig only the layers above the base, for callers
// (SPDY, WebSocket) that need to own the connection.
//
// Each wrapper implements WrappedRoundTripper (k8s.io/apimachinery's
// utilnet.RoundTripperWrapper), so utilities such as utilnet.DialerFor and
// utilnet.CloseIdleConnectionsFor can find the base transport.
//
// Credentials never reach logs: the debugging wrapper masks Authorization
// headers and errors never include tokens, passwords or key material.
package transport
