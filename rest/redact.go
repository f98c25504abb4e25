package rest

import (
	"fmt"
	"reflect"
	"strings"
)

// Placeholders printed instead of secret material.
const (
	redacted  = "--- REDACTED ---"
	truncated = "--- TRUNCATED ---"
)

// String prints c for logs and error messages without giving secrets away:
// passwords, tokens and private keys are replaced by "--- REDACTED ---", the client certificate by
// "--- TRUNCATED ---", and transports, callbacks and plugin objects are shown
// by type only.
func (c *Config) String() string {
	if c == nil {
		return "<nil>"
	}
	var b strings.Builder
	b.WriteString("&rest.Config{")
	writeSanitizedFields(&b, reflect.ValueOf(c).Elem())
	b.WriteString("}")
	return b.String()
}

// GoString makes %#v print the same redacted form as String.
func (c *Config) GoString() string { return c.String() }

// String prints c with KeyData redacted and CertData truncated, so that TLS
// settings can be logged safely.
func (c TLSClientConfig) String() string {
	var b strings.Builder
	b.WriteString("rest.TLSClientConfig{")
	writeSanitizedFields(&b, reflect.ValueOf(c))
	b.WriteString("}")
	return b.String()
}

// GoString makes %#v print the same redacted form as String.
func (c TLSClientConfig) GoString() string { return c.String() }

// writeSanitizedFields prints the fields of struct v as Name:value pairs.
// Fields tagged with a datapolicy are redacted when set; CertData is
// truncated; opaque values (interfaces, funcs, pointers to foreign types) are
// printed by type only so that nothing they hold can leak.
func writeSanitizedFields(b *strings.Builder, v reflect.Value) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.Name)
		b.WriteByte(':')
		fv := v.Field(i)
		switch {
		case f.Tag.Get("datapolicy") != "" || f.Name == "CertData":
			if fv.IsZero() {
				fmt.Fprintf(b, "%#v", fv.Interface())
			} else if f.Name == "CertData" {
				fmt.Fprintf(b, "%q", truncated)
			} else {
				fmt.Fprintf(b, "%q", redacted)
			}
		case f.Anonymous && f.Type == reflect.TypeFor[TLSClientConfig]():
			b.WriteString(fv.Interface().(TLSClientConfig).String())
		case f.Anonymous && f.Type == reflect.TypeFor[ContentConfig]():
			cc := fv.Interface().(ContentConfig)
			fmt.Fprintf(b, "rest.ContentConfig{AcceptContentTypes:%q, ContentType:%q, GroupVersion:", cc.AcceptContentTypes, cc.ContentType)
			if cc.GroupVersion == nil {
				b.WriteString("<nil>")
			} else {
				fmt.Fprintf(b, "%q", cc.GroupVersion.String())
			}
			b.WriteString(", NegotiatedSerializer:")
			writeOpaque(b, fv.Field(3))
			b.WriteByte('}')
		case fv.Kind() == reflect.Interface || fv.Kind() == reflect.Func:
			writeOpaque(b, fv)
		case fv.Kind() == reflect.Pointer && !fv.IsNil():
			// Pointers we print (exec and auth-provider configs) implement
			// GoString with their own redaction.
			if gs, ok := fv.Interface().(fmt.GoStringer); ok {
				b.WriteString("&")
				b.WriteString(gs.GoString())
			} else if gs, ok := fv.Elem().Interface().(fmt.GoStringer); ok {
				b.WriteString("&")
				b.WriteString(gs.GoString())
			} else {
				writeOpaque(b, fv)
			}
		default:
			fmt.Fprintf(b, "%#v", fv.Interface())
		}
	}
}

// writeOpaque prints only the dynamic type of v, or nil.
func writeOpaque(b *strings.Builder, v reflect.Value) {
	if !v.IsValid() || v.IsZero() {
		b.WriteString("nil")
		return
	}
	if v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	fmt.Fprintf(b, "(%s)(set)", v.Type())
}
