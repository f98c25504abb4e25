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
	if src.Kind() == reflect.Struct {
		t := src.Type()
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() || (f.Anonymous && f.Type.Kind() == reflect.Struct) {
				overlayValue(dst.Field(i), src.Field(i))
			}
		}
		return
	}
	if !dst.CanSet() {
		return // unexported or otherwise read-only: leave it alone
	}
	switch src.Kind() {
	case reflect.Map:
		if src.Len() == 0 {
			return
		}
		if dst.IsNil() {
			dst.Set(reflect.MakeMapWithSize(src.Type(), src.Len()))
		}
		for _, key := range src.MapKeys() {
			dst.SetMapIndex(key, src.MapIndex(key))
		}
	case reflect.Pointer:
		switch {
		case src.IsNil():
		case src.Elem().Kind() == reflect.Struct:
			dst.Set(src) // shared, see overlay
		default:
			fresh := reflect.New(src.Type().Elem())
			fresh.Elem().Set(src.Elem())
			dst.Set(fresh)
		}
	case reflect.Slice:
		if src.Len() > 0 {
			dst.Set(src)
		}
	default:
		if !src.IsZero() {
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
