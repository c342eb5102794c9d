// Package deepcheck helps tests prove that a hand-written deep copy is
// complete: Fill sets every exported field of a value, so a field the copy
// forgets shows up as a difference, and Shared lists what a copy still
// shares with its original, so a forgotten slice or pointer shows up as
// aliasing. It exists for tests (the domain's Features.Clone, store/pack's
// decoded creators); nothing in the product imports it.
package deepcheck

import (
	"fmt"
	"reflect"
	"time"
)

// Fill sets every exported field reachable from ptr (a pointer) to a
// non-zero value: slices get two elements, maps two entries, pointers a
// filled value, times a fixed date.
func Fill(ptr any) {
	n := 0
	fill(reflect.ValueOf(ptr).Elem(), &n)
}

// Shared returns the paths (rooted at name) of the pointers, slice backing
// arrays and maps reachable from cp that are also reachable from orig,
// through exported fields. A complete deep copy shares none.
func Shared(orig, cp any, name string) []string {
	a, b := map[uintptr]string{}, map[uintptr]string{}
	refs(reflect.ValueOf(orig), a, name)
	refs(reflect.ValueOf(cp), b, name)
	var out []string
	for p, path := range b {
		if _, ok := a[p]; ok {
			out = append(out, path)
		}
	}
	return out
}

func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(*n))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(*n) + 0.5)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), n)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), n)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(k, n)
			fill(e, n)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(time.Date(2024, 1, 1+*n%28, 0, 0, 0, 0, time.UTC)))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), n)
			}
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			fill(v.Index(i), n)
		}
	}
}

// refs collects the addresses of every pointer target, slice backing array
// and map reachable from v through exported fields (time.Time's location is
// shared by design and skipped).
func refs(v reflect.Value, out map[uintptr]string, path string) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			out[v.Pointer()] = path
			refs(v.Elem(), out, path+"*")
		}
	case reflect.Slice:
		if v.Cap() > 0 {
			out[v.Pointer()] = path
		}
		for i := 0; i < v.Len(); i++ {
			refs(v.Index(i), out, fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Map:
		if !v.IsNil() {
			out[v.Pointer()] = path
		}
		it := v.MapRange()
		for it.Next() {
			refs(it.Value(), out, path+"[]")
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				refs(v.Field(i), out, path+"."+v.Type().Field(i).Name)
			}
		}
	}
}
