package catalog

import (
	"context"
	"fmt"
	"reflect"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/features"
)

// Bulk is a load of many creators in batches (`creatormatch ingest`, the
// demo catalogue, the evaluation harness). Each batch is written as Upsert
// writes it, its engagement ranked against the peers written so far; Finish
// then re-ranks every creator the load wrote against the peer table of the
// whole load, so the first batches are not left ranked against a table
// that held (next to) nothing — percentiles that would all be the prior's.
//
// A Bulk is not safe for concurrent use; the Service under it is.
type Bulk struct {
	s    *Service
	ids  []string
	seen map[string]bool
}

// Bulk starts a bulk load.
func (s *Service) Bulk() *Bulk { return &Bulk{s: s, seen: map[string]bool{}} }

// Upsert writes one batch as Service.Upsert does and remembers its
// creators for Finish.
func (b *Bulk) Upsert(ctx context.Context, creators []creatormatch.Creator) error {
	if err := b.s.Upsert(ctx, creators); err != nil {
		return err
	}
	for i := range creators {
		if id := creators[i].ID; !b.seen[id] {
			b.seen[id] = true
			b.ids = append(b.ids, id)
		}
	}
	return nil
}

// Check is Service.Check.
func (b *Bulk) Check(c *creatormatch.Creator) error { return b.s.Check(c) }

// Written is how many distinct creators the load has written.
func (b *Bulk) Written() int { return len(b.ids) }

// Finish re-ranks the creators the load wrote against a fresh peer table
// (see RecomputePeers) and returns how many it rewrote. fn (may be nil) is
// called with the number of creators checked so far.
func (b *Bulk) Finish(ctx context.Context, fn func(done int)) (int, error) {
	return b.s.RecomputePeers(ctx, b.ids, fn)
}

// peerBatch is how many creators RecomputePeers reads and writes at once.
const peerBatch = 200

// RecomputePeers recomputes, against a peer table reloaded from the store,
// the features of the creators ids that depend on it — engagement
// percentile, authenticity, cost (features.WithPeers) — and rewrites those
// whose features changed, with the vectors the store holds: nothing is
// embedded and no other feature is recomputed, so it costs a read and
// (where something changed) a write per creator, far less than the
// embedding of a first ingest. Creators not found, without features, or
// without stored vectors of the embedder's model for their texts are
// skipped. It returns how many creators it rewrote; fn (may be nil) is
// called after each batch with the number checked so far.
func (s *Service) RecomputePeers(ctx context.Context, ids []string, fn func(done int)) (int, error) {
	s.RefreshPeers()
	peers, _, err := s.peerTable(ctx)
	if err != nil {
		return 0, err
	}
	model := s.embedder.Model()
	rewritten := 0
	for i := 0; i < len(ids); i += peerBatch {
		part := ids[i:min(i+peerBatch, len(ids))]
		stored, err := s.store.GetCreators(ctx, part)
		if err != nil {
			return rewritten, fmt.Errorf("read creators: %w", err)
		}
		var changed []*creatormatch.Creator
		for _, c := range stored {
			if c.Features == nil {
				continue
			}
			f := features.WithPeers(c, *c.Features, peers, s.cfg)
			if peerFeaturesEqual(&f, c.Features) {
				continue
			}
			// GetCreators' creators are shared and read only: write a copy
			// that points at the new features.
			cc := *c
			cc.Features = &f
			changed = append(changed, &cc)
		}
		if len(changed) > 0 {
			n, err := s.rewrite(ctx, model, changed)
			rewritten += n
			if err != nil {
				return rewritten, err
			}
		}
		if fn != nil {
			fn(i + len(part))
		}
	}
	return rewritten, nil
}

// rewrite writes creators with their stored vectors of model.
func (s *Service) rewrite(ctx context.Context, model string, creators []*creatormatch.Creator) (int, error) {
	ids := make([]string, len(creators))
	for i, c := range creators {
		ids[i] = c.ID
	}
	profiles, err := s.store.ProfileVectors(ctx, model, ids)
	if err != nil {
		return 0, fmt.Errorf("read profile vectors: %w", err)
	}
	contents, err := s.store.ContentVectors(ctx, model, ids)
	if err != nil {
		return 0, fmt.Errorf("read content vectors: %w", err)
	}
	records := make([]creatormatch.CreatorRecord, 0, len(creators))
	for _, c := range creators {
		if profiles[c.ID] == nil && len(creatorTexts([]creatormatch.Creator{*c})) > 0 {
			// Its vectors are of another model (or missing): writing it
			// would drop them. `features recompute` re-embeds it.
			s.log.WarnContext(ctx, "peer recompute: creator has no vectors of the model; left as is", "creator", c.ID, "model", model)
			continue
		}
		records = append(records, creatormatch.CreatorRecord{
			Creator:        c,
			Model:          model,
			Dimension:      s.embedder.Dimension(),
			Profile:        profiles[c.ID],
			ContentVectors: contents[c.ID],
		})
	}
	if len(records) == 0 {
		return 0, nil
	}
	if err := s.store.UpsertCreators(ctx, records); err != nil {
		return 0, err
	}
	return len(records), nil
}

// peerFeaturesEqual reports whether the features WithPeers recomputes are
// the same in a and b.
func peerFeaturesEqual(a, b *creatormatch.Features) bool {
	return reflect.DeepEqual(a.EngagementRate, b.EngagementRate) &&
		reflect.DeepEqual(a.Authenticity, b.Authenticity) &&
		reflect.DeepEqual(a.Cost, b.Cost)
}
