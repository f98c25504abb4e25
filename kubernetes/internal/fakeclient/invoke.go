package fakeclient

import (
	"encoding/json"
	"fmt"
	"reflect"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kclient/kclient/testing"
)

// Invoker is the part of *testing.Fake the helpers call. The fake group
// clients embed a *testing.Fake, so they are Invokers too.
type Invoker interface {
	Invokes(action testing.Action, defaultReturnObj runtime.Object) (runtime.Object, error)
}

// Invoke passes action to f's reactors and returns their object as R. When
// no reactor answers, or one answers with a nil object, it returns empty
// (never nil) with the reactors' error. An answer of another type than R is
// an error.
func Invoke[R runtime.Object](f Invoker, action testing.Action, empty R) (R, error) {
	obj, err := f.Invokes(action, empty)
	if isNil(obj) {
		return empty, err
	}
	out, ok := obj.(R)
	if !ok {
		return empty, fmt.Errorf("fake %s client: a reactor for %q returned %T, want %T", action.GetResource().Resource, action.GetVerb(), obj, empty)
	}
	return out, err
}

// Apply records a server-side apply of configuration (encoded as JSON) to
// subresource of the object name, and returns the reactors' object as R.
// configuration must not be nil.
func Apply[R runtime.Object](f Invoker, resource schema.GroupVersionResource, namespace, name, subresource string, configuration any, opts metav1.ApplyOptions, empty R) (R, error) {
	if isNil(configuration) {
		return empty, fmt.Errorf("apply %s: the apply configuration must not be nil", subresource)
	}
	data, err := json.Marshal(configuration)
	if err != nil {
		return empty, fmt.Errorf("apply %s: encoding %T: %w", subresource, configuration, err)
	}
	action := testing.NewPatchSubresourceActionWithOptions(resource, namespace, name, types.ApplyPatchType, data, opts.ToPatchOptions(), subresource)
	return Invoke(f, action, empty)
}

// isNil reports whether v is nil or a typed nil pointer.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}
