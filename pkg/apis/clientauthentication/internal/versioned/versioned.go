// Package versioned holds the plumbing shared by the internal, v1 and v1beta1
// forms of client.authentication.k8s.io: allocation for deep copies, optional
// (pointer) member conversion and conversion registration. The versions differ
// only in their Go types, so everything here is generic over them.
package versioned

import (
	"k8s.io/apimachinery/pkg/conversion"
	"k8s.io/apimachinery/pkg/runtime"
)

// Clone returns a new T filled from in by into, or nil when in is nil. It is
// the body of every DeepCopy method in the group.
func Clone[T any](in *T, into func(src, dst *T)) *T {
	if in == nil {
		return nil
	}
	dst := new(T)
	into(in, dst)
	return dst
}

// ConvertOptional converts an optional member. A nil in gives nil; otherwise
// the result is freshly allocated and filled by conv, and is returned even
// when conv fails.
func ConvertOptional[A, B any](in *A, conv func(*A, *B, conversion.Scope) error, s conversion.Scope) (*B, error) {
	if in == nil {
		return nil, nil
	}
	converted := new(B)
	return converted, conv(in, converted, s)
}

// Pair describes a type's conversion in both directions between a versioned
// form V and the internal form I.
type Pair func(*runtime.Scheme) error

// Both builds the Pair for toInternal and fromInternal.
func Both[V, I any](toInternal func(*V, *I, conversion.Scope) error, fromInternal func(*I, *V, conversion.Scope) error) Pair {
	return func(s *runtime.Scheme) error {
		if err := s.AddGeneratedConversionFunc((*V)(nil), (*I)(nil), typed(toInternal)); err != nil {
			return err
		}
		return s.AddGeneratedConversionFunc((*I)(nil), (*V)(nil), typed(fromInternal))
	}
}

// Register adds every pair to s, stopping at the first error.
func Register(s *runtime.Scheme, pairs ...Pair) error {
	for _, add := range pairs {
		if err := add(s); err != nil {
			return err
		}
	}
	return nil
}

// typed adapts a typed conversion to the scheme's untyped signature.
func typed[A, B any](fn func(*A, *B, conversion.Scope) error) conversion.ConversionFunc {
	return func(a, b any, s conversion.Scope) error { return fn(a.(*A), b.(*B), s) }
}
