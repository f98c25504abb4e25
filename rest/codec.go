package rest

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/runtime/serializer/cbor"

	"github.com/kclient/kclient/features"
)

// CodecFactoryForGeneratedClient returns the provided CodecFactory if there
// are no enabled client feature gates affecting serialization. Otherwise,
// it constructs and returns a new CodecFactory from the provided Scheme that
// also supports CBOR.
//
// This is supported ONLY for use by clients generated with client-gen.
// The caller is responsible for ensuring that the CodecFactory argument was
// constructed using the Scheme argument.
func CodecFactoryForGeneratedClient(scheme *runtime.Scheme, codecs serializer.CodecFactory) serializer.CodecFactory {
	if !features.FeatureGates().Enabled(features.ClientsAllowCBOR) {
		return codecs
	}
	return serializer.NewCodecFactory(scheme, serializer.WithSerializer(cbor.NewSerializerInfo))
}
