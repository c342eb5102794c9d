package memory

import (
	"context"
	"slices"
	"strings"

	cm "github.com/creatormatch/creatormatch"
)

// browseKey is e's key in the order s, from the filter fields kept at
// write time, so a browse never unpacks a creator it does not return. It
// computes what creatormatch.BrowseKeyOf computes from the creator.
func (ff *filterFields) browseKey(s cm.BrowseSort) cm.BrowseKey {
	switch s {
	case cm.SortEngagementRate:
		if ff.hasFeatures {
			return cm.BrowseKey{F: ff.engagement}
		}
	case cm.SortAuthenticity:
		if ff.hasFeatures {
			return cm.BrowseKey{F: ff.authenticity}
		}
	case cm.SortLastPost:
		return cm.BrowseKey{N: ff.lastPost}
	default:
		var most int64
		for _, a := range ff.accounts {
			most = max(most, a.followers)
		}
		return cm.BrowseKey{N: most}
	}
	return cm.BrowseKey{}
}

// browsePage keeps the first limit positions of a browse order seen so
// far, in order: a scan offers every passing creator, and a page of at
// most MaxBrowseLimit stays cheap to insert into (at 100k creators a
// full sort of the passing ones cost more than the scan).
type browsePage struct {
	limit int
	desc  bool
	pos   []cm.BrowsePosition
	es    []*entry
}

// before reports whether a is listed before b.
func (p *browsePage) before(a, b cm.BrowsePosition) bool {
	if p.desc {
		return a.Compare(b) > 0
	}
	return a.Compare(b) < 0
}

func (p *browsePage) offer(at cm.BrowsePosition, e *entry) {
	if len(p.pos) == p.limit && !p.before(at, p.pos[len(p.pos)-1]) {
		return
	}
	i, _ := slices.BinarySearchFunc(p.pos, at, func(x, t cm.BrowsePosition) int {
		if p.before(x, t) {
			return -1
		}
		return 1
	})
	p.pos = slices.Insert(p.pos, i, at)
	p.es = slices.Insert(p.es, i, e)
	if len(p.pos) > p.limit {
		p.pos, p.es = p.pos[:p.limit], p.es[:p.limit]
	}
}

// browseCheckEvery is how many entries a browse scans between checks of
// its context.
const browseCheckEvery = 4096

// BrowseCreators scans every creator under the read lock, keeping the
// first q.Limit that pass in browsePage, then reads them as GetCreators
// does (read-only, shared). A scan of 100k creators' filter fields takes a
// few milliseconds; no index would serve every filter and order.
func (s *Store) BrowseCreators(ctx context.Context, q cm.BrowseQuery) ([]*cm.Creator, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	if q.Limit <= 0 {
		return nil, nil
	}
	cf := compileFilter(q.Filter)
	text := cm.BrowseTextKey(q.Text)
	page := &browsePage{limit: q.Limit, desc: q.Desc}
	s.mu.RLock()
	n := 0
	for _, e := range s.creators {
		if n++; n%browseCheckEvery == 0 && ctx.Err() != nil {
			s.mu.RUnlock()
			return nil, ctxErr(ctx.Err())
		}
		if !cf.pass(e.id, &e.ff) || (text != "" && !strings.Contains(e.ff.search, text)) {
			continue
		}
		at := cm.BrowsePosition{Key: e.ff.browseKey(q.Sort), ID: e.id}
		if q.After != nil && !page.before(*q.After, at) {
			continue
		}
		page.offer(at, e)
	}
	s.mu.RUnlock()
	return s.decoded.get(page.es)
}
