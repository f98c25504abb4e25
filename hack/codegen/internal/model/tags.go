package model

import (
	"fmt"
	"slices"
	"strings"
)

// tag is one "+name=value" (or "+name") comment line.
type tag struct {
	name, value string
}

// parseTags extracts the +tags of comment lines (with or without the
// leading "//").
func parseTags(lines []string) []tag {
	var out []tag
	for _, l := range lines {
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "//"))
		if !strings.HasPrefix(l, "+") {
			continue
		}
		name, value, _ := strings.Cut(l[1:], "=")
		out = append(out, tag{name: strings.TrimSpace(name), value: strings.TrimSpace(value)})
	}
	return out
}

// clientTags is what the +genclient family says about one type.
type clientTags struct {
	genclient     bool
	nonNamespaced bool
	noVerbs       bool
	readonly      bool
	noStatus      bool
	onlyVerbs     []Verb
	skipVerbs     []Verb
	resourceName  string
	methods       []Extension
}

// readClientTags interprets the tags of type typeName; typePkg is the import
// path of its package, for default extension types.
func readClientTags(tags []tag) (clientTags, error) {
	var ct clientTags
	for _, t := range tags {
		var err error
		switch t.name {
		case "genclient":
			ct.genclient = t.value == "" || t.value == "true"
		case "genclient:nonNamespaced":
			ct.nonNamespaced = true
		case "genclient:noVerbs":
			ct.noVerbs = true
		case "genclient:readonly":
			ct.readonly = true
		case "genclient:noStatus":
			ct.noStatus = true
		case "genclient:onlyVerbs":
			ct.onlyVerbs, err = parseVerbs(t.value)
		case "genclient:skipVerbs":
			ct.skipVerbs, err = parseVerbs(t.value)
		case "genclient:method":
			var e Extension
			e, err = parseExtension(t.value)
			ct.methods = append(ct.methods, e)
		case "resourceName":
			ct.resourceName = t.value
		}
		if err != nil {
			return ct, fmt.Errorf("+%s=%s: %w", t.name, t.value, err)
		}
	}
	if ct.onlyVerbs != nil && ct.skipVerbs != nil {
		return ct, fmt.Errorf("+genclient:onlyVerbs and +genclient:skipVerbs are mutually exclusive")
	}
	return ct, nil
}

// verbs resolves the verb tags into the canonical ordered verb list.
// hasStatus says whether the type has a Status field.
func (ct clientTags) verbs(hasStatus bool) []Verb {
	var out []Verb
	for _, v := range AllVerbs {
		switch {
		case ct.noVerbs:
			continue
		case ct.readonly && v != Get && v != List && v != Watch:
			continue
		case ct.onlyVerbs != nil && !slices.Contains(ct.onlyVerbs, v):
			continue
		case slices.Contains(ct.skipVerbs, v):
			continue
		case (v == UpdateStatus || v == ApplyStatus) && (!hasStatus || ct.noStatus):
			continue
		}
		out = append(out, v)
	}
	return out
}

func parseVerbs(s string) ([]Verb, error) {
	out := []Verb{}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !slices.Contains(AllVerbs, Verb(f)) {
			return nil, fmt.Errorf("unknown verb %q (want one of %v)", f, AllVerbs)
		}
		out = append(out, Verb(f))
	}
	return out, nil
}

// extensionVerbs are the verbs a +genclient:method may use.
var extensionVerbs = []string{"get", "list", "create", "update", "patch", "apply", "delete", "watch"}

// parseExtension parses "Name,verb=v,subresource=s,input=T,result=T".
func parseExtension(s string) (Extension, error) {
	parts := strings.Split(s, ",")
	e := Extension{Method: strings.TrimSpace(parts[0])}
	if e.Method == "" || strings.Contains(e.Method, "=") {
		return e, fmt.Errorf("the method name must come first")
	}
	for _, p := range parts[1:] {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok {
			return e, fmt.Errorf("%q is not key=value", p)
		}
		switch k {
		case "verb":
			e.Verb = v
		case "subresource":
			e.Subresource = v
		case "input":
			ref := parseTypeRef(v)
			e.Input = &ref
		case "result":
			e.Result = parseTypeRef(v)
		default:
			return e, fmt.Errorf("unknown key %q", k)
		}
	}
	if !slices.Contains(extensionVerbs, e.Verb) {
		return e, fmt.Errorf("method %s: verb %q is not one of %v", e.Method, e.Verb, extensionVerbs)
	}
	return e, nil
}

// parseTypeRef splits "k8s.io/api/autoscaling/v1.Scale" into package and
// name; a bare "Scale" is in the current package.
func parseTypeRef(s string) TypeRef {
	i := strings.LastIndex(s, ".")
	if i < 0 || !strings.Contains(s[:i], "/") {
		return TypeRef{Name: s}
	}
	return TypeRef{ImportPath: s[:i], Name: s[i+1:]}
}
