package jsonpath

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
)

// JSONPath is a parsed template plus the options that control evaluation.
// Create one with New, then call Parse once; FindResults, Execute and
// PrintResults may then be called any number of times, but not concurrently
// with Parse or with the option setters.
type JSONPath struct {
	name             string
	parser           *Parser
	allowMissingKeys bool
	outputJSON       bool
}

// New returns an empty template named name; the name appears in errors.
func New(name string) *JSONPath {
	return &JSONPath{name: name}
}

// AllowMissingKeys chooses what happens when a field or map key selects
// nothing: an empty result when allow is true, an error "<key> is not found"
// when it is false (the default). It returns j so calls can be chained.
func (j *JSONPath) AllowMissingKeys(allow bool) *JSONPath {
	j.allowMissingKeys = allow
	return j
}

// EnableJSONOutput makes PrintResults write each group of results as one
// indented JSON array instead of space-separated text.
func (j *JSONPath) EnableJSONOutput(v bool) {
	j.outputJSON = v
}

// Parse parses text as the template. A template that fails to parse leaves j
// unusable until the next successful Parse.
func (j *JSONPath) Parse(text string) error {
	p, err := Parse(j.name, text)
	j.parser = p
	return err
}

// Execute evaluates the template against data and writes the text of every
// result to wr, as PrintResults formats it.
func (j *JSONPath) Execute(wr io.Writer, data interface{}) error {
	groups, err := j.FindResults(data)
	if err != nil {
		return err
	}
	for _, g := range groups {
		if err := j.PrintResults(wr, g); err != nil {
			return err
		}
	}
	return nil
}

// FindResults evaluates the template against data without printing. It
// returns one group of values per piece of literal text or action, in
// template order; the body of a range contributes its groups once per item.
// A range without a matching end extends to the end of the template (client-go
// evaluates such a body once more against the outer object).
// The values point into data: callers must not modify them if data is shared.
func (j *JSONPath) FindResults(data interface{}) ([][]reflect.Value, error) {
	if j.parser == nil {
		return nil, fmt.Errorf("%s is an incomplete jsonpath template", j.name)
	}
	ev := &evaluator{allowMissingKeys: j.allowMissingKeys}
	groups, _, err := ev.block(j.parser.Root.Nodes, 0, reflect.ValueOf(data))
	if err != nil {
		return nil, err
	}
	return groups, nil
}

// PrintResults writes one group of results to wr, separated by spaces. Maps,
// slices, arrays and structs are written as compact JSON, everything else as
// fmt.Print would (null for a nil interface). With EnableJSONOutput(true) the
// whole group is written as one indented JSON array followed by a newline.
func (j *JSONPath) PrintResults(wr io.Writer, results []reflect.Value) error {
	if j.outputJSON {
		all := make([]interface{}, 0, len(results))
		for _, r := range results {
			v, err := interfaceOf(r)
			if err != nil {
				return err
			}
			all = append(all, v)
		}
		text, err := json.MarshalIndent(all, "", "    ")
		if err != nil {
			return err
		}
		_, err = wr.Write(append(text, '\n'))
		return err
	}
	for i, r := range results {
		text, err := formatValue(r)
		if err != nil {
			return err
		}
		if i < len(results)-1 {
			text = append(text, ' ')
		}
		if _, err := wr.Write(text); err != nil {
			return err
		}
	}
	return nil
}

// formatValue renders one result: composite values as JSON, others as text.
func formatValue(v reflect.Value) ([]byte, error) {
	kind := v.Kind()
	if kind == reflect.Interface {
		kind = v.Elem().Kind()
	}
	switch kind {
	case reflect.Map, reflect.Slice, reflect.Array, reflect.Struct:
		x, err := interfaceOf(v)
		if err != nil {
			return nil, err
		}
		return json.Marshal(x)
	}
	return formatScalar(v)
}

// formatScalar renders a non-composite value the way fmt.Print does, using its
// String or Error method when it (or its address) has one.
func formatScalar(v reflect.Value) ([]byte, error) {
	if v.Kind() == reflect.Pointer {
		v, _ = indirect(v)
	}
	if !v.IsValid() {
		return []byte("<no value>"), nil
	}
	if !implementsPrinter(v.Type()) && v.CanAddr() && implementsPrinter(reflect.PointerTo(v.Type())) {
		v = v.Addr()
	} else if k := v.Kind(); !implementsPrinter(v.Type()) && (k == reflect.Chan || k == reflect.Func) {
		return nil, fmt.Errorf("can't print type %s", v.Type())
	}
	x, err := interfaceOf(v)
	if err != nil {
		return nil, err
	}
	if x == nil {
		return []byte("null"), nil
	}
	return []byte(fmt.Sprint(x)), nil
}

var (
	stringerType = reflect.TypeFor[fmt.Stringer]()
	errorType    = reflect.TypeFor[error]()
)

func implementsPrinter(t reflect.Type) bool {
	return t.Implements(stringerType) || t.Implements(errorType)
}

// interfaceOf is v.Interface() that reports unexported struct fields as an
// error instead of panicking.
func interfaceOf(v reflect.Value) (interface{}, error) {
	if !v.IsValid() {
		return nil, nil
	}
	if !v.CanInterface() {
		return nil, fmt.Errorf("cannot read unexported value of type %s", v.Type())
	}
	return v.Interface(), nil
}

// indirect follows pointers and empty interfaces down to a concrete value. It
// stops at a nil (reporting isNil) and at a non-empty interface.
func indirect(v reflect.Value) (rv reflect.Value, isNil bool) {
	for {
		switch k := v.Kind(); {
		case k != reflect.Pointer && k != reflect.Interface:
			return v, false
		case v.IsNil():
			return v, true
		case k == reflect.Interface && v.NumMethod() > 0:
			return v, false
		}
		v = v.Elem()
	}
}
