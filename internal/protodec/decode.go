package protodec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"unsafe"

	"k8s.io/apimachinery/pkg/api/resource"
)

// errBad is what the fast path returns on any input it does not accept; the
// caller then decodes with the type's own Unmarshal, whose error (or
// result) is the one reported.
var errBad = errors.New("protodec: input not accepted")

// maxDepth bounds how deeply messages nest before the fast path gives up.
const maxDepth = 100

// Decode decodes the protobuf message data into obj, a pointer to a
// zero-valued struct of a type with an Unmarshal method (every type of
// k8s.io/api). The result is the one obj's own Unmarshal would produce,
// with strings, byte slices and resource lists shared with the objects d
// decoded before (see the package doc). When the fast path does not accept
// data, obj is reset and decoded by its own Unmarshal, whose error is
// returned; Decode never panics on malformed input.
func (d *Decoder) Decode(data []byte, obj any) (err error) {
	v := reflect.ValueOf(obj)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("protodec: cannot decode into %T", obj)
	}
	typ := v.Type().Elem()
	p := d.lastPlan
	if typ != d.lastType {
		p = planFor(typ)
		d.lastType, d.lastPlan = typ, p
	}
	if p != nil && !p.opaque {
		d.table.Lock()
		err := d.message(p, v.UnsafePointer(), data, 0)
		d.table.Unlock()
		if err == nil {
			return nil
		}
		v.Elem().SetZero()
	}
	return fallback(obj, data)
}

// fallback decodes data with obj's own Unmarshal, turning a panic into an
// error.
func fallback(obj any, data []byte) (err error) {
	u, ok := obj.(unmarshaler)
	if !ok {
		return fmt.Errorf("protodec: %T has no Unmarshal method", obj)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("protodec: decoding %T: %v", obj, r)
		}
	}()
	return u.Unmarshal(data)
}

// Supported reports whether values of struct type typ are decoded by the
// fast path rather than by their own Unmarshal.
func Supported(typ reflect.Type) bool {
	p := planFor(typ)
	return p != nil && !p.opaque
}

// uvarint reads a varint as the generated decoders do: at most ten bytes,
// high bits beyond 64 dropped.
func uvarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		c := b[i]
		v |= uint64(c&0x7f) << (7 * uint(i))
		if c < 0x80 {
			return v, i + 1
		}
	}
	return 0, 0
}

// skip returns the length of the value of wire type wire at the start of b,
// or -1.
func skip(b []byte, wire uint8) int {
	switch wire {
	case 0:
		_, n := uvarint(b)
		if n == 0 {
			return -1
		}
		return n
	case 1:
		if len(b) < 8 {
			return -1
		}
		return 8
	case 2:
		l, n := uvarint(b)
		if n == 0 || l > uint64(len(b)-n) {
			return -1
		}
		return n + int(l)
	case 5:
		if len(b) < 4 {
			return -1
		}
		return 4
	}
	return -1
}

// count counts, for exact slice sizing, how often each repeated field of p
// occurs in msg (packed fields count their elements).
func count(p *plan, msg []byte, counts []int32) error {
	for len(msg) > 0 {
		key, n := uvarint(msg)
		if n == 0 {
			return errBad
		}
		msg = msg[n:]
		num, wire := key>>3, uint8(key&7)
		m := skip(msg, wire)
		if m < 0 {
			return errBad
		}
		if num < uint64(len(p.fields)) {
			if f := &p.fields[num]; f.rep >= 0 {
				if wire == 2 && (f.kind == kRepInt32 || f.kind == kRepInt64) {
					_, h := uvarint(msg)
					for _, c := range msg[h:m] {
						if c < 0x80 {
							counts[f.rep]++
						}
					}
				} else {
					counts[f.rep]++
				}
			}
		}
		msg = msg[m:]
	}
	return nil
}

// message decodes msg into the struct at base, merging as the generated
// decoders do (scalars overwrite, repeated fields append, maps add).
func (d *Decoder) message(p *plan, base unsafe.Pointer, msg []byte, depth int) error {
	if depth > maxDepth {
		return errBad
	}
	if p.opaque {
		u, ok := reflect.NewAt(p.typ, base).Interface().(unmarshaler)
		if !ok {
			return errBad
		}
		return u.Unmarshal(msg)
	}
	var countBuf [16]int32
	var counts []int32
	if p.nrep > 0 {
		if p.nrep <= len(countBuf) {
			counts = countBuf[:p.nrep]
		} else {
			counts = make([]int32, p.nrep)
		}
		if err := count(p, msg, counts); err != nil {
			return err
		}
	}
	for len(msg) > 0 {
		key, n := uvarint(msg)
		if n == 0 {
			return errBad
		}
		msg = msg[n:]
		num, wire := key>>3, uint8(key&7)
		if num == 0 || wire == 3 || wire == 4 {
			return errBad
		}
		if num >= uint64(len(p.fields)) || p.fields[num].kind == 0 {
			m := skip(msg, wire)
			if m < 0 {
				return errBad
			}
			msg = msg[m:]
			continue
		}
		f := &p.fields[num]
		at := unsafe.Add(base, f.off)
		if wire != f.wire && !(wire == 2 && (f.kind == kRepInt32 || f.kind == kRepInt64)) {
			return errBad
		}
		switch wire {
		case 0:
			v, n := uvarint(msg)
			if n == 0 {
				return errBad
			}
			msg = msg[n:]
			d.varint(f, at, v, counts)
			continue
		case 1:
			if len(msg) < 8 {
				return errBad
			}
			v := math.Float64frombits(binary.LittleEndian.Uint64(msg))
			msg = msg[8:]
			if f.kind == kFloat64 {
				*(*float64)(at) = v
			} else {
				*(**float64)(at) = &v
			}
			continue
		}
		l, n := uvarint(msg)
		if n == 0 || l > uint64(len(msg)-n) {
			return errBad
		}
		b := msg[n : n+int(l)]
		msg = msg[n+int(l):]
		switch f.kind {
		case kString:
			*(*string)(at) = d.str(b, f.unique)
		case kPtrString:
			s := d.str(b, f.unique)
			*(**string)(at) = &s
		case kBytes:
			*(*[]byte)(at) = d.blob(b)
		case kMsg:
			if err := d.message(f.sub, at, b, depth+1); err != nil {
				return err
			}
		case kPtrMsg:
			q := *(*unsafe.Pointer)(at)
			if q == nil {
				q = reflect.New(f.sub.typ).UnsafePointer()
				*(*unsafe.Pointer)(at) = q
			}
			if err := d.message(f.sub, q, b, depth+1); err != nil {
				return err
			}
		case kRepMsg:
			el := appendElem(f, at, counts)
			if err := d.message(f.sub, el, b, depth+1); err != nil {
				return err
			}
		case kRepStr:
			s := (*[]string)(at)
			if len(*s) == cap(*s) {
				*s = growStrings(*s, counts[f.rep])
			}
			*s = append(*s, d.str(b, false))
			counts[f.rep]--
		case kRepInt32, kRepInt64:
			for len(b) > 0 {
				v, n := uvarint(b)
				if n == 0 {
					return errBad
				}
				b = b[n:]
				d.varint(f, at, v, counts)
			}
		case kCustom:
			// The generated code makes a nil slice or map empty first.
			pv := reflect.NewAt(f.typ, at)
			if v := pv.Elem(); v.Kind() == reflect.Slice && v.IsNil() {
				v.Set(reflect.MakeSlice(f.typ, 0, 0))
			} else if v.Kind() == reflect.Map && v.IsNil() {
				v.Set(reflect.MakeMap(f.typ))
			}
			u, ok := pv.Interface().(unmarshaler)
			if !ok {
				return errBad
			}
			if err := u.Unmarshal(b); err != nil {
				return err
			}
		case kMapStr:
			if err := d.mapStr(f, at, b); err != nil {
				return err
			}
		case kMapBytes:
			if err := d.mapBytes(at, b); err != nil {
				return err
			}
		case kMapQty:
			rest, err := d.mapQty(f, at, num, b, msg)
			if err != nil {
				return err
			}
			msg = rest
		}
	}
	return nil
}

// varint stores the varint v in field f at at.
func (d *Decoder) varint(f *field, at unsafe.Pointer, v uint64, counts []int32) {
	switch f.kind {
	case kBool:
		*(*bool)(at) = v != 0
	case kInt32:
		*(*int32)(at) = int32(v)
	case kInt64:
		*(*int64)(at) = int64(v)
	case kUint32:
		*(*uint32)(at) = uint32(v)
	case kUint64:
		*(*uint64)(at) = v
	case kPtrBool:
		x := v != 0
		*(**bool)(at) = &x
	case kPtrInt32:
		x := int32(v)
		*(**int32)(at) = &x
	case kPtrInt64:
		x := int64(v)
		*(**int64)(at) = &x
	case kRepInt32:
		s := (*[]int32)(at)
		if len(*s) == cap(*s) {
			*s = append(make([]int32, 0, len(*s)+max(int(counts[f.rep]), 1)), *s...)
		}
		*s = append(*s, int32(v))
		counts[f.rep]--
	case kRepInt64:
		s := (*[]int64)(at)
		if len(*s) == cap(*s) {
			*s = append(make([]int64, 0, len(*s)+max(int(counts[f.rep]), 1)), *s...)
		}
		*s = append(*s, int64(v))
		counts[f.rep]--
	}
}

// growStrings returns s with room for at least n more strings.
func growStrings(s []string, n int32) []string {
	return append(make([]string, 0, len(s)+max(int(n), 1)), s...)
}

// appendElem appends a zero element to the slice of structs at at, sized
// for the elements still to come, and returns the element's address.
func appendElem(f *field, at unsafe.Pointer, counts []int32) unsafe.Pointer {
	h := (*sliceHeader)(at)
	size := f.sub.typ.Size()
	if h.len == h.cap {
		n := h.len + max(int(counts[f.rep]), 1)
		ns := reflect.MakeSlice(f.typ, h.len, n)
		if h.len > 0 {
			reflect.Copy(ns, reflect.NewAt(f.typ, at).Elem())
		}
		*h = sliceHeader{data: ns.UnsafePointer(), len: h.len, cap: n}
	}
	counts[f.rep]--
	h.len++
	return unsafe.Add(h.data, uintptr(h.len-1)*size)
}

// mapEntry splits a map entry message into its key and value bytes.
func mapEntry(b []byte) (key, val []byte, err error) {
	for len(b) > 0 {
		k, n := uvarint(b)
		if n == 0 {
			return nil, nil, errBad
		}
		b = b[n:]
		num, wire := k>>3, uint8(k&7)
		if num == 0 || wire == 3 || wire == 4 {
			return nil, nil, errBad
		}
		if (num == 1 || num == 2) && wire != 2 {
			return nil, nil, errBad
		}
		m := skip(b, wire)
		if m < 0 {
			return nil, nil, errBad
		}
		if num == 1 || num == 2 {
			_, h := uvarint(b)
			if num == 1 {
				key = b[h:m]
			} else {
				val = b[h:m]
			}
		}
		b = b[m:]
	}
	return key, val, nil
}

// mapStr adds one entry to a map whose keys and values have kind string.
func (d *Decoder) mapStr(f *field, at unsafe.Pointer, b []byte) error {
	k, v, err := mapEntry(b)
	if err != nil {
		return err
	}
	if *(*unsafe.Pointer)(at) == nil {
		*(*unsafe.Pointer)(at) = reflect.MakeMap(f.typ).UnsafePointer()
	}
	// Keys and values have kind string, so the map has the layout and
	// hashing of a map[string]string.
	(*(*map[string]string)(at))[d.str(k, false)] = d.str(v, false)
	return nil
}

// mapBytes adds one entry to a map[string][]byte. Values are copied, never
// shared, and an absent value is an empty slice, as the generated code has.
func (d *Decoder) mapBytes(at unsafe.Pointer, b []byte) error {
	k, v, err := mapEntry(b)
	if err != nil {
		return err
	}
	m := (*map[string][]byte)(at)
	if *m == nil {
		*m = make(map[string][]byte)
	}
	(*m)[d.str(k, false)] = append([]byte{}, v...)
	return nil
}

// mapQty decodes a resource list. The entries of one map are written one
// after the other; when the field's map is still empty, the run of
// entries starting with b (the rest of the message is rest) is looked up
// by its bytes and an equal map decoded before is shared. It returns the
// rest of the message after what it consumed.
func (d *Decoder) mapQty(f *field, at unsafe.Pointer, num uint64, b, rest []byte) ([]byte, error) {
	mp := (*map[string]resource.Quantity)(at)
	if *mp == nil {
		// Find the run: b is the first entry, the next ones follow with
		// the same key byte(s).
		key := num<<3 | 2
		span, after, n := runOf(key, b, rest)
		if n > 0 && n <= maxMapLen && len(span) <= maxQtyRun {
			if m := d.sharedQty(span); m != nil {
				*mp = m
				return after, nil
			}
			m := reflect.MakeMapWithSize(f.typ, n).UnsafePointer()
			*(*unsafe.Pointer)(at) = m
			if err := d.qtyEntry(f, at, b); err != nil {
				return nil, err
			}
			r := rest
			for range n - 1 {
				_, kn := uvarint(r)
				l, ln := uvarint(r[kn:])
				if err := d.qtyEntry(f, at, r[kn+ln:kn+ln+int(l)]); err != nil {
					return nil, err
				}
				r = r[kn+ln+int(l):]
			}
			*mp = d.rememberQty(span, *mp)
			return after, nil
		}
	} else {
		// The field's entries were split: the map may be shared, so
		// never add to it in place.
		c := reflect.MakeMapWithSize(f.typ, len(*mp)).UnsafePointer()
		cm := *(*map[string]resource.Quantity)(unsafe.Pointer(&c))
		for k, v := range *mp {
			cm[k] = v
		}
		*mp = cm
	}
	return rest, d.qtyEntry(f, at, b)
}

// runOf measures the run of map entries with the given key that starts with
// entry b and continues at the start of rest: the bytes of the run from the
// first entry's payload to the end, the rest after it, and the number of
// entries; n is 0 when the run is malformed.
func runOf(key uint64, b, rest []byte) (span, after []byte, n int) {
	var kb, lb [binary.MaxVarintLen64]byte
	kl := binary.PutUvarint(kb[:], key)
	ll := binary.PutUvarint(lb[:], uint64(len(b)))
	// The run starts at the first entry's length, which sits just before
	// b; an entry written with a longer length than needed is not shared.
	first := unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), -ll)
	if string(unsafe.Slice((*byte)(first), ll)) != string(lb[:ll]) {
		return nil, nil, 0
	}
	n = 1
	r := rest
	for len(r) > kl && string(r[:kl]) == string(kb[:kl]) {
		l, m := uvarint(r[kl:])
		if m == 0 || l > uint64(len(r)-kl-m) {
			return nil, nil, 0
		}
		r = r[kl+m+int(l):]
		n++
		if n > maxMapLen {
			return nil, nil, 0
		}
	}
	size := ll + len(b) + len(rest) - len(r)
	return unsafe.Slice((*byte)(first), size), r, n
}

// qtyEntry decodes one resource list entry into the map at at.
func (d *Decoder) qtyEntry(f *field, at unsafe.Pointer, b []byte) error {
	k, v, err := mapEntry(b)
	if err != nil {
		return err
	}
	if *(*unsafe.Pointer)(at) == nil {
		*(*unsafe.Pointer)(at) = reflect.MakeMap(f.typ).UnsafePointer()
	}
	var q resource.Quantity
	if err := q.Unmarshal(v); err != nil {
		return err
	}
	(*(*map[string]resource.Quantity)(at))[d.str(k, false)] = q
	return nil
}
