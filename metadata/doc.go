// Package metadata reads and changes only the metadata of any Kubernetes
// object, built-in or custom: the server answers with
// meta.k8s.io/v1 PartialObjectMetadata (selected with the
// "as=PartialObjectMetadata" Accept parameter), so specs and statuses never
// cross the wire. This is what garbage collectors and quota controllers need,
// at a fraction of the bandwidth and decoding cost of full objects.
//
// Responses are protobuf-encoded when the server allows it. Servers that
// ignore the Accept parameter are handled by extracting the metadata from the
// full object. Clients are safe for concurrent use.
package metadata
