package protodec

import (
	"context"
	"reflect"
	"sync"
	"unsafe"

	"github.com/kclient/kclient/internal/objshare"
)

// maxMarked bounds how many decoded objects a Session remembers before
// they are taken; past it the session forgets them all, which only means
// those objects get shared a second time by their consumer.
const maxMarked = 1 << 17

// Session lets an informer have the objects of its watches decoded with
// sharing, and tell them from objects that still need its own sharing
// pass. The informer puts it in the context of its list and watch calls
// (WithSession); a protobuf watch decoder that finds it there decodes with
// Decode; the informer then calls Taken on each object it receives. A
// Session is safe for concurrent use.
type Session struct {
	mu  sync.Mutex
	dec *Decoder

	markMu sync.Mutex
	marked map[unsafe.Pointer]struct{}
}

// NewSession returns a Session that shares through table (see NewDecoder).
func NewSession(table *objshare.Table) *Session {
	return &Session{dec: NewDecoder(table), marked: make(map[unsafe.Pointer]struct{})}
}

// Supported reports whether Decode would decode values of struct type typ
// on the fast path (and so share their data).
func (s *Session) Supported(typ reflect.Type) bool { return Supported(typ) }

// Decode decodes data into obj, as Decoder.Decode, and remembers obj for
// Taken.
func (s *Session) Decode(data []byte, obj any) error {
	s.mu.Lock()
	err := s.dec.Decode(data, obj)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	s.markMu.Lock()
	if len(s.marked) >= maxMarked {
		clear(s.marked)
	}
	s.marked[reflect.ValueOf(obj).UnsafePointer()] = struct{}{}
	s.markMu.Unlock()
	return nil
}

// Taken reports whether obj was decoded by s and not taken before, and
// forgets it.
func (s *Session) Taken(obj any) bool {
	v := reflect.ValueOf(obj)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return false
	}
	p := v.UnsafePointer()
	s.markMu.Lock()
	defer s.markMu.Unlock()
	if _, ok := s.marked[p]; ok {
		delete(s.marked, p)
		return true
	}
	return false
}

type sessionKey struct{}

// WithSession returns ctx carrying s.
func WithSession(ctx context.Context, s *Session) context.Context {
	return context.WithValue(ctx, sessionKey{}, s)
}

// SessionFrom returns the Session ctx carries, or nil.
func SessionFrom(ctx context.Context) *Session {
	s, _ := ctx.Value(sessionKey{}).(*Session)
	return s
}
