// Package applygen generates kclient's server-side apply configurations
// (the applyconfigurations/<group>/<version> packages) from the Go API type
// packages of k8s.io/api and from k8s.io/apimachinery's meta/v1.
//
// The group, version and +genclient information comes from
// hack/codegen/internal/model; struct fields, which the model does not
// describe, are read here with go/parser. An apply configuration is emitted
// for every struct type reachable through fields from a root: a +genclient
// type that may be applied (or that has no standard verbs at all), and the
// input type of every +genclient:method apply extension. meta/v1 is special:
// only the types listed in Options.MetaTypes get apply configurations and
// every other meta/v1 struct (Time, Duration, FieldsV1, ...) is used as a
// plain value. Types of the packages of Options.ExternalAPIs refer to apply
// configurations generated elsewhere when one is declared there, and are
// plain values otherwise.
//
// For each such type T the output package holds, in t.go:
//
//   - TApplyConfiguration, a struct whose fields are all optional (pointers,
//     slices or maps) with the same JSON names as T, tagged omitempty;
//     embedded TypeMeta and ObjectMeta become embedded apply configurations;
//   - a constructor: T(name, namespace) or T(name) for +genclient kinds with
//     object metadata (cluster-scoped kinds take only a name), T() otherwise,
//     filling in kind and apiVersion when T embeds TypeMeta;
//   - a With<Field> builder per field, including the promoted fields of
//     embedded structs: scalars are stored by address, slices appended to
//     (variadic), maps merged;
//   - IsApplyConfiguration, GetKind and GetAPIVersion when T embeds TypeMeta,
//     GetName and GetNamespace when T has object metadata (they never
//     allocate metadata, unlike client-go's).
//
// Client kinds also get Extract<Kind>From, Extract<Kind> and one
// Extract<Kind><Subresource> per subresource (status, and the subresource of
// each +genclient:method extension), when Options.ExtractPackage names the
// package that does the work. client-go's versions need the full OpenAPI
// schema and structured-merge-diff linked into every program that imports
// any apply configuration; kclient's walk the managed fields over the
// object's JSON instead (applyconfigurations/internal/extract).
//
// The root package gets ForKind, which maps a GroupVersionKind to a new,
// empty apply configuration.
package applygen
