package protodec

import (
	"bytes"
	"hash/maphash"
	"reflect"
	"unsafe"

	"k8s.io/apimachinery/pkg/api/resource"
)

// Limits that bound a Decoder's tables, as internal/objshare's. A full
// table forgets everything and starts over; objects decoded before keep
// what they share.
const (
	maxStrings    = 1 << 16
	maxStringLen  = 1024
	maxBlobs      = 1 << 12
	minBlobLen    = 16
	maxBlobsBytes = 64 << 20
	maxMaps       = 1 << 12
	maxMapLen     = 8
	maxQtyRun     = 1024
)

// Decoder decodes protobuf messages into k8s.io/api structs and shares
// repeated data between the objects it decodes. The zero value is not
// usable; call NewDecoder. A Decoder is not safe for concurrent use.
type Decoder struct {
	strs      map[string]string
	blobs     map[uint64][]byte
	blobBytes int
	qmaps     map[string]sharedMap
	seed      maphash.Seed

	lastType reflect.Type
	lastPlan *plan
}

// sharedMap is a resource list handed out to every object whose entries
// had the same bytes, and a private copy to tell whether someone wrote to
// it.
type sharedMap struct {
	shared, private map[string]resource.Quantity
}

// NewDecoder returns a Decoder with empty tables.
func NewDecoder() *Decoder {
	return &Decoder{
		strs:  make(map[string]string),
		blobs: make(map[uint64][]byte),
		qmaps: make(map[string]sharedMap),
		seed:  maphash.MakeSeed(),
	}
}

// str returns b as a string, the copy seen before if there is one.
func (d *Decoder) str(b []byte, unique bool) string {
	if len(b) == 0 {
		return ""
	}
	if unique || len(b) > maxStringLen {
		return string(b)
	}
	if s, ok := d.strs[string(b)]; ok {
		return s
	}
	if len(d.strs) >= maxStrings {
		clear(d.strs)
	}
	s := string(b)
	d.strs[s] = s
	return s
}

// blob returns a copy of b that the caller may keep: for short slices a
// new one, otherwise an equal slice handed out before (capacity trimmed,
// so an append copies) or a new one remembered for next time. An empty b
// gives an empty, non-nil slice, as the generated decoders do.
func (d *Decoder) blob(b []byte) []byte {
	if len(b) < minBlobLen {
		return append([]byte{}, b...)
	}
	h := maphash.Bytes(d.seed, b)
	if c, ok := d.blobs[h]; ok {
		if bytes.Equal(c, b) {
			return c
		}
		return append([]byte(nil), b...) // a collision, or the shared copy was written to
	}
	if len(d.blobs) >= maxBlobs || d.blobBytes+len(b) > maxBlobsBytes {
		clear(d.blobs)
		d.blobBytes = 0
	}
	c := append([]byte(nil), b...)
	c = c[:len(c):len(c)]
	d.blobs[h] = c
	d.blobBytes += len(c)
	return c
}

// sharedQty returns the resource list decoded before from the same entry
// bytes, or nil if there is none or it was written to since.
func (d *Decoder) sharedQty(span []byte) map[string]resource.Quantity {
	e, ok := d.qmaps[string(span)]
	if !ok {
		return nil
	}
	if !equalQty(e.shared, e.private) {
		delete(d.qmaps, string(span))
		return nil
	}
	return e.shared
}

// rememberQty makes m the resource list to share for entry bytes span,
// unless m holds a quantity in its arbitrary-precision form (a pointer that
// a writer could change unseen).
func (d *Decoder) rememberQty(span []byte, m map[string]resource.Quantity) {
	if !qtyDecOffset.ok {
		return
	}
	for _, q := range m {
		if *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(&q), qtyDecOffset.off)) != nil {
			return
		}
	}
	if len(d.qmaps) >= maxMaps {
		clear(d.qmaps)
	}
	private := make(map[string]resource.Quantity, len(m))
	for k, v := range m {
		private[k] = v
	}
	d.qmaps[string(span)] = sharedMap{shared: m, private: private}
}

// equalQty reports whether a and b hold the same quantities, field for
// field.
func equalQty(a, b map[string]resource.Quantity) bool {
	if len(a) != len(b) {
		return false
	}
	for k, q := range b {
		if p, ok := a[k]; !ok || p != q {
			return false
		}
	}
	return true
}

// qtyDecOffset locates the pointer to the arbitrary-precision form inside a
// resource.Quantity (its field d, a struct holding one pointer).
var qtyDecOffset = func() (r struct {
	ok  bool
	off uintptr
}) {
	f, ok := quantityType.FieldByName("d")
	if !ok || f.Type.Kind() != reflect.Struct || f.Type.NumField() != 1 || f.Type.Field(0).Type.Kind() != reflect.Pointer {
		return r
	}
	r.ok, r.off = true, f.Offset+f.Type.Field(0).Offset
	return r
}()
