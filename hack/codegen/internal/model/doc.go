// Package model is the in-memory description of Kubernetes API packages that
// kclient's code generators work from. Load parses API type packages (such as
// k8s.io/api/<group>/<version>) with go/parser, reads the +groupName package
// tag and the +genclient family of type tags, and returns an API: one
// GroupVersion per package, each holding the Types that get clients.
//
// The model is generator-neutral. The typed-client generator
// (hack/codegen/internal/clientgen) is its first user; listers, informers and
// apply-configuration generators should reuse it rather than re-parse tags:
// GroupVersion gives every naming decision (package alias, Go group name,
// API path, output directory) and Type gives kind, resource, scope, verbs and
// extension methods.
//
// Supported tags, on a type (in the comment block above it, or the one
// before that):
//
//	+genclient                      the type gets a client
//	+genclient:nonNamespaced        the resource is cluster-scoped
//	+genclient:noVerbs              no standard verbs (extensions only)
//	+genclient:onlyVerbs=v1,v2      exactly these verbs
//	+genclient:skipVerbs=v1,v2      every verb but these
//	+genclient:readonly             get, list and watch only
//	+genclient:noStatus             no UpdateStatus/ApplyStatus even with a Status field
//	+genclient:method=Name,verb=v,subresource=s,input=T,result=T
//	                                an extra method on a subresource
//	+resourceName=name              overrides the derived resource name
//
// and on a package (usually in doc.go): +groupName=<API group> and the
// optional +groupGoName=<Go name>. Without +groupName the group is the
// package's parent directory name (k8s.io/api/apps/v1 → "apps").
package model
