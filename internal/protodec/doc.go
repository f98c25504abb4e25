// Package protodec decodes the protobuf encoding of Kubernetes API objects
// (the structs of k8s.io/api and apimachinery) without their generated
// Unmarshal methods, and shares repeated data between the objects it
// decodes while it decodes them, as internal/objshare does after the fact.
//
// A Decoder reads a message with a per-type plan built once by reflection
// from the `protobuf:"..."` struct tags: field number to field offset and
// shape. It decodes scalars, strings, byte slices, nested and optional
// messages, repeated messages, strings and integers (slices sized exactly,
// from a first pass over the message that counts the occurrences), and maps
// of strings, bytes and quantities. A struct with any other shape, or with
// unexported or untagged fields (resource.Quantity, metav1.Time and
// MicroTime, runtime.RawExtension), is decoded by its own Unmarshal method,
// which is what the generated code calls too. The result is
// reflect.DeepEqual to what the type's own Unmarshal gives for the same
// bytes; whenever the fast path meets input it does not accept (truncated,
// wrong wire types, overflowing lengths), the object is reset and decoded
// by its own Unmarshal, so errors are that method's errors.
//
// While decoding, a Decoder
//
//   - looks every string up in a table by its bytes (no allocation on a hit)
//     and allocates only strings it has not seen; ObjectMeta's name, UID,
//     resourceVersion and selfLink are never looked up;
//   - gives []byte fields of 16 bytes or more (managedFields' fieldsV1)
//     an equal slice handed out before, capacity trimmed so an append
//     copies;
//   - gives a resource list (a map of quantities, at most 8 entries) an
//     equal map handed out before, found by the bytes of its entries, so
//     its quantities are not even parsed; a shared map found written to
//     is not handed out again.
//
// Sharing relies on the rule that cached objects are read-only, exactly as
// internal/objshare's. The tables are bounded and start over when full.
package protodec
