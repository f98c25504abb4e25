package benchenv

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
)

// Scheme knows the core/v1 types and the unversioned meta types (Status).
// Benchmarks hand the same [Codecs] to both libraries so that measured
// differences come from the clients, not from serializer setup.
var Scheme = runtime.NewScheme()

// Codecs is the serializer set built on [Scheme]; it offers JSON, YAML,
// protobuf and CBOR.
var Codecs = serializer.NewCodecFactory(Scheme)

// CoreV1 is the group version of the core API.
var CoreV1 = corev1.SchemeGroupVersion

func init() {
	utilruntime.Must(corev1.AddToScheme(Scheme))
	metav1.AddToGroupVersion(Scheme, schema.GroupVersion{Version: "v1"})
}
