package cache

// initialEvents collects the initial state a streaming list (watch with
// sendInitialEvents) delivers before its end bookmark.
//
// Servers send that state as one Added event per object, so in the common
// case it is kept as a plain slice: no keys, no map, no lock. Only if an
// update or deletion arrives is an index from key to position built, from
// then on. It is used by one goroutine only.
type initialEvents struct {
	transform TransformFunc
	items     []interface{}
	index     map[string]int // key -> position in items; nil until needed
}

var _ ReflectorStore = &initialEvents{}

func (s *initialEvents) transformed(obj interface{}) (interface{}, error) {
	if s.transform == nil {
		return obj, nil
	}
	return s.transform(obj)
}

// buildIndex switches to keyed mode.
func (s *initialEvents) buildIndex() error {
	if s.index != nil {
		return nil
	}
	s.index = make(map[string]int, len(s.items))
	for i, obj := range s.items {
		key, err := DeletionHandlingMetaNamespaceKeyFunc(obj)
		if err != nil {
			return KeyError{Obj: obj, Err: err}
		}
		if prev, dup := s.index[key]; dup {
			s.items[prev] = nil
		}
		s.index[key] = i
	}
	return nil
}

func (s *initialEvents) put(obj interface{}) error {
	key, err := DeletionHandlingMetaNamespaceKeyFunc(obj)
	if err != nil {
		return KeyError{Obj: obj, Err: err}
	}
	if i, ok := s.index[key]; ok {
		s.items[i] = obj
		return nil
	}
	s.index[key] = len(s.items)
	s.items = append(s.items, obj)
	return nil
}

// Add records an object of the initial state.
func (s *initialEvents) Add(obj interface{}) error {
	obj, err := s.transformed(obj)
	if err != nil {
		return err
	}
	if s.index == nil {
		s.items = append(s.items, obj)
		return nil
	}
	return s.put(obj)
}

// Update replaces an object of the initial state.
func (s *initialEvents) Update(obj interface{}) error {
	obj, err := s.transformed(obj)
	if err != nil {
		return err
	}
	if err := s.buildIndex(); err != nil {
		return err
	}
	return s.put(obj)
}

// Delete removes an object from the initial state.
func (s *initialEvents) Delete(obj interface{}) error {
	if err := s.buildIndex(); err != nil {
		return err
	}
	key, err := DeletionHandlingMetaNamespaceKeyFunc(obj)
	if err != nil {
		return KeyError{Obj: obj, Err: err}
	}
	if i, ok := s.index[key]; ok {
		s.items[i] = nil
		delete(s.index, key)
	}
	return nil
}

// Replace and Resync are not part of a watch stream.
func (s *initialEvents) Replace([]interface{}, string) error { return nil }
func (s *initialEvents) Resync() error                       { return nil }

// list returns the collected state; s must not be used afterwards.
func (s *initialEvents) list() []interface{} {
	if s.index == nil {
		return s.items
	}
	out := s.items[:0]
	for _, obj := range s.items {
		if obj != nil {
			out = append(out, obj)
		}
	}
	clear(s.items[len(out):])
	return out
}
