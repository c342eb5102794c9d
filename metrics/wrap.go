package metrics

import (
	"context"
	"time"

	"github.com/creatormatch/creatormatch"
)

// Embedder is what the embedder decorator wraps (embeddings.Embedder).
type Embedder interface {
	EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error)
	EmbedQuery(ctx context.Context, text string) ([]float32, error)
	Model() string
	Dimension() int
}

type embedder struct {
	Embedder
	m *Metrics
}

// WrapEmbedder measures every embedding call.
func (m *Metrics) WrapEmbedder(e Embedder) Embedder { return embedder{e, m} }

func (e embedder) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	start := time.Now()
	v, err := e.Embedder.EmbedDocuments(ctx, texts)
	e.m.embed.WithLabelValues("documents").Observe(time.Since(start).Seconds())
	if err == nil {
		e.m.texts.Add(float64(len(texts)))
	}
	return v, err
}

func (e embedder) EmbedQuery(ctx context.Context, text string) ([]float32, error) {
	start := time.Now()
	v, err := e.Embedder.EmbedQuery(ctx, text)
	e.m.embed.WithLabelValues("query").Observe(time.Since(start).Seconds())
	if err == nil {
		e.m.texts.Inc()
	}
	return v, err
}

type store struct {
	creatormatch.Store
	m *Metrics
}

// WrapStore measures every store call by method and outcome. The wrapper
// keeps the optional creatormatch.ProfileScorer of the store it wraps, and
// is always a creatormatch.HealthChecker: Ready is the wrapped store's, or
// its Ping when it has none.
func (m *Metrics) WrapStore(s creatormatch.Store) creatormatch.Store {
	if _, ok := s.(creatormatch.ProfileScorer); ok {
		return scorerStore{store{s, m}}
	}
	return store{s, m}
}

// scorerStore is a wrapped store that is also a ProfileScorer.
type scorerStore struct{ store }

func (s scorerStore) ProfileSimilarities(ctx context.Context, model string, q []float32, ids []string) (map[string]float64, error) {
	start := time.Now()
	v, err := s.Store.(creatormatch.ProfileScorer).ProfileSimilarities(ctx, model, q, ids)
	s.observe("ProfileSimilarities", start, err)
	return v, err
}

// Unwrap is the wrapped store (creatormatch.StoreWrapper), so that
// creatormatch.StoreAs finds the optional interfaces the wrapper does not
// forward (SharedRateLimiter, ConsistencyTokener).
func (s store) Unwrap() creatormatch.Store { return s.Store }

func (s store) observe(method string, start time.Time, err error) {
	s.m.store.WithLabelValues(method, outcome(err)).Observe(time.Since(start).Seconds())
}

func (s store) UpsertCreators(ctx context.Context, r []creatormatch.CreatorRecord) error {
	start := time.Now()
	err := s.Store.UpsertCreators(ctx, r)
	s.observe("UpsertCreators", start, err)
	return err
}

func (s store) GetCreator(ctx context.Context, id string) (*creatormatch.Creator, error) {
	start := time.Now()
	c, err := s.Store.GetCreator(ctx, id)
	s.observe("GetCreator", start, err)
	return c, err
}

func (s store) GetCreators(ctx context.Context, ids []string) ([]*creatormatch.Creator, error) {
	start := time.Now()
	c, err := s.Store.GetCreators(ctx, ids)
	s.observe("GetCreators", start, err)
	return c, err
}

func (s store) DeleteCreator(ctx context.Context, id string) error {
	start := time.Now()
	err := s.Store.DeleteCreator(ctx, id)
	s.observe("DeleteCreator", start, err)
	return err
}

func (s store) SearchDense(ctx context.Context, q creatormatch.DenseQuery) ([]creatormatch.Hit, error) {
	start := time.Now()
	h, err := s.Store.SearchDense(ctx, q)
	s.observe("SearchDense", start, err)
	return h, err
}

func (s store) BrowseCreators(ctx context.Context, q creatormatch.BrowseQuery) ([]*creatormatch.Creator, error) {
	start := time.Now()
	cs, err := s.Store.BrowseCreators(ctx, q)
	s.observe("BrowseCreators", start, err)
	return cs, err
}

func (s store) SearchLexical(ctx context.Context, q creatormatch.LexicalQuery) ([]creatormatch.Hit, error) {
	start := time.Now()
	h, err := s.Store.SearchLexical(ctx, q)
	s.observe("SearchLexical", start, err)
	return h, err
}

func (s store) ProfileVectors(ctx context.Context, model string, ids []string) (map[string][]float32, error) {
	start := time.Now()
	v, err := s.Store.ProfileVectors(ctx, model, ids)
	s.observe("ProfileVectors", start, err)
	return v, err
}

func (s store) ContentVectors(ctx context.Context, model string, ids []string) (map[string]map[string][]float32, error) {
	start := time.Now()
	v, err := s.Store.ContentVectors(ctx, model, ids)
	s.observe("ContentVectors", start, err)
	return v, err
}

func (s store) CachedEmbeddings(ctx context.Context, model string, keys []string) (map[string][]float32, error) {
	start := time.Now()
	v, err := s.Store.CachedEmbeddings(ctx, model, keys)
	s.observe("CachedEmbeddings", start, err)
	return v, err
}

func (s store) CacheEmbeddings(ctx context.Context, model string, v map[string][]float32) error {
	start := time.Now()
	err := s.Store.CacheEmbeddings(ctx, model, v)
	s.observe("CacheEmbeddings", start, err)
	return err
}

func (s store) AddFeedback(ctx context.Context, ev []creatormatch.FeedbackEvent) error {
	start := time.Now()
	err := s.Store.AddFeedback(ctx, ev)
	s.observe("AddFeedback", start, err)
	return err
}

func (s store) BlockCreator(ctx context.Context, e creatormatch.BlockEntry) (bool, error) {
	start := time.Now()
	added, err := s.Store.BlockCreator(ctx, e)
	s.observe("BlockCreator", start, err)
	return added, err
}

func (s store) UnblockCreator(ctx context.Context, workspace, creatorID string) error {
	start := time.Now()
	err := s.Store.UnblockCreator(ctx, workspace, creatorID)
	s.observe("UnblockCreator", start, err)
	return err
}

func (s store) ListBlocked(ctx context.Context, p creatormatch.BlockPage) ([]creatormatch.BlockEntry, error) {
	start := time.Now()
	out, err := s.Store.ListBlocked(ctx, p)
	s.observe("ListBlocked", start, err)
	return out, err
}

func (s store) BlockedIDs(ctx context.Context, workspace string) ([]string, error) {
	start := time.Now()
	out, err := s.Store.BlockedIDs(ctx, workspace)
	s.observe("BlockedIDs", start, err)
	return out, err
}

func (s store) AddWeights(ctx context.Context, v creatormatch.WeightVersion) (creatormatch.WeightVersion, error) {
	start := time.Now()
	out, err := s.Store.AddWeights(ctx, v)
	s.observe("AddWeights", start, err)
	return out, err
}

func (s store) WeightHistory(ctx context.Context, workspace string, goal creatormatch.Goal, limit int) ([]creatormatch.WeightVersion, error) {
	start := time.Now()
	out, err := s.Store.WeightHistory(ctx, workspace, goal, limit)
	s.observe("WeightHistory", start, err)
	return out, err
}

func (s store) CurrentWeights(ctx context.Context, workspace string) (map[creatormatch.Goal]creatormatch.WeightVersion, error) {
	start := time.Now()
	out, err := s.Store.CurrentWeights(ctx, workspace)
	s.observe("CurrentWeights", start, err)
	return out, err
}

func (s store) Ping(ctx context.Context) error {
	start := time.Now()
	err := s.Store.Ping(ctx)
	s.observe("Ping", start, err)
	return err
}

func (s store) Ready(ctx context.Context) error {
	hc, ok := s.Store.(creatormatch.HealthChecker)
	if !ok {
		return s.Ping(ctx)
	}
	start := time.Now()
	err := hc.Ready(ctx)
	s.observe("Ready", start, err)
	return err
}

func (s store) CreateList(ctx context.Context, l creatormatch.List) (creatormatch.List, error) {
	start := time.Now()
	out, err := s.Store.CreateList(ctx, l)
	s.observe("CreateList", start, err)
	return out, err
}

func (s store) GetList(ctx context.Context, workspace, id string) (creatormatch.List, error) {
	start := time.Now()
	out, err := s.Store.GetList(ctx, workspace, id)
	s.observe("GetList", start, err)
	return out, err
}

func (s store) UpdateList(ctx context.Context, workspace, id string, name, description *string, at time.Time) (creatormatch.List, error) {
	start := time.Now()
	out, err := s.Store.UpdateList(ctx, workspace, id, name, description, at)
	s.observe("UpdateList", start, err)
	return out, err
}

func (s store) DeleteList(ctx context.Context, workspace, id string) error {
	start := time.Now()
	err := s.Store.DeleteList(ctx, workspace, id)
	s.observe("DeleteList", start, err)
	return err
}

func (s store) ListLists(ctx context.Context, p creatormatch.ListPage) ([]creatormatch.List, error) {
	start := time.Now()
	out, err := s.Store.ListLists(ctx, p)
	s.observe("ListLists", start, err)
	return out, err
}

func (s store) PutListItem(ctx context.Context, it creatormatch.ListItem) (creatormatch.ListItem, bool, error) {
	start := time.Now()
	out, added, err := s.Store.PutListItem(ctx, it)
	s.observe("PutListItem", start, err)
	return out, added, err
}

func (s store) DeleteListItem(ctx context.Context, workspace, listID, creatorID string) error {
	start := time.Now()
	err := s.Store.DeleteListItem(ctx, workspace, listID, creatorID)
	s.observe("DeleteListItem", start, err)
	return err
}

func (s store) ListItems(ctx context.Context, p creatormatch.ItemPage) ([]creatormatch.ListItem, error) {
	start := time.Now()
	out, err := s.Store.ListItems(ctx, p)
	s.observe("ListItems", start, err)
	return out, err
}

func (s store) AddNote(ctx context.Context, n creatormatch.Note) (creatormatch.Note, error) {
	start := time.Now()
	out, err := s.Store.AddNote(ctx, n)
	s.observe("AddNote", start, err)
	return out, err
}

func (s store) ListNotes(ctx context.Context, p creatormatch.NotePage) ([]creatormatch.Note, error) {
	start := time.Now()
	out, err := s.Store.ListNotes(ctx, p)
	s.observe("ListNotes", start, err)
	return out, err
}

func (s store) CreatorNotes(ctx context.Context, workspace string, creatorIDs []string) (map[string][]creatormatch.Note, error) {
	start := time.Now()
	out, err := s.Store.CreatorNotes(ctx, workspace, creatorIDs)
	s.observe("CreatorNotes", start, err)
	return out, err
}

func (s store) DeleteNote(ctx context.Context, workspace, creatorID, noteID string) error {
	start := time.Now()
	err := s.Store.DeleteNote(ctx, workspace, creatorID, noteID)
	s.observe("DeleteNote", start, err)
	return err
}

func (s store) ListMemberships(ctx context.Context, workspace string, creatorIDs []string) (map[string][]creatormatch.Membership, error) {
	start := time.Now()
	out, err := s.Store.ListMemberships(ctx, workspace, creatorIDs)
	s.observe("ListMemberships", start, err)
	return out, err
}
