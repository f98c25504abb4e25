package model

import (
	"path"
	"strings"
	"unicode"
)

// API is everything Load found, ordered by output directory.
type API struct {
	GroupVersions []*GroupVersion
}

// GroupVersion is one API type package (for example k8s.io/api/apps/v1).
type GroupVersion struct {
	// Group is the API group from +groupName; "" for the core group.
	Group string
	// Version is the API version, the package directory's base name ("v1").
	Version string
	// PackageGroup is the group's directory name ("apps", "apiserverinternal").
	PackageGroup string
	// ImportPath is the Go import path of the types package.
	ImportPath string
	// GoGroup is the exported Go name of the group ("Apps", "Internal",
	// "Core"): +groupGoName, or the first label of Group capitalised.
	GoGroup string
	// Types are the types tagged +genclient, sorted by name.
	Types []*Type
	// AllTypeNames is every exported type declared in the package, for
	// generators that need to know, e.g., whether a List type exists.
	AllTypeNames map[string]bool
}

// GoName is the Go name of the group-version ("AppsV1", "CoreV1").
func (gv *GroupVersion) GoName() string { return gv.GoGroup + upperFirst(gv.Version) }

// Alias is the conventional import alias of the types package ("appsv1",
// "apiserverinternalv1alpha1"), as client-go names it.
func (gv *GroupVersion) Alias() string { return PackageAlias(gv.ImportPath) }

// Dir is the output directory relative to a generator's root ("apps/v1").
func (gv *GroupVersion) Dir() string { return gv.PackageGroup + "/" + gv.Version }

// APIPath is "/api" for the core group and "/apis" otherwise.
func (gv *GroupVersion) APIPath() string {
	if gv.Group == "" {
		return "/api"
	}
	return "/apis"
}

// Type is one kind that gets a client.
type Type struct {
	// Name is the Go type name, which is also the kind ("ConfigMap").
	Name string
	// Plural is the exported Go plural used in method names ("ConfigMaps",
	// "Endpoints").
	Plural string
	// Resource is the lower-case REST resource ("configmaps").
	Resource string
	// Namespaced is false for +genclient:nonNamespaced types.
	Namespaced bool
	// HasStatus is true when the struct has a Status field and the type is
	// not tagged +genclient:noStatus.
	HasStatus bool
	// Verbs are the standard verbs, in canonical order.
	Verbs []Verb
	// Extensions are the +genclient:method extra methods, in tag order.
	Extensions []Extension
}

// Has reports whether t supports verb v.
func (t *Type) Has(v Verb) bool {
	for _, x := range t.Verbs {
		if x == v {
			return true
		}
	}
	return false
}

// LowerName is Name with a lower-case first letter, used for parameters.
func (t *Type) LowerName() string { return LowerFirst(t.Name) }

// Verb is a standard client verb.
type Verb string

// The standard verbs, in the order generated interfaces list them.
const (
	Create           Verb = "create"
	Update           Verb = "update"
	UpdateStatus     Verb = "updateStatus"
	Delete           Verb = "delete"
	DeleteCollection Verb = "deleteCollection"
	Get              Verb = "get"
	List             Verb = "list"
	Watch            Verb = "watch"
	Patch            Verb = "patch"
	Apply            Verb = "apply"
	ApplyStatus      Verb = "applyStatus"
)

// AllVerbs lists every standard verb in canonical order.
var AllVerbs = []Verb{Create, Update, UpdateStatus, Delete, DeleteCollection, Get, List, Watch, Patch, Apply, ApplyStatus}

// Extension is an extra method declared with +genclient:method.
type Extension struct {
	// Method is the Go method name ("GetScale").
	Method string
	// Verb is the HTTP-level verb: get, list, create, update, patch, apply,
	// delete or watch.
	Verb string
	// Subresource is the subresource path segment ("scale"); may be empty.
	Subresource string
	// Input is the request body type (nil for get, list, delete, watch).
	Input *TypeRef
	// Result is the response type.
	Result TypeRef
}

// TypeRef names a Go type, optionally in another package.
type TypeRef struct {
	// ImportPath is the package of the type; "" means the package being
	// described.
	ImportPath string
	// Name is the type name.
	Name string
}

// PackageAlias returns client-go's conventional alias for an API package:
// the last two path elements joined ("k8s.io/api/core/v1" → "corev1").
func PackageAlias(importPath string) string {
	dir, version := path.Split(importPath)
	return path.Base(strings.TrimSuffix(dir, "/")) + version
}

// LowerFirst lower-cases the first letter of s.
func LowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}
