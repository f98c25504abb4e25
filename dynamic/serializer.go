package dynamic

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
)

// versionV1 is the version of the meta types (options, Status, WatchEvent).
var versionV1 = schema.GroupVersion{Version: "v1"}

// metaScheme knows the meta types only: options for query parameters, Status
// for errors and WatchEvent for watch frames.
var metaScheme = func() *runtime.Scheme {
	s := runtime.NewScheme()
	metav1.AddToGroupVersion(s, versionV1)
	return s
}()

// parameterCodec encodes the option structs as query parameters.
var parameterCodec = runtime.NewParameterCodec(metaScheme)

// unstructuredCreator creates meta types it knows and Unstructured for
// everything else.
type unstructuredCreator struct{}

func (unstructuredCreator) New(kind schema.GroupVersionKind) (runtime.Object, error) {
	if obj, err := metaScheme.New(kind); err == nil {
		return obj, nil
	}
	return &unstructured.Unstructured{}, nil
}

// unstructuredTyper reports the kind an Unstructured object carries.
type unstructuredTyper struct{}

func (unstructuredTyper) ObjectKinds(obj runtime.Object) ([]schema.GroupVersionKind, bool, error) {
	if kinds, unversioned, err := metaScheme.ObjectKinds(obj); err == nil {
		return kinds, unversioned, nil
	}
	gvk := obj.GetObjectKind().GroupVersionKind()
	if gvk.Kind == "" {
		return nil, false, runtime.NewMissingKindErr("object has no kind field")
	}
	if gvk.Version == "" {
		return nil, false, runtime.NewMissingVersionErr("object has no apiVersion field")
	}
	return []schema.GroupVersionKind{gvk}, false, nil
}

func (unstructuredTyper) Recognizes(schema.GroupVersionKind) bool { return true }

// jsonNegotiator is the NegotiatedSerializer of dynamic REST clients: JSON
// only, objects decoded as Unstructured, watch frames as meta WatchEvents.
type jsonNegotiator struct{}

func (jsonNegotiator) SupportedMediaTypes() []runtime.SerializerInfo {
	objects := json.NewSerializerWithOptions(json.DefaultMetaFactory, unstructuredCreator{}, unstructuredTyper{}, json.SerializerOptions{})
	frames := json.NewSerializerWithOptions(json.DefaultMetaFactory, metaScheme, metaScheme, json.SerializerOptions{})
	return []runtime.SerializerInfo{{
		MediaType:        runtime.ContentTypeJSON,
		MediaTypeType:    "application",
		MediaTypeSubType: "json",
		EncodesAsText:    true,
		Serializer:       objects,
		StreamSerializer: &runtime.StreamSerializerInfo{
			EncodesAsText: true,
			Serializer:    frames,
			Framer:        json.Framer,
		},
	}}
}

// EncoderForVersion returns e unchanged: request bodies are encoded by the
// resource client itself and already carry their apiVersion.
func (jsonNegotiator) EncoderForVersion(e runtime.Encoder, _ runtime.GroupVersioner) runtime.Encoder {
	return e
}

func (jsonNegotiator) DecoderToVersion(d runtime.Decoder, _ runtime.GroupVersioner) runtime.Decoder {
	return d
}
