package applygen

import (
	"fmt"
	"slices"
	"strings"
)

// typeFile renders the file of one apply configuration.
func (p *planner) typeFile(a *acType) ([]byte, error) {
	c := &fileCtx{p: p, im: newImports(a.out)}
	members, err := c.members(a)
	if err != nil {
		return nil, err
	}
	name := a.st.name + "ApplyConfiguration"
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	w("// %s is the server-side apply form of %s\n// from %s. Every field is optional: only the fields that are\n// set are sent to the server.\n", name, a.st.name, a.st.pkg)
	if a.st.deprecated {
		w("//\n// Deprecated: %s.%s is deprecated; see its documentation.\n", a.st.pkg, a.st.name)
	}
	w("type %s struct {\n", name)
	for _, m := range members {
		switch {
		case m.embedded && m.ptr:
			w("// %s holds the %q object; nil leaves it out.\n", m.name, m.src.jsonName)
			w("%s `json:%q`\n", m.goType, m.tag)
		case m.embedded:
			w("// %s holds the fields inlined from %s.\n", m.name, m.inner.st.name)
			w("%s `json:%q`\n", m.goType, m.tag)
		default:
			w("// %s is the %q field; nil or empty leaves it out.\n", m.name, m.src.jsonName)
			if m.src.deprecated {
				w("//\n// Deprecated: the API deprecates %s.%s.%s; see its documentation.\n", a.st.pkg, a.st.name, m.name)
			}
			w("%s %s `json:%q`\n", m.name, m.goType, m.tag)
		}
	}
	w("}\n\n")

	typeMeta, objectMeta := "", ""
	if a.st.pkg == p.opts.MetaPath {
		// The metadata types answer their own getters.
		switch a.st.name {
		case "TypeMeta":
			typeMeta = "self"
		case "ObjectMeta":
			objectMeta = "self"
		}
	}
	for _, m := range members {
		if m.embedded && m.inner.st.pkg == p.opts.MetaPath {
			switch m.inner.st.name {
			case "TypeMeta":
				typeMeta = m.name
			case "ObjectMeta":
				objectMeta = m.name
			}
		}
	}
	embedsTypeMeta := typeMeta != "" && typeMeta != "self"
	apiVersion, err := p.apiVersion(a)
	if err != nil {
		return nil, err
	}
	ctor := a.st.name
	switch {
	case a.kind != nil && a.kind.Namespaced:
		w("// %s starts the apply configuration of the %s name in namespace,\n// with kind and apiVersion filled in.\n", ctor, a.st.name)
		w("func %s(name, namespace string) *%s {\n", ctor, name)
		w("b := &%s{}\nb.WithName(name)\nb.WithNamespace(namespace)\n", name)
	case a.kind != nil:
		w("// %s starts the apply configuration of the cluster-scoped %s name,\n// with kind and apiVersion filled in.\n", ctor, a.st.name)
		w("func %s(name string) *%s {\n", ctor, name)
		w("b := &%s{}\nb.WithName(name)\n", name)
	case embedsTypeMeta:
		w("// %s starts an apply configuration of %s with kind and apiVersion\n// filled in.\n", ctor, a.st.name)
		w("func %s() *%s {\nb := &%s{}\n", ctor, name, name)
	default:
		w("// %s returns an empty %s, ready for its With methods.\n", ctor, name)
		w("func %s() *%s {\nreturn &%s{}\n}\n\n", ctor, name, name)
	}
	if a.kind != nil || embedsTypeMeta {
		w("b.WithKind(%q)\nb.WithAPIVersion(%q)\nreturn b\n}\n\n", a.st.name, apiVersion)
	}
	if a.kind != nil && p.opts.ExtractPackage != "" {
		writeExtract(w, c, a, apiVersion)
	}
	if embedsTypeMeta {
		w("// IsApplyConfiguration marks %s as a complete apply configuration.\n", name)
		w("func (b %s) IsApplyConfiguration() {}\n\n", name)
	}

	declared := map[string]bool{}
	for _, m := range members {
		if !m.embedded {
			declared["With"+m.name] = true
		}
	}
	var ensures []member
	var promote func(m member, target, ensure string) error
	promote = func(m member, target, ensure string) error {
		inner, err := c.members(m.inner)
		if err != nil {
			return err
		}
		for _, im := range inner {
			if im.embedded {
				if im.ptr {
					return fmt.Errorf("%s.%s: %s embeds %s by pointer inside an embedded struct", a.st.pkg, a.st.name, m.inner.st.name, im.inner.st.name)
				}
				if err := promote(im, target+"."+im.name, ensure); err != nil {
					return err
				}
				continue
			}
			if declared["With"+im.name] {
				continue
			}
			declared["With"+im.name] = true
			writeWith(w, name, target+"."+im.name, ensure, im)
		}
		return nil
	}
	for _, m := range members {
		if !m.embedded {
			writeWith(w, name, "b."+m.name, "", m)
			continue
		}
		ensure := ""
		if m.ptr {
			ensure = "ensure" + m.name + "Exists"
			ensures = append(ensures, m)
		}
		if err := promote(m, "b."+m.name, ensure); err != nil {
			return nil, err
		}
	}
	for _, m := range ensures {
		w("// ensure%sExists allocates %s on first use.\n", m.name, m.name)
		w("func (b *%s) ensure%sExists() {\nif b.%s == nil {\nb.%s = &%s{}\n}\n}\n\n", name, m.name, m.name, m.name, m.innerType)
	}
	if typeMeta == "self" {
		for _, f := range []string{"Kind", "APIVersion"} {
			w("// Get%s returns the %s set on b, or nil.\n", f, f)
			w("func (b *%s) Get%s() *string {\nreturn b.%s\n}\n\n", name, f, f)
		}
	} else if typeMeta != "" {
		for _, f := range []string{"Kind", "APIVersion"} {
			w("// Get%s returns the %s set on b, or nil.\n", f, f)
			w("func (b *%s) Get%s() *string {\nreturn b.%s.%s\n}\n\n", name, f, typeMeta, f)
		}
	}
	if objectMeta == "self" {
		for _, f := range []string{"Name", "Namespace"} {
			w("// Get%s returns the %s set on b, or nil.\n", f, strings.ToLower(f))
			w("func (b *%s) Get%s() *string {\nreturn b.%s\n}\n\n", name, f, f)
		}
	} else if objectMeta != "" {
		for _, f := range []string{"Name", "Namespace"} {
			w("// Get%s returns the metadata %s set on b, or nil. It does not\n// allocate metadata.\n", f, strings.ToLower(f))
			w("func (b *%s) Get%s() *string {\nif b.%s == nil {\nreturn nil\n}\nreturn b.%s.%s\n}\n\n", name, f, objectMeta, objectMeta, f)
		}
	}
	return p.finish(a, c.im, b.String())
}

// writeWith renders the With method that stores into target (an
// expression rooted at the receiver b), calling ensure first when set.
func writeWith(w func(string, ...any), recv, target, ensure string, m member) {
	method := "With" + m.name
	pre := ""
	if ensure != "" {
		pre = "b." + ensure + "()\n"
	}
	switch m.set {
	case setAddress, setValue:
		w("// %s sets %s and returns b for chaining; a later call replaces the value.\n", method, m.name)
		w("func (b *%s) %s(value %s) *%s {\n%s", recv, method, m.param, recv, pre)
		if m.set == setAddress {
			w("%s = &value\n", target)
		} else {
			w("%s = value\n", target)
		}
	case appendAll:
		w("// %s appends values to %s and returns b for chaining.\n", method, m.name)
		w("func (b *%s) %s(values ...%s) *%s {\n%s", recv, method, m.param, recv, pre)
		w("%s = append(%s, values...)\n", target, target)
	case appendDeref:
		w("// %s appends copies of values to %s and returns b for chaining.\n// It panics if a value is nil.\n", method, m.name)
		w("func (b *%s) %s(values ...%s) *%s {\n%s", recv, method, m.param, recv, pre)
		w("for i := range values {\nif values[i] == nil {\npanic(%q)\n}\n%s = append(%s, *values[i])\n}\n", "nil value passed to "+method, target, target)
	case mergeMap:
		w("// %s copies entries into %s, replacing values of keys already\n// present, and returns b for chaining.\n", method, m.name)
		w("func (b *%s) %s(entries %s) *%s {\n%s", recv, method, m.param, recv, pre)
		w("if %s == nil && len(entries) > 0 {\n%s = make(%s, len(entries))\n}\n", target, target, m.param)
		w("for k, v := range entries {\n%s[k] = v\n}\n", target)
	}
	w("return b\n}\n\n")
}

// apiVersion is the apiVersion string of a's group-version.
func (p *planner) apiVersion(a *acType) (string, error) {
	if a.st.pkg == p.opts.MetaPath {
		return "meta.k8s.io/v1", nil
	}
	gv, err := p.groupVersion(a.st.pkg)
	if err != nil {
		return "", err
	}
	if gv.Group == "" {
		return gv.Version, nil
	}
	return gv.Group + "/" + gv.Version, nil
}

// finish prepends the header and imports to body and formats the file.
func (p *planner) finish(a *acType, im *imports, body string) ([]byte, error) {
	pkgName := a.out[strings.LastIndex(a.out, "/")+1:]
	return p.format(a.dir, pkgName, im, body)
}

// writeExtract renders Extract<Kind>From, Extract<Kind> and one
// Extract<Kind><Subresource> per subresource of a client kind.
func writeExtract(w func(string, ...any), c *fileCtx, a *acType, apiVersion string) {
	kind, name := a.st.name, a.st.name+"ApplyConfiguration"
	obj := c.im.qualify(a.st.pkg, kind, false)
	into := c.im.qualify(c.p.opts.ExtractPackage, "Into", false)
	arg := a.kind.LowerName()
	w("// Extract%sFrom returns the fields of %s that fieldManager owns through\n", kind, arg)
	w("// server-side apply on subresource (\"\" for the main resource), with name,\n")
	w("// namespace, kind and apiVersion filled in, ready to be changed and applied\n")
	w("// again. %s must be unmodified since it was read from the server.\n", arg)
	w("func Extract%sFrom(%s *%s, fieldManager string, subresource string) (*%s, error) {\n", kind, arg, obj, name)
	w("b := &%s{}\nif err := %s(%s, fieldManager, subresource, b); err != nil {\nreturn nil, err\n}\n", name, into, arg)
	w("b.WithName(%s.Name)\n", arg)
	if a.kind.Namespaced {
		w("b.WithNamespace(%s.Namespace)\n", arg)
	}
	w("b.WithKind(%q)\nb.WithAPIVersion(%q)\nreturn b, nil\n}\n\n", kind, apiVersion)
	w("// Extract%s is Extract%sFrom for the main resource.\n", kind, kind)
	w("func Extract%s(%s *%s, fieldManager string) (*%s, error) {\nreturn Extract%sFrom(%s, fieldManager, \"\")\n}\n\n", kind, arg, obj, name, kind, arg)
	var subs []string
	if a.kind.HasStatus {
		subs = append(subs, "status")
	}
	for _, e := range a.kind.Extensions {
		if e.Subresource != "" && !slices.Contains(subs, e.Subresource) {
			subs = append(subs, e.Subresource)
		}
	}
	for _, sub := range subs {
		fn := "Extract" + kind + strings.ToUpper(sub[:1]) + sub[1:]
		w("// %s is Extract%sFrom for the %q subresource.\n", fn, kind, sub)
		w("func %s(%s *%s, fieldManager string) (*%s, error) {\nreturn Extract%sFrom(%s, fieldManager, %q)\n}\n\n", fn, arg, obj, name, kind, arg, sub)
	}
}
