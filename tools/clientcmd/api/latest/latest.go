// Package latest wires the kubeconfig types into a runtime.Scheme and a
// YAML/JSON Codec: decoding accepts YAML or JSON v1 kubeconfigs and yields
// *api.Config; encoding writes YAML in the v1 form.
package latest

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/runtime/serializer/versioning"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	"github.com/kclient/kclient/tools/clientcmd/api"
	v1 "github.com/kclient/kclient/tools/clientcmd/api/v1"
)

// Version is the kubeconfig version written by Codec.
const Version = "v1"

// OldestVersion is the oldest kubeconfig version this package reads.
const OldestVersion = "v1"

// ExternalVersion is the group/version written by Codec.
var ExternalVersion = schema.GroupVersion{Group: "", Version: "v1"}

// Versions lists every kubeconfig version understood, oldest first.
var Versions = []string{"v1"}

var (
	// Codec decodes YAML or JSON kubeconfigs into *api.Config (converting
	// and defaulting through Scheme) and encodes *api.Config as v1 YAML.
	// It is safe for concurrent use.
	Codec runtime.Codec
	// Scheme knows the internal and v1 Config and their conversions.
	Scheme *runtime.Scheme
)

func init() {
	Scheme = runtime.NewScheme()
	utilruntime.Must(api.AddToScheme(Scheme))
	utilruntime.Must(v1.AddToScheme(Scheme))
	yaml := json.NewSerializerWithOptions(json.DefaultMetaFactory, Scheme, Scheme, json.SerializerOptions{Yaml: true})
	Codec = versioning.NewDefaultingCodecForScheme(Scheme, yaml, yaml,
		schema.GroupVersion{Version: Version}, runtime.InternalGroupVersioner)
}
