package typedclient

import (
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	"github.com/kclient/kclient/rest"
)

// Codecs is the private scheme of one typed-client package: only the API
// groups that package's clients send or receive, plus metav1's option and
// status types. Keeping schemes per package (instead of one global scheme of
// every group) means a program links only the k8s.io/api packages whose
// clients it imports.
//
// The scheme is built on first use, so importing a package whose clients are
// never constructed costs nothing at start-up. Codecs is safe for
// concurrent use.
type Codecs struct {
	adders []func(*runtime.Scheme) error
	once   sync.Once
	scheme *runtime.Scheme
	codecs serializer.CodecFactory
	params runtime.ParameterCodec
}

// NewCodecs returns Codecs whose scheme is made of the given AddToScheme
// functions (for example corev1.AddToScheme).
func NewCodecs(addToScheme ...func(*runtime.Scheme) error) *Codecs {
	return &Codecs{adders: addToScheme}
}

func (c *Codecs) init() {
	c.once.Do(func() {
		s := runtime.NewScheme()
		// Options and Status in the unversioned "v1", as the global scheme has them.
		metav1.AddToGroupVersion(s, schema.GroupVersion{Version: "v1"})
		for _, add := range c.adders {
			// AddToScheme only fails on conflicting registrations, which the
			// generator cannot produce: a failure is a programming error.
			utilruntime.Must(add(s))
		}
		c.scheme = s
		c.codecs = serializer.NewCodecFactory(s)
		c.params = runtime.NewParameterCodec(s)
	})
}

// Scheme returns the package's scheme. Callers must not register more types.
func (c *Codecs) Scheme() *runtime.Scheme {
	c.init()
	return c.scheme
}

// ParameterCodec encodes option structs (ListOptions, ...) as query
// parameters.
func (c *Codecs) ParameterCodec() runtime.ParameterCodec {
	c.init()
	return c.params
}

// NegotiatedSerializer is what the package's rest clients encode and decode
// with: JSON, YAML, protobuf (and CBOR when enabled), without conversion.
func (c *Codecs) NegotiatedSerializer() runtime.NegotiatedSerializer {
	c.init()
	return rest.CodecFactoryForGeneratedClient(c.scheme, c.codecs).WithoutConversion()
}
