package memory

import (
	"maps"
	"reflect"
	"slices"
	"sync"

	cm "github.com/creatormatch/creatormatch"
)

// cloneCreator deep-copies a stored creator, so callers can modify what
// reads return without touching stored state (readers share stored
// creators without locks, which is only safe if nothing ever mutates them).
//
// GetCreator and ScanCreators return such copies (GetCreators returns the
// stored, read-only creators). It is written out by hand because the
// reflective clone below is about four times slower. Strings are immutable and
// shared; every slice, map and pointer gets its own copy, and nil stays nil
// (empty stays empty). TestCloneCreatorComplete fills every exported field
// of Creator by reflection and fails when a field is added to the domain
// types without being copied here.
func cloneCreator(c *cm.Creator) *cm.Creator {
	if c == nil {
		return nil
	}
	n := *c
	n.Languages = slices.Clone(c.Languages)
	n.Niches = slices.Clone(c.Niches)
	if c.Accounts != nil {
		n.Accounts = slices.Clone(c.Accounts)
		for i := range n.Accounts {
			n.Accounts[i].FollowerHistory = slices.Clone(c.Accounts[i].FollowerHistory)
		}
	}
	if a := c.Audience; a != nil {
		na := cm.Audience{
			Age:       maps.Clone(a.Age),
			Gender:    maps.Clone(a.Gender),
			Countries: maps.Clone(a.Countries),
			Languages: maps.Clone(a.Languages),
			Interests: maps.Clone(a.Interests),
		}
		if a.Credibility != nil {
			v := *a.Credibility
			na.Credibility = &v
		}
		n.Audience = &na
	}
	if r := c.RateCard; r != nil {
		n.RateCard = &cm.RateCard{Currency: r.Currency, PerPost: maps.Clone(r.PerPost)}
	}
	if c.Content != nil {
		n.Content = slices.Clone(c.Content)
		for i := range n.Content {
			it := &n.Content[i]
			it.Hashtags = slices.Clone(it.Hashtags)
			it.Mentions = slices.Clone(it.Mentions)
			it.Sponsors = slices.Clone(it.Sponsors)
			it.Disclosures = slices.Clone(it.Disclosures)
			it.CommentSamples = slices.Clone(it.CommentSamples)
		}
	}
	if c.Features != nil {
		n.Features = c.Features.Clone()
	}
	return &n
}

// clone deep-copies any other value the store keeps (API keys, feedback
// events: not on request paths that copy in bulk). It is generic by
// reflection so new domain fields are copied without updating a
// hand-written copier; values without exported reference fields (time.Time)
// are copied by assignment.
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
