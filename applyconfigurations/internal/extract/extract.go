// Package extract recovers the part of an API object that one field
// manager owns through server-side apply, as an apply configuration. It is
// what the generated Extract<Kind> functions call.
//
// client-go does this with the structured-merge-diff library and a copy of
// the whole OpenAPI schema, which every program importing any apply
// configuration package then links (several megabytes). Managed fields
// already name every owned path in JSON terms, so this package walks the
// object's JSON form along those paths instead and needs no schema.
package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Object is what Into needs from an API object: its managed fields. Every
// typed object (*corev1.Pod, ...) satisfies it through its ObjectMeta.
type Object interface {
	GetManagedFields() []metav1.ManagedFieldsEntry
}

// Into decodes into applyConfiguration (a pointer to an apply
// configuration) the fields of object that fieldManager set with an Apply
// operation on subresource ("" for the main resource). When fieldManager
// has no such entry, applyConfiguration is left as it is. object must be
// unmodified since it was read from the server, or its managed fields no
// longer describe it. Only the leaves of the field set are copied: a list
// element's key fields appear only if the manager owns them, as in
// client-go.
func Into(object Object, fieldManager, subresource string, applyConfiguration any) error {
	if rv := reflect.ValueOf(object); object == nil || (rv.Kind() == reflect.Pointer && rv.IsNil()) {
		return fmt.Errorf("extracting fields of %q: object is nil", fieldManager)
	}
	var entry *metav1.ManagedFieldsEntry
	for i, mf := range object.GetManagedFields() {
		if mf.Manager == fieldManager && mf.Operation == metav1.ManagedFieldsOperationApply && mf.Subresource == subresource {
			entry = &object.GetManagedFields()[i]
		}
	}
	if entry == nil {
		return nil
	}
	var set map[string]any
	if entry.FieldsV1 != nil && len(entry.FieldsV1.Raw) > 0 {
		if err := decode(entry.FieldsV1.Raw, &set); err != nil {
			return fmt.Errorf("decoding managed fields of %q: %w", fieldManager, err)
		}
	}
	raw, err := json.Marshal(object)
	if err != nil {
		return fmt.Errorf("encoding %T to extract fields of %q: %w", object, fieldManager, err)
	}
	var whole any
	if err := decode(raw, &whole); err != nil {
		return fmt.Errorf("decoding %T to extract fields of %q: %w", object, fieldManager, err)
	}
	owned, err := project(whole, set)
	if err != nil {
		return fmt.Errorf("extracting fields of %q from %T: %w", fieldManager, object, err)
	}
	if owned == nil {
		owned = map[string]any{}
	}
	out, err := json.Marshal(owned)
	if err != nil {
		return fmt.Errorf("encoding fields of %q: %w", fieldManager, err)
	}
	if err := json.Unmarshal(out, applyConfiguration); err != nil {
		return fmt.Errorf("decoding fields of %q into %T: %w", fieldManager, applyConfiguration, err)
	}
	return nil
}

// decode unmarshals JSON keeping numbers exact, so that list keys such as
// containerPort compare equal to the object's values.
func decode(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	return d.Decode(v)
}

// isLeaf reports whether a field-set node owns its value whole: it has no
// children besides the "." marker that says the node itself is owned.
func isLeaf(set map[string]any) bool {
	for k := range set {
		if k != "." {
			return false
		}
	}
	return true
}

// project keeps the parts of value that set names. It returns nil when
// nothing of value is owned.
func project(value any, set map[string]any) (any, error) {
	switch v := value.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, child := range set {
			if k == "." {
				continue
			}
			name, ok := strings.CutPrefix(k, "f:")
			if !ok {
				return nil, fmt.Errorf("field-set element %q does not address an object field", k)
			}
			sub, err := node(k, child)
			if err != nil {
				return nil, err
			}
			x, present := v[name]
			if !present {
				continue
			}
			if isLeaf(sub) {
				out[name] = x
				continue
			}
			p, err := project(x, sub)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			if p != nil {
				out[name] = p
			}
		}
		if len(out) == 0 {
			return nil, nil
		}
		return out, nil
	case []any:
		var out []any
		for i, item := range v {
			for k, child := range set {
				if k == "." {
					continue
				}
				ok, err := matches(k, i, item)
				if err != nil {
					return nil, err
				}
				if !ok {
					continue
				}
				sub, err := node(k, child)
				if err != nil {
					return nil, err
				}
				if isLeaf(sub) {
					out = append(out, item)
					break
				}
				p, err := project(item, sub)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", k, err)
				}
				if p != nil {
					out = append(out, p)
				}
				break
			}
		}
		if len(out) == 0 {
			return nil, nil
		}
		return out, nil
	}
	// A scalar reached through a non-leaf path element: nothing below it
	// can be owned.
	return nil, nil
}

// node returns the field-set node under element k.
func node(k string, child any) (map[string]any, error) {
	sub, ok := child.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("field-set element %q is %T, not an object", k, child)
	}
	return sub, nil
}

// matches reports whether list item number i is the one path element k
// names: by key fields (k:), by value (v:) or by index (i:).
func matches(k string, i int, item any) (bool, error) {
	switch {
	case strings.HasPrefix(k, "k:"):
		var keys map[string]any
		if err := decode([]byte(k[2:]), &keys); err != nil {
			return false, fmt.Errorf("bad key element %q: %w", k, err)
		}
		m, ok := item.(map[string]any)
		if !ok {
			return false, nil
		}
		for name, want := range keys {
			if !reflect.DeepEqual(m[name], want) {
				return false, nil
			}
		}
		return true, nil
	case strings.HasPrefix(k, "v:"):
		var want any
		if err := decode([]byte(k[2:]), &want); err != nil {
			return false, fmt.Errorf("bad value element %q: %w", k, err)
		}
		return reflect.DeepEqual(item, want), nil
	case strings.HasPrefix(k, "i:"):
		n, err := strconv.Atoi(k[2:])
		if err != nil {
			return false, fmt.Errorf("bad index element %q: %w", k, err)
		}
		return n == i, nil
	}
	return false, fmt.Errorf("field-set element %q does not address a list item", k)
}
