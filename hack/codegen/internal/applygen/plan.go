package applygen

import (
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kclient/kclient/hack/codegen/internal/model"
)

// typeKey names a Go type by import path and name.
type typeKey struct{ pkg, name string }

// acType is one API struct that gets an apply configuration.
type acType struct {
	st *structType
	// out is the import path of the generated package and dir its
	// slash-separated directory relative to the module root.
	out, dir string
	// gv is the group-version of the API package; nil for meta/v1.
	gv *model.GroupVersion
	// kind is the +genclient description when the type is a client kind
	// with object metadata; it selects the (name[, namespace])
	// constructor.
	kind *model.Type
	// external marks a type whose apply configuration exists already in
	// out (meta/v1 with Options.MetaOut); it is referred to, not written.
	external bool
	// opaque marks an external type whose fields are not known (one from
	// Options.ExternalAPIs): it can be a field's type but not embedded.
	opaque bool
}

// planner loads API packages on demand and decides which types get apply
// configurations.
type planner struct {
	opts  Options
	pkgs  map[string]*apiPackage
	gvs   map[string]*model.GroupVersion
	meta  map[string]bool
	skip  map[string]bool
	types map[typeKey]*acType
	// declared caches, per external apply-configuration package, the
	// type names that have a <Type>ApplyConfiguration there.
	declared map[string]map[string]bool
}

// newPlanner prepares a planner for api.
func newPlanner(api *model.API, opts Options) *planner {
	p := &planner{opts: opts, pkgs: map[string]*apiPackage{}, gvs: map[string]*model.GroupVersion{},
		meta: map[string]bool{}, skip: map[string]bool{}, types: map[typeKey]*acType{},
		declared: map[string]map[string]bool{}}
	for _, gv := range api.GroupVersions {
		p.gvs[gv.ImportPath] = gv
	}
	for _, t := range opts.MetaTypes {
		p.meta[t] = true
	}
	for _, f := range opts.SkipFields {
		p.skip[f] = true
	}
	return p
}

// pkg returns the parsed package importPath, or nil when it is neither an
// API package nor meta/v1 (resource, intstr, runtime, types, ...): types
// of such packages are always plain values.
func (p *planner) pkg(importPath string) (*apiPackage, error) {
	if ap, ok := p.pkgs[importPath]; ok {
		return ap, nil
	}
	var dir string
	switch {
	case importPath == p.opts.MetaPath:
		dir = p.opts.MetaDir
	case strings.HasPrefix(importPath, p.opts.APIPrefix+"/"):
		dir = filepath.Join(p.opts.APIDir, filepath.FromSlash(strings.TrimPrefix(importPath, p.opts.APIPrefix+"/")))
	default:
		p.pkgs[importPath] = nil
		return nil, nil
	}
	ap, err := parsePackage(dir, importPath)
	if err != nil {
		return nil, err
	}
	p.pkgs[importPath] = ap
	return ap, nil
}

// eligible returns the struct k names when it may get an apply
// configuration.
func (p *planner) eligible(k typeKey) (*structType, error) {
	if k.pkg == "" {
		return nil, nil
	}
	ap, err := p.pkg(k.pkg)
	if err != nil || ap == nil {
		return nil, err
	}
	if k.pkg == p.opts.MetaPath && !p.meta[k.name] {
		return nil, nil
	}
	st := ap.structs[k.name]
	if st == nil {
		// A type defined over another struct ("type MatchCondition
		// v1.MatchCondition") has that struct's fields.
		under, ok := ap.named[k.name]
		if !ok || under.kind != kindNamed {
			return nil, nil
		}
		target, err := p.eligible(typeKey{under.pkg, under.name})
		if err != nil || target == nil {
			return nil, err
		}
		st = &structType{pkg: k.pkg, name: k.name, fields: append([]field(nil), target.fields...), bad: target.bad}
		ap.structs[k.name] = st
	}
	if len(st.fields) == 0 {
		// Empty structs (markers such as StorageVersionSpec) are sent as
		// plain values.
		return nil, nil
	}
	return st, nil
}

// outPath is the generated package for an API package.
func (p *planner) outPath(apiPkg string) string {
	rel := "meta/v1"
	if apiPkg != p.opts.MetaPath {
		rel = strings.TrimPrefix(apiPkg, p.opts.APIPrefix+"/")
	}
	return path.Join(p.opts.OutDir, rel)
}

// canon returns t with every alias replaced by the type it stands for, so
// that a field of an aliased type uses the apply configuration of the
// original declaration.
func (p *planner) canon(t *typeExpr) *typeExpr {
	switch t.kind {
	case kindNamed:
		ap, err := p.pkg(t.pkg)
		if err != nil || ap == nil {
			return t
		}
		if target, ok := ap.aliases[t.name]; ok {
			return p.canon(target)
		}
		return t
	case kindMap:
		return &typeExpr{kind: kindMap, key: p.canon(t.key), elem: p.canon(t.elem)}
	default:
		return &typeExpr{kind: t.kind, elem: p.canon(t.elem)}
	}
}

// add records k (known to be eligible) and returns whether it was new.
func (p *planner) add(k typeKey, st *structType) bool {
	if _, ok := p.types[k]; ok {
		return false
	}
	for i := range st.fields {
		st.fields[i].typ = p.canon(st.fields[i].typ)
	}
	if k.pkg == p.opts.MetaPath && p.opts.MetaOut != "" {
		p.types[k] = &acType{st: st, out: p.opts.MetaOut, external: true}
		return true
	}
	dir := p.outPath(k.pkg)
	p.types[k] = &acType{st: st, dir: dir, out: p.opts.Module + "/" + dir, gv: p.gvs[k.pkg]}
	return true
}

// plan finds every type that gets an apply configuration, starting from
// the roots of api and the meta/v1 list.
func (p *planner) plan(api *model.API) error {
	var queue []typeKey
	push := func(k typeKey, what string) error {
		st, err := p.eligible(k)
		if err != nil {
			return err
		}
		if st == nil {
			if _, ok := p.types[k]; ok {
				return nil
			}
			ext, err := p.externalAC(k)
			if err != nil {
				return err
			}
			if ext != nil {
				p.types[k] = ext
				return nil
			}
			if what != "" {
				return fmt.Errorf("%s: %s.%s is not a struct that can get an apply configuration", what, k.pkg, k.name)
			}
			return nil
		}
		if st.bad != nil {
			return fmt.Errorf("%s.%s: %w", k.pkg, k.name, st.bad)
		}
		if p.add(k, st) {
			queue = append(queue, k)
		}
		return nil
	}
	for _, name := range p.opts.MetaTypes {
		if err := push(typeKey{p.opts.MetaPath, name}, "meta type"); err != nil {
			return err
		}
	}
	for _, gv := range api.GroupVersions {
		for _, t := range gv.Types {
			// Kinds without standard verbs (Eviction, ImageReview) are
			// still sent whole, so they get apply configurations too.
			if len(t.Verbs) == 0 || t.Has(model.Apply) {
				k := typeKey{gv.ImportPath, t.Name}
				st, err := p.eligible(k)
				if err != nil {
					return err
				}
				if st != nil && p.hasObjectMeta(st) {
					if err := push(k, ""); err != nil {
						return err
					}
					p.types[k].kind = t
				}
			}
			for _, e := range t.Extensions {
				if e.Verb != "apply" || e.Input == nil {
					continue
				}
				in := *e.Input
				if in.ImportPath != "" && in.ImportPath != gv.ImportPath {
					if err := push(typeKey{in.ImportPath, in.Name}, gv.ImportPath+" "+t.Name+"."+e.Method); err != nil {
						return err
					}
					continue
				}
				// client-go gives a same-package input type (apps/v1beta2
				// Scale) an apply configuration but does not follow its
				// fields, which stay plain values; do the same.
				k := typeKey{gv.ImportPath, in.Name}
				st, err := p.eligible(k)
				if err != nil {
					return err
				}
				if st == nil {
					return fmt.Errorf("%s %s.%s: input %s is not a struct", gv.ImportPath, t.Name, e.Method, in.Name)
				}
				p.add(k, st)
			}
		}
	}
	for len(queue) > 0 {
		k := queue[0]
		queue = queue[1:]
		for _, f := range p.types[k].st.fields {
			if p.skipped(k, f) {
				continue
			}
			for _, ref := range f.typ.named() {
				if err := push(ref, ""); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// externalAC returns the existing apply configuration of k named by
// Options.ExternalAPIs, or nil when k is not in one of their packages or
// has no apply configuration there.
func (p *planner) externalAC(k typeKey) (*acType, error) {
	for _, e := range p.opts.ExternalAPIs {
		rel, ok := strings.CutPrefix(k.pkg, e.APIPrefix+"/")
		if !ok || k.pkg == p.opts.MetaPath {
			continue
		}
		out := e.Out + "/" + rel
		names, ok := p.declared[out]
		if !ok {
			var err error
			names, err = applyConfigurationsIn(filepath.Join(e.OutDir, filepath.FromSlash(rel)))
			if err != nil {
				return nil, fmt.Errorf("apply configurations of %s: %w", k.pkg, err)
			}
			p.declared[out] = names
		}
		if !names[k.name] {
			return nil, nil
		}
		return &acType{st: &structType{pkg: k.pkg, name: k.name}, out: out, external: true, opaque: true}, nil
	}
	return nil, nil
}

// skipped reports whether field f of type k is left out.
func (p *planner) skipped(k typeKey, f field) bool {
	return p.skip[k.pkg+"."+k.name+"."+f.goName]
}

// hasObjectMeta reports whether st has a meta/v1 ObjectMeta field.
func (p *planner) hasObjectMeta(st *structType) bool {
	for _, f := range st.fields {
		if p.isMeta(f.typ, "ObjectMeta") {
			return true
		}
	}
	return false
}

// isMeta reports whether t is meta/v1's type name.
func (p *planner) isMeta(t *typeExpr, name string) bool {
	return t.kind == kindNamed && t.pkg == p.opts.MetaPath && t.name == name
}

// named lists the named types t refers to, outermost first.
func (t *typeExpr) named() []typeKey {
	switch t.kind {
	case kindNamed:
		return []typeKey{{t.pkg, t.name}}
	case kindMap:
		return append(t.key.named(), t.elem.named()...)
	default:
		return t.elem.named()
	}
}

// sorted returns the planned types to write in output order: by
// directory, then by name.
func (p *planner) sorted() []*acType {
	out := make([]*acType, 0, len(p.types))
	for _, t := range p.types {
		if !t.external {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].dir != out[j].dir {
			return out[i].dir < out[j].dir
		}
		return out[i].st.name < out[j].st.name
	})
	return out
}
