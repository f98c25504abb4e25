// Package scheme holds the runtime.Scheme, codecs and parameter codec that
// know every built-in Kubernetes API type. It is what typed clients use to
// encode and decode objects, and what rest.Config.NegotiatedSerializer is
// usually set to (scheme.Codecs.WithoutConversion()).
package scheme
