// Package applyconfigurations is the root of kclient's server-side apply
// configurations, drop-in replacements for k8s.io/client-go/applyconfigurations.
//
// An apply configuration mirrors an API type with every field optional, so
// that a Server-side Apply request carries exactly the fields its field
// manager wants to own and nothing else (a plain API struct would also send
// zero values such as replicas: 0). Each API group-version has its own
// package, for example applyconfigurations/apps/v1:
//
//	deploy := appsv1.Deployment("web", "default").
//		WithSpec(appsv1.DeploymentSpec().WithReplicas(3))
//	_, err := client.AppsV1().Deployments("default").Apply(ctx, deploy,
//		metav1.ApplyOptions{FieldManager: "my-controller"})
//
// Extract<Kind> functions (ExtractDeployment, ExtractDeploymentStatus,
// ...) return the fields one field manager owns in an object read from the
// server, ready to be changed and applied again. Unlike client-go they need
// no OpenAPI schema: they follow the object's managed fields over its JSON
// form, so they cost almost nothing to link.
//
// A program links only the group packages it imports. This root package
// adds ForKind, which imports them all, and NewTypeConverter, which embeds
// the structured-merge-diff schema of every built-in type (about 28 kB
// compressed, decoded on first use) so that field management outside a
// server, such as fake.NewClientset's Apply, merges lists by key as the
// apiserver does. Typed clients import neither.
//
// Not provided, unlike client-go: meta/v1.NewUnstructuredExtractor. Its
// signature names discovery.DiscoveryInterface, whose methods name
// gnostic's OpenAPI document types, and every typed client imports
// applyconfigurations/meta/v1: declaring it there would link discovery,
// gnostic and the protobuf runtime into every program that uses any typed
// client (about 3.3 MB more for one that uses only core/v1). For built-in
// kinds, convert the object to its typed form and use the Extract<Kind>
// functions, which need no schema.
package applyconfigurations
