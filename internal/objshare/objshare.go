// Package objshare lets the API objects an informer caches share the data
// they repeat: tens of thousands of Pods stamped from a few hundred templates
// carry the same namespace, label keys and values, images, env vars, mount
// paths and managed-fields sets, and a plain decode gives every Pod its own
// copy of each.
//
// A Table walks a freshly decoded object in place and replaces
//
//   - each string with an equal string seen before (strings are immutable,
//     so sharing them is invisible);
//   - each []byte field (managedFields' fieldsV1 above all) with an equal
//     byte slice seen before, capacity trimmed to its length so that an
//     append reallocates instead of writing into the shared array;
//   - each map from a string type to resource.Quantity (a ResourceList:
//     requests, limits, capacity) of at most 8 entries with an equal map
//     seen before.
//
// The object stays equal (reflect.DeepEqual) to what it was; only where its
// bytes live changes. Sharing byte slices and quantity maps relies on the
// rule that cached objects are read-only: code that writes into a cached
// object's fieldsV1 bytes or resource list in place (rather than into a
// DeepCopy) changes every object sharing them. A shared copy found changed
// is not handed out again. Other maps (labels, annotations, selectors) are
// never shared; their keys and values are replaced in place. Slices other
// than []byte are never shared either.
//
// The walk is driven by a per-type plan of field offsets built once by
// reflection; for a typical Pod it costs 3–7 µs, most of it hashing and
// looking up about a hundred strings (BenchmarkCompact), against about
// 30 µs to decode that Pod. Only exported fields of structs, pointers to
// structs, slices, []string, []byte, *string, map[string]string and
// quantity maps are followed, at most 64 pointers or slices deep;
// interfaces (such as the maps of an Unstructured) are left alone.
package objshare

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"maps"
	"reflect"
	"slices"
	"sync"
	"unsafe"

	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Limits that bound a Table's memory. When a table holds more entries than
// this it forgets them all and starts over; objects compacted before keep
// what they share, which stays correct since nothing shared is mutable.
const (
	maxStrings    = 1 << 16
	maxBlobs      = 1 << 12
	maxStringLen  = 1024
	minBlobLen    = 16
	maxBlobsBytes = 64 << 20
	maxMaps       = 1 << 12
	maxMapLen     = 8
	// maxDepth bounds how deep the walk follows pointers and slices, so
	// that a cyclic object (which no decoder produces, but a transform
	// could) ends the walk instead of overflowing the stack.
	maxDepth = 64
)

// Table remembers the strings and byte slices seen so far and hands out the
// first copy of each. The zero value is not usable; call NewTable. A Table
// is safe for concurrent use.
type Table struct {
	mu        sync.Mutex
	strs      map[string]string
	blobs     map[uint64][]byte
	blobBytes int
	qmaps     map[string]map[string]resource.Quantity
	keyBuf    []byte
	seed      maphash.Seed
	lastType  reflect.Type
	lastPlan  *plan
}

// NewTable returns an empty Table.
func NewTable() *Table {
	return &Table{
		strs:  make(map[string]string),
		blobs: make(map[uint64][]byte),
		qmaps: make(map[string]map[string]resource.Quantity),
		seed:  maphash.MakeSeed(),
	}
}

// Compact makes obj, a pointer to a struct, share its strings and byte
// slices with the objects compacted before it, in place. Anything else (nil,
// a struct value such as a tombstone, a map) is left alone.
//
// Compact writes a field only when its value is not already the shared
// copy, so compacting an object twice writes nothing the second time.
func (t *Table) Compact(obj any) {
	typ := reflect.TypeOf(obj)
	if typ == nil || typ.Kind() != reflect.Pointer || typ.Elem().Kind() != reflect.Struct {
		return
	}
	base := reflect.ValueOf(obj).UnsafePointer()
	if base == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	p := t.lastPlan
	if typ != t.lastType {
		p = planFor(typ.Elem())
		t.lastType, t.lastPlan = typ, p
	}
	t.walk(p, base, 0)
}

// str returns the shared copy of s, making s the shared copy if it is new.
func (t *Table) str(s string) string {
	if len(s) == 0 || len(s) > maxStringLen {
		return s
	}
	if c, ok := t.strs[s]; ok {
		return c
	}
	if len(t.strs) >= maxStrings {
		clear(t.strs)
	}
	t.strs[s] = s
	return s
}

// blob returns the shared copy of b, making b (capacity trimmed) the shared
// copy if it is new.
func (t *Table) blob(b []byte) []byte {
	if len(b) < minBlobLen {
		return b
	}
	h := maphash.Bytes(t.seed, b)
	if c, ok := t.blobs[h]; ok {
		if bytes.Equal(c, b) {
			return c
		}
		return b // a hash collision, or the shared copy was written to: keep b
	}
	if len(t.blobs) >= maxBlobs || t.blobBytes+len(b) > maxBlobsBytes {
		clear(t.blobs)
		t.blobBytes = 0
	}
	b = b[:len(b):len(b)]
	t.blobs[h] = b
	t.blobBytes += len(b)
	return b
}

// Lock locks t for a series of the calls below, which a decoder that shares
// while it decodes (internal/protodec) makes for one object.
func (t *Table) Lock() { t.mu.Lock() }

// Unlock unlocks t.
func (t *Table) Unlock() { t.mu.Unlock() }

// StringOf returns a string equal to b: the shared copy if there is one,
// else a new string, remembered as the shared copy. b is not kept. The
// caller holds the lock.
func (t *Table) StringOf(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > maxStringLen {
		return string(b)
	}
	if c, ok := t.strs[string(b)]; ok {
		return c
	}
	s := string(b)
	return t.str(s)
}

// BytesOf returns a slice equal to b that the caller may keep: the shared
// copy if there is one, else a new slice (remembered as the shared copy
// when it is long enough to share). An empty b gives an empty, non-nil
// slice. b is not kept. The caller holds the lock.
func (t *Table) BytesOf(b []byte) []byte {
	if len(b) < minBlobLen {
		return append([]byte{}, b...)
	}
	if c, ok := t.blobs[maphash.Bytes(t.seed, b)]; ok && bytes.Equal(c, b) {
		return c
	}
	return t.blob(append([]byte(nil), b...))
}

// QuantityMap returns a shared map equal to m (m itself if none was seen,
// or if m is not shareable; see the package doc). The caller holds the
// lock.
func (t *Table) QuantityMap(m map[string]resource.Quantity) map[string]resource.Quantity {
	return t.quantityMap(m)
}

// setStr replaces *p by its shared copy unless it already is that copy.
func (t *Table) setStr(p *string) {
	s := *p
	if c := t.str(s); unsafe.StringData(c) != unsafe.StringData(s) {
		*p = c
	}
}

// sliceHeader is the memory layout of a Go slice.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

// walk applies p to the struct at base, depth pointers or slices below the
// object.
func (t *Table) walk(p *plan, base unsafe.Pointer, depth int) {
	if depth > maxDepth {
		return
	}
	for i := range p.ops {
		o := &p.ops[i]
		at := unsafe.Add(base, o.off)
		switch o.kind {
		case opString:
			t.setStr((*string)(at))
		case opStringPtr:
			if sp := *(**string)(at); sp != nil {
				t.setStr(sp)
			}
		case opStrings:
			ss := *(*[]string)(at)
			for j := range ss {
				t.setStr(&ss[j])
			}
		case opBytes:
			bp := (*[]byte)(at)
			if c := t.blob(*bp); unsafe.SliceData(c) != unsafe.SliceData(*bp) || cap(c) != cap(*bp) {
				*bp = c
			}
		case opStringMap:
			t.stringMap(*(*map[string]string)(at))
		case opQuantityMap:
			// The map's key type has kind string, so it has the layout
			// and hashing of map[string]resource.Quantity.
			mp := (*map[string]resource.Quantity)(at)
			if c := t.quantityMap(*mp); mapData(c) != mapData(*mp) {
				*mp = c
			}
		case opPointer:
			if q := *(*unsafe.Pointer)(at); q != nil {
				t.walk(o.sub, q, depth+1)
			}
		case opSlice:
			h := (*sliceHeader)(at)
			for j := range h.len {
				t.walk(o.sub, unsafe.Add(h.data, uintptr(j)*o.size), depth+1)
			}
		}
	}
}

// stringMap replaces the keys and values of m by their shared copies.
// Assigning to a key that is present replaces the stored key too, so no
// entry is added or removed, and m is only written where something changes.
func (t *Table) stringMap(m map[string]string) {
	for k, v := range m {
		ck, cv := t.str(k), t.str(v)
		if unsafe.StringData(ck) != unsafe.StringData(k) || unsafe.StringData(cv) != unsafe.StringData(v) {
			m[ck] = cv
		}
	}
}

// mapData is the pointer a map value holds.
func mapData[M ~map[K]V, K comparable, V any](m M) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&m))
}

// quantityLayout locates the unexported fields of resource.Quantity that
// decide its value, so that a map of quantities can be keyed by content
// without formatting each quantity.
var quantityLayout = func() (l struct {
	ok                      bool
	value, scale, dec, text uintptr
}) {
	qt := reflect.TypeFor[resource.Quantity]()
	i, okI := qt.FieldByName("i")
	d, okD := qt.FieldByName("d")
	s, okS := qt.FieldByName("s")
	if !okI || !okD || !okS || i.Type.Kind() != reflect.Struct || s.Type.Kind() != reflect.String ||
		d.Type.Kind() != reflect.Struct || d.Type.NumField() != 1 || d.Type.Field(0).Type.Kind() != reflect.Pointer {
		return l
	}
	v, okV := i.Type.FieldByName("value")
	sc, okSc := i.Type.FieldByName("scale")
	if !okV || !okSc || v.Type.Kind() != reflect.Int64 || sc.Type.Kind() != reflect.Int32 {
		return l
	}
	l.ok = true
	l.value, l.scale = i.Offset+v.Offset, i.Offset+sc.Offset
	l.dec, l.text = d.Offset, s.Offset
	return l
}()

// quantityMap returns a shared map equal to m, making m the shared copy if
// no equal map was seen. Maps holding a quantity in its arbitrary-precision
// form, or more than maxMapLen entries, are not shared.
func (t *Table) quantityMap(m map[string]resource.Quantity) map[string]resource.Quantity {
	if len(m) == 0 || len(m) > maxMapLen || !quantityLayout.ok {
		return m
	}
	var keys [maxMapLen]string
	n := 0
	for k, q := range m {
		if *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(&q), quantityLayout.dec)) != nil {
			return m
		}
		keys[n] = k
		n++
	}
	slices.Sort(keys[:n])
	buf := t.keyBuf[:0]
	for _, k := range keys[:n] {
		q := m[k]
		p := unsafe.Pointer(&q)
		buf = appendString(buf, k)
		buf = binary.AppendVarint(buf, *(*int64)(unsafe.Add(p, quantityLayout.value)))
		buf = binary.AppendVarint(buf, int64(*(*int32)(unsafe.Add(p, quantityLayout.scale))))
		buf = appendString(buf, *(*string)(unsafe.Add(p, quantityLayout.text)))
		buf = appendString(buf, string(q.Format))
	}
	t.keyBuf = buf
	if c, ok := t.qmaps[string(buf)]; ok {
		if maps.Equal(c, m) {
			return c
		}
		return m // the shared copy was written to: keep m
	}
	if len(t.qmaps) >= maxMaps {
		clear(t.qmaps)
	}
	t.qmaps[string(buf)] = m
	return m
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// opKind says what kind of field an op visits.
type opKind uint8

const (
	opString      opKind = iota + 1 // a string (any type of kind string)
	opStringPtr                     // a *string
	opStrings                       // a slice of strings
	opBytes                         // a []byte
	opStringMap                     // a map[string]string
	opQuantityMap                   // a map from a string kind to resource.Quantity
	opPointer                       // a pointer to a struct with a plan
	opSlice                         // a slice of structs with a plan
)

// op visits one field at offset off from the start of the outermost struct
// being walked (embedded and nested struct fields are flattened).
type op struct {
	kind opKind
	off  uintptr
	size uintptr // element size, for opSlice
	sub  *plan   // element plan, for opPointer and opSlice
}

// plan lists the fields worth visiting in one struct type.
type plan struct {
	ops  []op
	done bool // ops is complete (false while a recursive type is being built)
}

var (
	plans      sync.Map // reflect.Type (a struct type) -> *plan
	plansBuild sync.Mutex
)

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
	b := planBuilder{pending: map[reflect.Type]*plan{}}
	p := b.build(typ)
	for t, q := range b.pending {
		plans.Store(t, q)
	}
	return p
}

// planBuilder builds the plans of one struct type and of the types it
// reaches; pending holds the plans built so far, including ones still being
// filled, so recursive types terminate.
type planBuilder struct {
	pending map[reflect.Type]*plan
}

func (b *planBuilder) build(typ reflect.Type) *plan {
	if p, ok := plans.Load(typ); ok {
		return p.(*plan)
	}
	if p, ok := b.pending[typ]; ok {
		return p
	}
	p := &plan{}
	b.pending[typ] = p
	p.ops = b.fields(typ, 0, nil)
	p.done = true
	return p
}

var (
	objectMetaType = reflect.TypeFor[metav1.ObjectMeta]()
	stringMapType  = reflect.TypeFor[map[string]string]()
	quantityType   = reflect.TypeFor[resource.Quantity]()
)

// unshared names the fields whose values are unique to one object, so that
// remembering them would only fill the table.
var unshared = map[reflect.Type]map[string]bool{
	objectMetaType: {"Name": true, "UID": true, "ResourceVersion": true, "SelfLink": true},
}

// fields appends the ops for the fields of struct type typ found at offset
// base to ops.
func (b *planBuilder) fields(typ reflect.Type, base uintptr, ops []op) []op {
	skip := unshared[typ]
	for i := range typ.NumField() {
		f := typ.Field(i)
		if !f.IsExported() || skip[f.Name] {
			continue
		}
		off := base + f.Offset
		ft := f.Type
		switch ft.Kind() {
		case reflect.String:
			ops = append(ops, op{kind: opString, off: off})
		case reflect.Struct:
			ops = b.fields(ft, off, ops)
		case reflect.Pointer:
			switch ft.Elem().Kind() {
			case reflect.String:
				ops = append(ops, op{kind: opStringPtr, off: off})
			case reflect.Struct:
				if sub := b.build(ft.Elem()); !b.empty(sub) {
					ops = append(ops, op{kind: opPointer, off: off, sub: sub})
				}
			}
		case reflect.Slice:
			switch el := ft.Elem(); el.Kind() {
			case reflect.Uint8:
				ops = append(ops, op{kind: opBytes, off: off})
			case reflect.String:
				ops = append(ops, op{kind: opStrings, off: off})
			case reflect.Struct:
				if sub := b.build(el); !b.empty(sub) {
					ops = append(ops, op{kind: opSlice, off: off, size: el.Size(), sub: sub})
				}
			}
		case reflect.Map:
			switch {
			case ft == stringMapType:
				ops = append(ops, op{kind: opStringMap, off: off})
			case ft.Key().Kind() == reflect.String && ft.Elem() == quantityType:
				ops = append(ops, op{kind: opQuantityMap, off: off})
			}
		}
	}
	return ops
}

// empty reports whether p is known to visit nothing. A plan still being
// filled (a recursive type) is not known to be empty.
func (b *planBuilder) empty(p *plan) bool {
	return p.done && len(p.ops) == 0
}
