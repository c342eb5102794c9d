package memory

import (
	"reflect"
	"sync"
)

// clone deep-copies a value the store keeps (API keys, feedback events:
// not on request paths that copy in bulk; creators are held packed and
// unpacked afresh, see pack.Encode). It is generic by reflection so new
// domain fields are copied without updating a hand-written copier; values
// without exported reference fields (time.Time) are copied by assignment.
func clone[T any](v T) T {
	rv := reflect.ValueOf(&v).Elem()
	return deepCopy(rv).Interface().(T)
}

func deepCopy(v reflect.Value) reflect.Value {
	t := v.Type()
	if !needsDeep(t) {
		return v
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		n := reflect.New(t.Elem())
		n.Elem().Set(deepCopy(v.Elem()))
		return n
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		n := reflect.MakeSlice(t, v.Len(), v.Len())
		if !needsDeep(t.Elem()) {
			reflect.Copy(n, v)
			return n
		}
		for i := 0; i < v.Len(); i++ {
			n.Index(i).Set(deepCopy(v.Index(i)))
		}
		return n
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		n := reflect.MakeMapWithSize(t, v.Len())
		it := v.MapRange()
		for it.Next() {
			n.SetMapIndex(it.Key(), deepCopy(it.Value()))
		}
		return n
	case reflect.Array:
		n := reflect.New(t).Elem()
		for i := 0; i < v.Len(); i++ {
			n.Index(i).Set(deepCopy(v.Index(i)))
		}
		return n
	case reflect.Struct:
		n := reflect.New(t).Elem()
		n.Set(v)
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.IsExported() && needsDeep(f.Type) {
				n.Field(i).Set(deepCopy(v.Field(i)))
			}
		}
		return n
	}
	return v
}

var deepCache sync.Map // reflect.Type -> bool

// needsDeep reports whether values of t hold references reachable through
// exported fields that a shallow copy would share.
func needsDeep(t reflect.Type) bool {
	if b, ok := deepCache.Load(t); ok {
		return b.(bool)
	}
	deepCache.Store(t, true) // provisional, breaks recursion on cyclic types
	b := computeNeedsDeep(t)
	deepCache.Store(t, b)
	return b
}

func computeNeedsDeep(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return true
	case reflect.Array:
		return needsDeep(t.Elem())
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.IsExported() && needsDeep(f.Type) {
				return true
			}
		}
	}
	return false
}
