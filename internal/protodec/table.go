package protodec

import (
	"maps"
	"reflect"
	"unsafe"

	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/kclient/kclient/internal/objshare"
)

// Limits of the resource-list cache, which maps the bytes of a list's
// entries to the shared map (the strings, byte slices and maps themselves
// are shared through an objshare.Table, with its limits).
const (
	maxMaps   = 1 << 12
	maxMapLen = 8
	maxQtyRun = 1024
)

// Decoder decodes protobuf messages into k8s.io/api structs and shares
// repeated data between the objects it decodes, and with the objects an
// objshare.Table compacts. The zero value is not usable; call NewDecoder.
// A Decoder is not safe for concurrent use.
type Decoder struct {
	table *objshare.Table
	qmaps map[string]sharedMap

	lastType reflect.Type
	lastPlan *plan
}

// sharedMap is a resource list handed out to every object whose entries
// had the same bytes, and a private copy to tell whether someone wrote to
// it.
type sharedMap struct {
	shared, private map[string]resource.Quantity
}

// NewDecoder returns a Decoder that shares through table, or through a
// table of its own if table is nil.
func NewDecoder(table *objshare.Table) *Decoder {
	if table == nil {
		table = objshare.NewTable()
	}
	return &Decoder{table: table, qmaps: make(map[string]sharedMap)}
}

// str returns b as a string, the copy seen before if there is one.
func (d *Decoder) str(b []byte, unique bool) string {
	if unique {
		return string(b)
	}
	return d.table.StringOf(b)
}

// blob returns a copy of b that the caller may keep (see
// objshare.Table.BytesOf).
func (d *Decoder) blob(b []byte) []byte {
	return d.table.BytesOf(b)
}

// sharedQty returns the resource list decoded before from the same entry
// bytes, or nil if there is none or it was written to since.
func (d *Decoder) sharedQty(span []byte) map[string]resource.Quantity {
	e, ok := d.qmaps[string(span)]
	if !ok {
		return nil
	}
	if !maps.Equal(e.shared, e.private) {
		delete(d.qmaps, string(span))
		return nil
	}
	return e.shared
}

// rememberQty returns the shared map equal to m (from the table) and
// remembers it for entry bytes span, unless m holds a quantity in its
// arbitrary-precision form (a pointer that a writer could change unseen).
func (d *Decoder) rememberQty(span []byte, m map[string]resource.Quantity) map[string]resource.Quantity {
	if !qtyDecOffset.ok {
		return m
	}
	for _, q := range m {
		if *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(&q), qtyDecOffset.off)) != nil {
			return m
		}
	}
	if len(d.qmaps) >= maxMaps {
		clear(d.qmaps)
	}
	m = d.table.QuantityMap(m)
	private := make(map[string]resource.Quantity, len(m))
	for k, v := range m {
		private[k] = v
	}
	d.qmaps[string(span)] = sharedMap{shared: m, private: private}
	return m
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
