package clientcmd

import (
	"reflect"

	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

// overlay copies every set field of src onto dst, recursing into structs:
// non-empty maps are merged key by key (src wins), non-empty slices, non-nil
// pointers and interfaces, and non-zero scalars replace dst's value. Zero
// values in src never clear anything in dst. Pointers to structs are shared,
// not copied. A nil src is a no-op.
func overlay[T any](dst, src *T) {
	if src == nil {
		return
	}
	overlayValue(reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem())
}

func overlayValue(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Struct:
		t := src.Type()
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() || (f.Anonymous && f.Type.Kind() == reflect.Struct) {
				overlayValue(dst.Field(i), src.Field(i))
			}
		}
	case reflect.Map:
		if !dst.CanSet() || src.Len() == 0 {
			return
		}
		if dst.IsNil() {
			dst.Set(reflect.MakeMapWithSize(src.Type(), src.Len()))
		}
		iter := src.MapRange()
		for iter.Next() {
			dst.SetMapIndex(iter.Key(), iter.Value())
		}
	case reflect.Slice:
		if dst.CanSet() && src.Len() > 0 {
			dst.Set(src)
		}
	case reflect.Pointer:
		if !dst.CanSet() || src.IsNil() {
			return
		}
		if src.Elem().Kind() == reflect.Struct {
			dst.Set(src)
			return
		}
		p := reflect.New(src.Type().Elem())
		p.Elem().Set(src.Elem())
		dst.Set(p)
	default:
		if dst.CanSet() && !src.IsZero() {
			dst.Set(src)
		}
	}
}

// mergeFirstWins folds the kubeconfigs in order into one: every cluster,
// user, context and extension is taken whole from the first config that
// defines its name (later definitions, even of other fields, are ignored),
// and every scalar from the first config that sets it. The result shares
// entries with the inputs.
func mergeFirstWins(configs []*clientcmdapi.Config) *clientcmdapi.Config {
	out := clientcmdapi.NewConfig()
	for _, c := range configs {
		addMissing(&out.Clusters, c.Clusters)
		addMissing(&out.AuthInfos, c.AuthInfos)
		addMissing(&out.Contexts, c.Contexts)
		addMissing(&out.Extensions, c.Extensions)
		addMissing(&out.Preferences.Extensions, c.Preferences.Extensions)
		out.Preferences.Colors = out.Preferences.Colors || c.Preferences.Colors
		setIfEmpty(&out.CurrentContext, c.CurrentContext)
		setIfEmpty(&out.Kind, c.Kind)
		setIfEmpty(&out.APIVersion, c.APIVersion)
	}
	return out
}

// addMissing adds the entries of src whose keys dst lacks.
func addMissing[V any](dst *map[string]V, src map[string]V) {
	for k, v := range src {
		if *dst == nil {
			*dst = make(map[string]V, len(src))
		}
		if _, ok := (*dst)[k]; !ok {
			(*dst)[k] = v
		}
	}
}

func setIfEmpty(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}
