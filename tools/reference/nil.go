package reference

import (
	"reflect"

	"k8s.io/apimachinery/pkg/runtime"
)

// isNil reports whether obj is a nil interface or an interface holding a nil
// pointer (e.g. (*v1.Pod)(nil)), both of which cannot be referenced.
func isNil(obj runtime.Object) bool {
	if obj == nil {
		return true
	}
	v := reflect.ValueOf(obj)
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		return v.IsNil()
	}
	return false
}
