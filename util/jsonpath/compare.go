package jsonpath

import (
	"errors"
	"fmt"
	"reflect"
)

var (
	errCompareType  = errors.New("invalid type for comparison")
	errCompareMixed = errors.New("incompatible types for comparison")
)

// scalarClass groups reflect kinds that compare with each other.
type scalarClass int

const (
	classBool scalarClass = iota + 1
	classInt
	classUint
	classFloat
	classComplex
	classString
)

func classify(v reflect.Value) (scalarClass, error) {
	switch v.Kind() {
	case reflect.Bool:
		return classBool, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return classInt, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return classUint, nil
	case reflect.Float32, reflect.Float64:
		return classFloat, nil
	case reflect.Complex64, reflect.Complex128:
		return classComplex, nil
	case reflect.String:
		return classString, nil
	}
	return 0, errCompareType
}

// compare applies a filter operator to two scalars. Values must be of the
// same class (a signed and an unsigned integer may be mixed): comparing a
// float with an int literal is an error, as is ordering bools or complex
// numbers. Operands of other kinds (maps, lists, null) cannot be compared.
func compare(op string, a, b interface{}) (bool, error) {
	switch op {
	case "==", "!=", "<", ">=", "<=", ">":
	default:
		return false, fmt.Errorf("unrecognized filter operator %s", op)
	}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	ca, err := classify(va)
	if err != nil {
		return false, err
	}
	cb, err := classify(vb)
	if err != nil {
		return false, err
	}
	switch op {
	case "==", "!=":
		eq, err := equalValues(va, vb, ca, cb)
		return eq == (op == "=="), err
	case "<", ">=":
		less, err := lessValues(va, vb, ca, cb)
		return less == (op == "<"), err
	case "<=", ">":
		less, err := lessValues(va, vb, ca, cb)
		if err != nil {
			return false, err
		}
		eq, err := equalValues(va, vb, ca, cb)
		if err != nil {
			return false, err
		}
		return (less || eq) == (op == "<="), nil
	}
	panic("unreachable")
}

func equalValues(a, b reflect.Value, ca, cb scalarClass) (bool, error) {
	if ca != cb {
		switch {
		case ca == classInt && cb == classUint:
			return a.Int() >= 0 && uint64(a.Int()) == b.Uint(), nil
		case ca == classUint && cb == classInt:
			return b.Int() >= 0 && a.Uint() == uint64(b.Int()), nil
		}
		return false, errCompareMixed
	}
	switch ca {
	case classBool:
		return a.Bool() == b.Bool(), nil
	case classInt:
		return a.Int() == b.Int(), nil
	case classUint:
		return a.Uint() == b.Uint(), nil
	case classFloat:
		return a.Float() == b.Float(), nil
	case classComplex:
		return a.Complex() == b.Complex(), nil
	default:
		return a.String() == b.String(), nil
	}
}

func lessValues(a, b reflect.Value, ca, cb scalarClass) (bool, error) {
	if ca != cb {
		switch {
		case ca == classInt && cb == classUint:
			return a.Int() < 0 || uint64(a.Int()) < b.Uint(), nil
		case ca == classUint && cb == classInt:
			return b.Int() >= 0 && a.Uint() < uint64(b.Int()), nil
		}
		return false, errCompareMixed
	}
	switch ca {
	case classInt:
		return a.Int() < b.Int(), nil
	case classUint:
		return a.Uint() < b.Uint(), nil
	case classFloat:
		return a.Float() < b.Float(), nil
	case classString:
		return a.String() < b.String(), nil
	}
	return false, errCompareType
}
