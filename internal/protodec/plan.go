package protodec

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// kind says how one field is stored in Go and read from the wire.
type kind uint8

const (
	kBool kind = iota + 1
	kInt32
	kInt64
	kUint32
	kUint64
	kFloat64
	kString
	kBytes
	kPtrBool
	kPtrInt32
	kPtrInt64
	kPtrFloat64
	kPtrString
	kMsg      // a struct value
	kPtrMsg   // a pointer to a struct
	kRepMsg   // a slice of structs
	kRepStr   // a slice of strings
	kRepInt32 // a slice of int32 (packed or not)
	kRepInt64 // a slice of int64 (packed or not)
	kMapStr   // a map from a string kind to a string kind
	kMapBytes // map[string][]byte
	kMapQty   // a map from a string kind to resource.Quantity
	kCustom   // a non-struct type with its own Unmarshal (metav1.Verbs)
)

// field is how to decode one protobuf field number of a struct.
type field struct {
	kind   kind
	wire   uint8   // wire type the field is written with
	off    uintptr // offset in the struct
	unique bool    // a string that is unique per object: not interned
	rep    int     // index among the struct's repeated fields, for kRep*
	sub    *plan   // element plan, for messages
	typ    reflect.Type
}

// plan decodes one struct type. An opaque plan decodes through the type's
// own Unmarshal method.
type plan struct {
	typ    reflect.Type
	opaque bool
	fields []field // by field number; kind 0 for numbers not known
	nrep   int     // number of repeated fields, for exact slice sizing
}

// unmarshaler is what the generated and hand-written decoders of
// k8s.io/api and apimachinery implement.
type unmarshaler interface {
	Unmarshal([]byte) error
}

var (
	plans      sync.Map // reflect.Type -> *plan
	plansBuild sync.Mutex

	typeMetaType   = reflect.TypeFor[metav1.TypeMeta]()
	objectMetaType = reflect.TypeFor[metav1.ObjectMeta]()
	quantityType   = reflect.TypeFor[resource.Quantity]()
	bytesType      = reflect.TypeFor[[]byte]()
	unmarshalType  = reflect.TypeFor[unmarshaler]()
)

// maxFieldNumber bounds the field numbers a plan indexes directly; a struct
// with a larger one is decoded by its own Unmarshal.
const maxFieldNumber = 1024

// unique names the fields whose values differ from object to object, so
// interning them would only fill the table (as internal/objshare).
var unique = map[reflect.Type]map[string]bool{
	objectMetaType: {"Name": true, "UID": true, "ResourceVersion": true, "SelfLink": true},
}

// planFor returns the plan of struct type typ, building it the first time.
func planFor(typ reflect.Type) *plan {
	if p, ok := plans.Load(typ); ok {
		return p.(*plan)
	}
	plansBuild.Lock()
	defer plansBuild.Unlock()
	if p, ok := plans.Load(typ); ok {
		return p.(*plan)
	}
	b := builder{pending: map[reflect.Type]*plan{}}
	p := b.build(typ)
	for t, q := range b.pending {
		plans.Store(t, q)
	}
	return p
}

type builder struct {
	pending map[reflect.Type]*plan
}

// build returns the plan of struct type typ. A type is opaque when any of
// its fields has a shape this package does not decode; then its own
// Unmarshal decodes it, or, if it has none, the type is unsupported and the
// plan is nil.
func (b *builder) build(typ reflect.Type) *plan {
	if p, ok := plans.Load(typ); ok {
		return p.(*plan)
	}
	if p, ok := b.pending[typ]; ok {
		return p
	}
	p := &plan{typ: typ}
	b.pending[typ] = p
	if !b.fill(p) {
		if !reflect.PointerTo(typ).Implements(unmarshalType) {
			delete(b.pending, typ)
			return nil
		}
		p.opaque, p.fields, p.nrep = true, nil, 0
	}
	return p
}

// fill fills p's fields from the struct tags and reports whether every
// field could be handled.
func (b *builder) fill(p *plan) bool {
	typ := p.typ
	if typ.Kind() != reflect.Struct || typ == quantityType {
		return false
	}
	skip := unique[typ]
	for i := range typ.NumField() {
		sf := typ.Field(i)
		tag, ok := sf.Tag.Lookup("protobuf")
		if !ok {
			if sf.Anonymous && sf.Type == typeMetaType {
				continue // not on the wire
			}
			return false
		}
		if !sf.IsExported() {
			return false
		}
		parts := strings.Split(tag, ",")
		if len(parts) < 3 {
			return false
		}
		num, err := strconv.Atoi(parts[1])
		if err != nil || num <= 0 || num > maxFieldNumber {
			return false
		}
		for _, o := range parts[3:] {
			if strings.HasPrefix(o, "customtype=") || strings.HasPrefix(o, "oneof") {
				return false
			}
		}
		f := field{off: sf.Offset, typ: sf.Type, unique: skip[sf.Name], rep: -1}
		if !b.shape(&f, parts[0], sf) {
			return false
		}
		if f.kind >= kRepMsg && f.kind <= kRepInt64 {
			f.rep = p.nrep
			p.nrep++
		}
		for len(p.fields) <= num {
			p.fields = append(p.fields, field{})
		}
		if p.fields[num].kind != 0 {
			return false
		}
		p.fields[num] = f
	}
	return true
}

// shape sets f's kind and wire type from the Go type (the generated code
// follows the Go type; the tags' encoding names are not always accurate,
// pointers to integers are tagged "bytes"), and reports whether this
// package decodes that type. Integers the tag says are zigzag or fixed
// encoded are left to the type's own Unmarshal.
func (b *builder) shape(f *field, enc string, sf reflect.StructField) bool {
	t := sf.Type
	if enc != "varint" && enc != "bytes" && enc != "fixed64" {
		return false
	}
	scalar := func(k reflect.Kind) (kind, uint8) {
		if enc == "fixed64" {
			if k == reflect.Float64 {
				return kFloat64, 1
			}
			return 0, 0
		}
		switch k {
		case reflect.Bool:
			return kBool, 0
		case reflect.Int32:
			return kInt32, 0
		case reflect.Int64:
			return kInt64, 0
		case reflect.Uint32:
			return kUint32, 0
		case reflect.Uint64:
			return kUint64, 0
		case reflect.Float64:
			return kFloat64, 1
		}
		return 0, 0
	}
	f.wire = 2
	if t.Kind() != reflect.Struct && t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(unmarshalType) {
		f.kind = kCustom
		return true
	}
	switch t.Kind() {
	case reflect.Bool, reflect.Int32, reflect.Int64, reflect.Uint32, reflect.Uint64, reflect.Float64:
		f.kind, f.wire = scalar(t.Kind())
	case reflect.String:
		f.kind = kString
	case reflect.Pointer:
		switch el := t.Elem(); el.Kind() {
		case reflect.String:
			f.kind = kPtrString
		case reflect.Struct:
			if f.sub = b.build(el); f.sub != nil {
				f.kind = kPtrMsg
			}
		default:
			k, w := scalar(el.Kind())
			f.wire = w
			switch k {
			case kBool:
				f.kind = kPtrBool
			case kInt32:
				f.kind = kPtrInt32
			case kInt64:
				f.kind = kPtrInt64
			case kFloat64:
				f.kind = kPtrFloat64
			}
		}
	case reflect.Struct:
		if f.sub = b.build(t); f.sub != nil {
			f.kind = kMsg
		}
	case reflect.Slice:
		switch el := t.Elem(); el.Kind() {
		case reflect.Uint8:
			if t == bytesType {
				f.kind = kBytes
			}
		case reflect.String:
			f.kind = kRepStr
		case reflect.Struct:
			if f.sub = b.build(el); f.sub != nil {
				f.kind = kRepMsg
			}
		case reflect.Int32:
			if enc == "varint" || enc == "bytes" {
				f.kind, f.wire = kRepInt32, 0
			}
		case reflect.Int64:
			if enc == "varint" || enc == "bytes" {
				f.kind, f.wire = kRepInt64, 0
			}
		}
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return false
		}
		switch {
		case t.Elem().Kind() == reflect.String:
			f.kind = kMapStr
		case t.Elem() == bytesType && t.Key() == reflect.TypeFor[string]():
			f.kind = kMapBytes
		case t.Elem() == quantityType:
			f.kind = kMapQty
		}
	}
	return f.kind != 0
}

// sliceHeader is the memory layout of a Go slice.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}
