package applygen

import (
	"fmt"
)

// setter says how a With method stores its argument.
type setter int

// The ways a With method stores its argument.
const (
	setAddress  setter = iota // field = &value
	setValue                  // field = value (a pointer to an apply configuration)
	appendAll                 // field = append(field, values...)
	appendDeref               // field = append(field, *values[i]) for each non-nil value
	mergeMap                  // field[k] = v for each entry
)

// member is one field of a generated apply-configuration struct.
type member struct {
	src field
	// name is the Go field name: the API field's name, or the embedded
	// apply configuration's type name.
	name string
	// goType is the rendered field type.
	goType string
	// tag is the json tag value.
	tag string
	// embedded is true for an embedded apply configuration, and ptr when
	// it is embedded by pointer (object metadata).
	embedded, ptr bool
	// inner is the apply configuration of an embedded field, whose fields
	// are promoted to the outer type's With methods.
	inner *acType
	// innerType is the rendered type of an embedded field, without "*".
	innerType string
	set       setter
	// param is the With parameter's type (the element type for variadic
	// setters).
	param string
}

// fileCtx renders types for one generated file.
type fileCtx struct {
	p  *planner
	im *imports
}

// apiType renders t as the API declares it.
func (c *fileCtx) apiType(t *typeExpr) string {
	switch t.kind {
	case kindPointer:
		return "*" + c.apiType(t.elem)
	case kindSlice:
		return "[]" + c.apiType(t.elem)
	case kindMap:
		return "map[" + c.apiType(t.key) + "]" + c.apiType(t.elem)
	}
	return c.im.qualify(t.pkg, t.name, false)
}

// ac returns the apply configuration of t when t names a struct that has
// one.
func (c *fileCtx) ac(t *typeExpr) *acType {
	if t.kind != kindNamed {
		return nil
	}
	return c.p.types[typeKey{t.pkg, t.name}]
}

// acName renders the apply-configuration type of a.
func (c *fileCtx) acName(a *acType) string {
	return c.im.qualify(a.out, a.st.name+"ApplyConfiguration", true)
}

// members computes the fields of a's apply configuration.
func (c *fileCtx) members(a *acType) ([]member, error) {
	var out []member
	for _, f := range a.st.fields {
		if c.p.skipped(typeKey{a.st.pkg, a.st.name}, f) {
			continue
		}
		m, err := c.member(f)
		if err != nil {
			return nil, fmt.Errorf("%s.%s field %s: %w", a.st.pkg, a.st.name, f.goName, err)
		}
		out = append(out, m)
	}
	return out, nil
}

// member maps one API field to its apply-configuration field.
func (c *fileCtx) member(f field) (member, error) {
	m := member{src: f, name: f.goName, tag: f.jsonName + ",omitempty"}
	if f.inline {
		m.tag = ",inline"
	}
	t := f.typ
	if f.embedded {
		inner := c.ac(t)
		if inner == nil {
			return m, fmt.Errorf("embedded type %s.%s has no apply configuration", t.pkg, t.name)
		}
		if inner.opaque {
			return m, fmt.Errorf("embedded type %s.%s: its apply configuration is in %s, whose fields cannot be promoted; use a named field", t.pkg, t.name, inner.out)
		}
		m.embedded, m.inner = true, inner
		m.innerType = c.acName(inner)
		m.name = inner.st.name + "ApplyConfiguration"
		m.goType = m.innerType
		// Inlined structs (TypeMeta, shared container fields) are embedded
		// by value; named ones (metadata) by pointer so that an unset
		// object is left out.
		if !f.inline {
			m.ptr = true
			m.goType = "*" + m.innerType
		}
		return m, nil
	}
	switch t.kind {
	case kindNamed, kindPointer:
		el := t
		if t.kind == kindPointer {
			el = t.elem
		}
		if a := c.ac(el); a != nil {
			m.goType = "*" + c.acName(a)
			m.param, m.set = m.goType, setValue
			return m, nil
		}
		m.param, m.set = c.apiType(el), setAddress
		m.goType = "*" + m.param
	case kindSlice:
		el := t.elem
		if el.kind == kindPointer && c.ac(el.elem) != nil {
			return m, fmt.Errorf("slices of pointers to structs are not supported")
		}
		if a := c.ac(el); a != nil {
			m.goType = "[]" + c.acName(a)
			m.param, m.set = "*"+c.acName(a), appendDeref
			return m, nil
		}
		m.param, m.set = c.apiType(el), appendAll
		m.goType = "[]" + m.param
	case kindMap:
		var v string
		if a := c.ac(t.elem); a != nil {
			v = c.acName(a)
		} else {
			v = c.apiType(t.elem)
		}
		m.goType = "map[" + c.apiType(t.key) + "]" + v
		m.param, m.set = m.goType, mergeMap
	}
	return m, nil
}
