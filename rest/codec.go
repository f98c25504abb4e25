package rest

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/runtime/serializer/cbor"

	"github.com/kclient/kclient/features"
)

// CodecFactoryForGeneratedClient picks the codecs a generated clientset
// uses: codecs unchanged while the ClientsAllowCBOR feature is off, and
// otherwise a new factory over scheme that adds the CBOR serializer.
//
// It exists for generated code only, which passes a codecs built from the
// same scheme; other callers get no compatibility promise.
func CodecFactoryForGeneratedClient(scheme *runtime.Scheme, codecs serializer.CodecFactory) serializer.CodecFactory {
	if !features.FeatureGates().Enabled(features.ClientsAllowCBOR) {
		return codecs
	}
	return serializer.NewCodecFactory(scheme, serializer.WithSerializer(cbor.NewSerializerInfo))
}
