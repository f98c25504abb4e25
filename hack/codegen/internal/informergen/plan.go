package informergen

import (
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/kclient/kclient/hack/codegen/internal/model"
)

// kind is everything the templates need to know about one resource.
type kind struct {
	Name       string // Go type name, "Pod"
	Lower      string // unexported form, "pod"
	Plural     string // method name, "Pods"
	Resource   string // REST resource, "pods"
	Namespaced bool
	Lister     bool // gets a lister: every +genclient kind does
	Informer   bool // gets an informer (list and watch, package not excluded)
}

// version is one group-version with its kinds, as the templates see it.
type version struct {
	GV           *model.GroupVersion
	Group        string // API group, "" for core
	Version      string // "v1"
	VersionGo    string // "V1", "V1beta1"
	PackageGroup string // directory of the group, "apps"
	GoGroup      string // factory method, "Apps"
	APIImport    string // types package
	APIAlias     string // "api" + alias, "apicorev1"
	ListerImport string
	ListerAlias  string // "listers" + alias, "listerscorev1"
	ClientMethod string // clientset accessor, "CoreV1"
	Kinds        []kind
}

func (v *version) has(pred func(kind) bool) bool {
	for _, k := range v.Kinds {
		if pred(k) {
			return true
		}
	}
	return false
}

// group is one API group's versions that have informers.
type group struct {
	PackageGroup string
	GoGroup      string
	Versions     []*version
}

// plan turns the model into template data, sorted for stable output.
func plan(api *model.API, o Options) []*version {
	var out []*version
	for _, gv := range api.GroupVersions {
		v := &version{
			GV:           gv,
			Group:        gv.Group,
			Version:      gv.Version,
			VersionGo:    upperFirst(gv.Version),
			PackageGroup: gv.PackageGroup,
			GoGroup:      gv.GoGroup,
			APIImport:    gv.ImportPath,
			APIAlias:     "api" + gv.Alias(),
			ListerImport: path.Join(o.Module, o.ListersDir, gv.Dir()),
			ListerAlias:  "listers" + gv.Alias(),
			ClientMethod: gv.GoName(),
		}
		skipInformers := slices.Contains(o.InformerExclude, gv.Dir())
		for _, t := range gv.Types {
			k := kind{
				Name:       t.Name,
				Lower:      model.LowerFirst(t.Name),
				Plural:     t.Plural,
				Resource:   t.Resource,
				Namespaced: t.Namespaced,
				Lister:     !slices.Contains(o.ListerExcludeGroups, gv.PackageGroup),
				Informer:   !skipInformers && t.Has(model.List) && t.Has(model.Watch),
			}
			if k.Lister || k.Informer {
				v.Kinds = append(v.Kinds, k)
			}
		}
		if len(v.Kinds) > 0 {
			out = append(out, v)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].GV.Dir() < out[j].GV.Dir() })
	return out
}

// groups collects the versions with informers by group, sorted by package.
func groups(versions []*version) []*group {
	byName := map[string]*group{}
	var out []*group
	for _, v := range versions {
		if !v.has(func(k kind) bool { return k.Informer }) {
			continue
		}
		g := byName[v.PackageGroup]
		if g == nil {
			g = &group{PackageGroup: v.PackageGroup, GoGroup: v.GoGroup}
			byName[v.PackageGroup] = g
			out = append(out, g)
		}
		g.Versions = append(g.Versions, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PackageGroup < out[j].PackageGroup })
	return out
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
