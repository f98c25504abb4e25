// Package scale reads and changes the scale subresource of any scalable
// resource (Deployments, ReplicaSets, StatefulSets, custom resources with a
// scale subresource, ...) without knowing its type.
//
// The resource's preferred version comes from a PreferredResourceMapper (a
// discovery-backed REST mapper), and the Scale kind its /scale endpoint
// speaks from a ScaleKindResolver (discovery again). Whatever the endpoint
// speaks (autoscaling/v1, extensions/v1beta1, apps/v1beta1 or apps/v1beta2
// Scale), callers always see autoscaling/v1 Scale. Clients are safe for
// concurrent use.
package scale
