package jsonpath

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// evaluator holds the state of one FindResults call, so a parsed template can
// be evaluated again (or by several goroutines) without interference.
type evaluator struct {
	allowMissingKeys bool
	rangeDepth       int  // number of enclosing range blocks
	sawRange         bool // the node just evaluated contained "range"
	sawEnd           bool // the node just evaluated contained "end"
}

// block evaluates nodes from index start against cur until an "end" closes
// the block or the nodes run out. It returns the result groups and the index
// of the first node after the block.
func (ev *evaluator) block(nodes []Node, start int, cur reflect.Value) ([][]reflect.Value, int, error) {
	groups := [][]reflect.Value{}
	for i := start; i < len(nodes); i++ {
		ev.sawRange, ev.sawEnd = false, false
		res, err := ev.walk([]reflect.Value{cur}, nodes[i])
		if err != nil {
			return nil, 0, err
		}
		if ev.sawEnd {
			return groups, i + 1, nil
		}
		if !ev.sawRange {
			groups = append(groups, res)
			continue
		}

		ev.rangeDepth++
		next := len(nodes)
		if len(res) == 0 {
			// Nothing to repeat, but the body is still evaluated once (on no
			// data) to find where it ends; its output is dropped.
			if _, next, err = ev.block(nodes, i+1, reflect.Value{}); err != nil {
				return nil, 0, err
			}
		}
		for _, item := range res {
			if item.Kind() == reflect.Interface {
				item = item.Elem()
			}
			var body [][]reflect.Value
			if body, next, err = ev.block(nodes, i+1, item); err != nil {
				return nil, 0, err
			}
			groups = append(groups, body...)
		}
		ev.rangeDepth--
		i = next - 1
	}
	return groups, len(nodes), nil
}

// walk evaluates one node against every input value.
func (ev *evaluator) walk(in []reflect.Value, node Node) ([]reflect.Value, error) {
	switch n := node.(type) {
	case *ListNode:
		return ev.list(in, n)
	case *TextNode:
		return []reflect.Value{reflect.ValueOf(n.Text)}, nil
	case *FieldNode:
		return ev.field(in, n)
	case *ArrayNode:
		return ev.array(in, n)
	case *FilterNode:
		return ev.filter(in, n)
	case *IntNode:
		return repeat(in, n.Value), nil
	case *FloatNode:
		return repeat(in, n.Value), nil
	case *BoolNode:
		return repeat(in, n.Value), nil
	case *WildcardNode:
		var out []reflect.Value
		for _, v := range in {
			out = appendChildren(out, v)
		}
		return nonNil(out), nil
	case *RecursiveNode:
		return ev.recursive(in), nil
	case *UnionNode:
		out := []reflect.Value{}
		for _, part := range n.Nodes {
			res, err := ev.list(in, part)
			if err != nil {
				return nil, err
			}
			out = append(out, res...)
		}
		return out, nil
	case *IdentifierNode:
		return ev.identifier(in, n)
	}
	return nil, fmt.Errorf("unexpected Node %v", node)
}

// repeat returns one copy of a literal per input value.
func repeat[T any](in []reflect.Value, lit T) []reflect.Value {
	out := make([]reflect.Value, len(in))
	for i := range out {
		out[i] = reflect.ValueOf(lit)
	}
	return out
}

func nonNil(vs []reflect.Value) []reflect.Value {
	if vs == nil {
		return []reflect.Value{}
	}
	return vs
}

func (ev *evaluator) list(in []reflect.Value, n *ListNode) ([]reflect.Value, error) {
	cur := in
	for _, step := range n.Nodes {
		var err error
		if cur, err = ev.walk(cur, step); err != nil {
			return cur, err
		}
	}
	return cur, nil
}

func (ev *evaluator) identifier(in []reflect.Value, n *IdentifierNode) ([]reflect.Value, error) {
	switch n.Name {
	case "range":
		ev.sawRange = true
		return in, nil
	case "end":
		if ev.rangeDepth == 0 {
			return nil, fmt.Errorf("not in range, nothing to end")
		}
		ev.sawEnd = true
		return []reflect.Value{}, nil
	}
	return nil, fmt.Errorf("unrecognized identifier %v", n.Name)
}

// field selects a struct field (by json tag, through inlined embedded
// structs, then by Go name) or a map key from every input.
func (ev *evaluator) field(in []reflect.Value, n *FieldNode) ([]reflect.Value, error) {
	out := []reflect.Value{}
	if len(in) == 0 {
		return out, nil
	}
	for _, v := range in {
		v, isNil := indirect(v)
		if isNil {
			continue
		}
		var found reflect.Value
		switch v.Kind() {
		case reflect.Struct:
			found = structField(v, n.Value)
		case reflect.Map:
			key := reflect.ValueOf(n.Value)
			keyType := v.Type().Key()
			if !key.Type().ConvertibleTo(keyType) {
				return nil, fmt.Errorf("%s is not convertible to %s", n.Value, keyType)
			}
			found = v.MapIndex(key.Convert(keyType))
		}
		if found.IsValid() {
			out = append(out, found)
		}
	}
	if len(out) == 0 && !ev.allowMissingKeys {
		return out, fmt.Errorf("%s is not found", n.Value)
	}
	return out, nil
}

// structField finds the field of v whose json name is name, looking into
// embedded structs without a json name, and falls back to the Go field name.
func structField(v reflect.Value, name string) reflect.Value {
	t := v.Type()
	var inline reflect.Value
	for i := range t.NumField() {
		f := t.Field(i)
		jsonName, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if jsonName == name {
			return v.Field(i)
		}
		if jsonName == "" && f.Anonymous {
			inline = v.Field(i)
		}
	}
	if inline.IsValid() && inline.Kind() == reflect.Struct {
		if found := structField(inline, name); found.IsValid() {
			return found
		}
	}
	return v.FieldByName(name)
}

// appendChildren appends the elements of a list or string, or the values of
// a map (in key order when the keys sort) or struct (exported fields only).
func appendChildren(out []reflect.Value, v reflect.Value) []reflect.Value {
	v, isNil := indirect(v)
	if isNil {
		return out
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				out = append(out, v.Field(i))
			}
		}
	case reflect.Map:
		for _, k := range sortedKeys(v) {
			out = append(out, v.MapIndex(k))
		}
	case reflect.Array, reflect.Slice, reflect.String:
		for i := range v.Len() {
			out = append(out, v.Index(i))
		}
	}
	return out
}

// sortedKeys returns the map's keys, sorted when they are strings or
// integers so that output does not depend on map iteration order.
func sortedKeys(m reflect.Value) []reflect.Value {
	keys := m.MapKeys()
	switch m.Type().Key().Kind() {
	case reflect.String:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.Int(), b.Int()) })
	}
	return keys
}

// recursive returns each input that has children, followed by the same for
// its descendants, depth first.
func (ev *evaluator) recursive(in []reflect.Value) []reflect.Value {
	out := []reflect.Value{}
	for _, v := range in {
		v, isNil := indirect(v)
		if isNil {
			continue
		}
		children := appendChildren(nil, v)
		if len(children) == 0 {
			continue
		}
		out = append(out, v)
		out = append(out, ev.recursive(children)...)
	}
	return out
}

// array applies an index or slice to every input list.
func (ev *evaluator) array(in []reflect.Value, n *ArrayNode) ([]reflect.Value, error) {
	out := []reflect.Value{}
	for _, v := range in {
		v, isNil := indirect(v)
		if isNil || !v.IsValid() {
			continue
		}
		if v.Kind() != reflect.Array && v.Kind() != reflect.Slice {
			return nil, fmt.Errorf("%v is not array or slice", v.Type())
		}
		length := v.Len()
		start, end, step := 0, length, 1
		if p := n.Params[0]; p.Known {
			start = p.Value
		}
		if start < 0 {
			start += length
		}
		if p := n.Params[1]; p.Known {
			end = p.Value
			if end < 0 || (end == 0 && p.Derived) {
				end += length
			}
		}
		if start == end {
			continue // an empty selection is never out of bounds
		}
		switch {
		case start < 0 || start >= length:
			return nil, fmt.Errorf("array index out of bounds: index %d, length %d", start, length)
		case end < 0 || end > length:
			return nil, fmt.Errorf("array index out of bounds: index %d, length %d", end-1, length)
		case start > end:
			return nil, fmt.Errorf("starting index %d is greater than ending index %d", start, end)
		}
		if p := n.Params[2]; p.Known {
			if p.Value <= 0 {
				return nil, fmt.Errorf("step must be > 0")
			}
			step = p.Value
		}
		for i := start; i < end; i += step {
			out = append(out, v.Index(i))
		}
	}
	return out, nil
}

// filter keeps the elements of every input list for which the condition holds.
func (ev *evaluator) filter(in []reflect.Value, n *FilterNode) ([]reflect.Value, error) {
	out := []reflect.Value{}
	for _, v := range in {
		v, _ = indirect(v)
		if v.Kind() != reflect.Array && v.Kind() != reflect.Slice {
			return nil, fmt.Errorf("%v is not array or slice and cannot be filtered", describe(v))
		}
		for i := range v.Len() {
			elem := v.Index(i)
			ok, err := ev.matches(elem, n)
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, elem)
			}
		}
	}
	return out, nil
}

// describe renders a value for an error message without risking a panic.
func describe(v reflect.Value) interface{} {
	if !v.IsValid() || !v.CanInterface() {
		return v
	}
	return v.Interface()
}

// matches evaluates a filter condition for one element.
func (ev *evaluator) matches(elem reflect.Value, n *FilterNode) (bool, error) {
	lefts, err := ev.list([]reflect.Value{elem}, n.Left)
	if n.Operator == "exists" {
		return len(lefts) > 0, nil
	}
	if err != nil {
		return false, err
	}
	left, ok, err := single(lefts)
	if !ok || err != nil {
		return false, err
	}
	rights, err := ev.list([]reflect.Value{elem}, n.Right)
	if err != nil {
		return false, err
	}
	right, ok, err := single(rights)
	if !ok || err != nil {
		return false, err
	}
	return compare(n.Operator, left, right)
}

// single returns the only value of an operand: ok is false when it has none,
// and more than one is an error.
func single(vs []reflect.Value) (interface{}, bool, error) {
	switch len(vs) {
	case 0:
		return nil, false, nil
	case 1:
		x, err := interfaceOf(vs[0])
		return x, err == nil, err
	}
	return nil, false, fmt.Errorf("can only compare one element at a time")
}
