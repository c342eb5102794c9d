package matcher

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
)

// fillAll sets every exported field reachable from v to a non-zero value.
func fillAll(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(*n) + 0.5)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fillAll(p.Elem(), n)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fillAll(s.Index(i), n)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fillAll(k, n)
			fillAll(e, n)
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
				fillAll(v.Field(i), n)
			}
		}
	}
}

// references collects what v points at: pointer targets, slice backing
// arrays and maps reachable through exported fields.
func references(v reflect.Value, out map[uintptr]string, path string) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			out[v.Pointer()] = path
			references(v.Elem(), out, path+"*")
		}
	case reflect.Slice:
		if v.Cap() > 0 {
			out[v.Pointer()] = path
		}
		for i := 0; i < v.Len(); i++ {
			references(v.Index(i), out, fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Map:
		if !v.IsNil() {
			out[v.Pointer()] = path
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				references(v.Field(i), out, path+"."+v.Type().Field(i).Name)
			}
		}
	}
}

func TestOwnFeaturesComplete(t *testing.T) {
	f := &creatormatch.Features{}
	n := 0
	fillAll(reflect.ValueOf(f).Elem(), &n)
	got := ownFeatures(f)
	require.Equal(t, f, got)
	a, b := map[uintptr]string{}, map[uintptr]string{}
	references(reflect.ValueOf(f), a, "f")
	references(reflect.ValueOf(got), b, "f")
	for p, path := range b {
		if _, shared := a[p]; shared {
			t.Errorf("ownFeatures shares %s with the original", path)
		}
	}
	require.Nil(t, ownFeatures(nil))
	empty := &creatormatch.Features{}
	require.Equal(t, empty, ownFeatures(empty))
}

// The signal indices used while scoring follow SignalNames.
func TestSignalIndices(t *testing.T) {
	require.Len(t, SignalNames, numSignals)
	for i, name := range map[int]string{
		iSemantic: SignalSemantic, iNiche: SignalNiche, iAudience: SignalAudience, iEngagement: SignalEngagement,
		iAuthenticity: SignalAuthenticity, iConsistency: SignalConsistency, iBrandSafety: SignalBrandSafety,
		iCost: SignalCost, iDisclosure: SignalDisclosure,
	} {
		require.Equal(t, name, SignalNames[i])
	}
}
