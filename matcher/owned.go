package matcher

import "github.com/creatormatch/creatormatch"

// Creators come from Store.GetCreators, which returns read-only values a
// store may share with other readers (store/memory returns its stored
// creators). The matcher never modifies them; what it hands to callers
// (the Features of a returned match, and the post ids its reasons cite)
// is copied first by ownFeatures, for the page only, so callers may modify
// responses freely.

// ownFeatures deep-copies f (creatormatch.Features.Clone): the page's
// creators come from GetCreators, read-only and possibly shared with other
// readers, and reasons are written into the copy. TestOwnFeaturesComplete
// fails when a reference field is added to Features without being copied.
func ownFeatures(f *creatormatch.Features) *creatormatch.Features { return f.Clone() }
