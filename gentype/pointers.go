package gentype

// ToPointerSlice returns a slice of pointers to the elements of src, in
// order. The pointers alias src's backing array: writing through them
// modifies src. A nil src gives nil.
func ToPointerSlice[T any](src []T) []*T {
	if src == nil {
		return nil
	}
	out := make([]*T, len(src))
	for i := range src {
		out[i] = &src[i]
	}
	return out
}

// FromPointerSlice returns a slice holding shallow copies of the values
// src points to, in order. A nil src gives nil; nil elements of src become
// zero values.
func FromPointerSlice[T any](src []*T) []T {
	if src == nil {
		return nil
	}
	out := make([]T, len(src))
	for i, p := range src {
		if p != nil {
			out[i] = *p
		}
	}
	return out
}
