package applyconfigurations

import (
	"errors"
	"fmt"
	"sync"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/managedfields"
	"sigs.k8s.io/structured-merge-diff/v6/typed"

	"github.com/kclient/kclient/applyconfigurations/internal/schema"
)

// NewTypeConverter returns a managedfields.TypeConverter for the built-in
// API types registered in scheme, built on their structured-merge-diff
// schema (the one the apiserver applies with): lists with keys, such as a
// pod's containers, merge element by element; sets merge; atomic fields are
// replaced whole. It is what fake.NewClientset's tracker uses, so that Apply
// in unit tests merges as a real server does.
//
// scheme maps an object's kind to its Go type and so to its OpenAPI model
// name; kinds whose type is not a built-in API type (custom resources) have
// no schema here, and converting them fails with an error.
//
// The embedded schema (about 28 kB compressed) is decoded on the first
// conversion of any converter, once per process. The converter is safe for
// concurrent use.
func NewTypeConverter(scheme *runtime.Scheme) managedfields.TypeConverter {
	return &typeConverter{scheme: scheme}
}

// typeConverter defers decoding the schema to its first use.
type typeConverter struct {
	scheme *runtime.Scheme

	once   sync.Once
	inner  managedfields.TypeConverter
	parser *typed.Parser
	err    error
}

var errNilScheme = errors.New("applyconfigurations: NewTypeConverter was given a nil scheme")

// load returns the converter over the decoded schema.
func (c *typeConverter) load() (managedfields.TypeConverter, *typed.Parser, error) {
	c.once.Do(func() {
		if c.scheme == nil {
			c.err = errNilScheme
			return
		}
		c.parser, c.err = schema.Parser()
		if c.err != nil {
			c.err = fmt.Errorf("applyconfigurations: %w", c.err)
			return
		}
		c.inner = managedfields.NewSchemeTypeConverter(c.scheme, c.parser)
	})
	return c.inner, c.parser, c.err
}

// ObjectToTyped converts obj, typed or unstructured, to a value of its
// kind's schema type; the kind comes from obj's apiVersion and kind.
func (c *typeConverter) ObjectToTyped(obj runtime.Object, opts ...typed.ValidationOptions) (*typed.TypedValue, error) {
	inner, parser, err := c.load()
	if err != nil {
		return nil, err
	}
	if obj == nil {
		return nil, errors.New("applyconfigurations: cannot convert a nil object")
	}
	gvk := obj.GetObjectKind().GroupVersionKind()
	name, err := c.scheme.ToOpenAPIDefinitionName(gvk)
	if err != nil {
		return nil, fmt.Errorf("applyconfigurations: no schema type for %v: %w", gvk, err)
	}
	if _, ok := parser.Schema.FindNamedType(name); !ok {
		return nil, fmt.Errorf("applyconfigurations: no schema for %v (%s): only built-in API types have one", gvk, name)
	}
	return inner.ObjectToTyped(obj, opts...)
}

// TypedToObject converts value back to an object, as unstructured.
func (c *typeConverter) TypedToObject(value *typed.TypedValue) (runtime.Object, error) {
	inner, _, err := c.load()
	if err != nil {
		return nil, err
	}
	if value == nil {
		return nil, errors.New("applyconfigurations: cannot convert a nil typed value")
	}
	return inner.TypedToObject(value)
}
