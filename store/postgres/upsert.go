package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"github.com/creatormatch/creatormatch"
)

// upsertCreatorSQL inserts or replaces one creators row. The tsvector is
// computed by the server from three texts so that the weights (A: name and
// niches, B: bio, C: captions and hashtags) live in one place. created_at
// and updated_at are the creator's own (ingest sets them); stored_at is the
// transaction time.
const upsertCreatorSQL = `
INSERT INTO creators (id, data, features, name, country, languages, tier, er_platform,
	engagement_rate, authenticity, safety_flags, brands, niches, tsv, created_at, updated_at, stored_at, er_tier,
	followers, last_post_us, search_text)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
	setweight(to_tsvector('english', $14::text), 'A') ||
	setweight(to_tsvector('english', $15::text), 'B') ||
	setweight(to_tsvector('english', $16::text), 'C'),
	$17, $18, now(), $19, $20, $21, $22)
ON CONFLICT (id) DO UPDATE SET
	data = excluded.data, features = excluded.features, name = excluded.name,
	country = excluded.country, languages = excluded.languages, tier = excluded.tier,
	er_platform = excluded.er_platform, er_tier = excluded.er_tier, engagement_rate = excluded.engagement_rate,
	authenticity = excluded.authenticity, safety_flags = excluded.safety_flags,
	brands = excluded.brands, niches = excluded.niches, tsv = excluded.tsv,
	created_at = excluded.created_at, updated_at = excluded.updated_at, stored_at = excluded.stored_at,
	followers = excluded.followers, last_post_us = excluded.last_post_us, search_text = excluded.search_text`

var (
	accountColumns = []string{"creator_id", "position", "platform", "handle", "followers",
		"following", "verified", "follower_history"}
	contentColumns = []string{"creator_id", "id", "position", "platform", "posted_at", "caption",
		"hashtags", "mentions", "likes", "comments", "shares", "saves", "views", "sponsored",
		"sponsors", "disclosures", "comment_samples", "url"}
	audienceColumns = []string{"creator_id", "age", "gender", "countries", "languages", "interests", "credibility"}
	// country and tier are copies of the creators columns on the profile
	// vector row (migration 007): a dense search filtered by them reads the
	// vector rows alone.
	embeddingColumns = []string{"creator_id", "kind", "item_id", "model", "dim", "embedding", "country", "tier"}
)

// safetyFlag is the part of a brand-safety flag the ExcludeSafety filter
// reads, stored as a JSON array in creators.safety_flags.
type safetyFlag struct {
	Category string  `json:"category"`
	Severity float64 `json:"severity"`
}

// UpsertCreators writes records in one transaction. The batch is validated
// first (non-nil creators with non-empty, unique IDs; vectors present only
// with a model, all of length Dimension, finite; content item IDs non-empty
// and unique per creator; a model's dimension matching the one already
// stored), so a bad record fails the call with ErrInvalid before anything is
// sent. Then, in one pipelined batch, the creators rows are upserted in ID
// order (a stable lock order, so concurrent overlapping batches cannot
// deadlock) and their child rows deleted; the new accounts, content,
// audiences and vectors are then streamed with COPY, the fastest way into
// PostgreSQL. A record replaces everything stored for its creator, including
// vectors of other models.
func (s *Store) UpsertCreators(ctx context.Context, records []creatormatch.CreatorRecord) error {
	if len(records) == 0 {
		return nil
	}
	p, err := prepareBatch(records)
	if err != nil {
		return err
	}
	if err := s.checkModels(ctx, p.models); err != nil {
		return err
	}
	return s.inTx(ctx, "upsert creators", func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		for _, r := range p.creators {
			b.Queue(upsertCreatorSQL, r...)
		}
		for _, t := range []string{"accounts", "content", "audiences", "embeddings"} {
			b.Queue("DELETE FROM "+t+" WHERE creator_id = ANY($1::text[])", p.ids)
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
		for _, c := range []struct {
			table string
			cols  []string
			rows  [][]any
		}{
			{"accounts", accountColumns, p.accounts},
			{"content", contentColumns, p.content},
			{"audiences", audienceColumns, p.audiences},
			{"embeddings", embeddingColumns, p.embeddings},
		} {
			if len(c.rows) == 0 {
				continue
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromRows(c.rows)); err != nil {
				return fmt.Errorf("copy %s: %w", c.table, err)
			}
		}
		return s.writePacks(ctx, tx, p.ids)
	})
}

// preparedBatch is a validated batch turned into statement arguments and
// COPY rows.
type preparedBatch struct {
	ids        []string
	creators   [][]any
	accounts   [][]any
	content    [][]any
	audiences  [][]any
	embeddings [][]any
	models     map[string]int
}

func prepareBatch(records []creatormatch.CreatorRecord) (*preparedBatch, error) {
	verr := &creatormatch.ValidationError{}
	seen := make(map[string]int, len(records))
	p := &preparedBatch{models: map[string]int{}}
	for i, r := range records {
		field := fmt.Sprintf("records[%d]", i)
		c := r.Creator
		if c == nil {
			verr.Add(field+".creator", "is required")
			continue
		}
		if c.ID == "" {
			verr.Add(field+".creator.id", "is required")
		} else if j, dup := seen[c.ID]; dup {
			verr.Add(field+".creator.id", "duplicates records[%d] (%q)", j, c.ID)
		} else {
			seen[c.ID] = i
		}
		validateVectors(verr, field, r)
		items := make(map[string]bool, len(c.Content))
		for k, it := range c.Content {
			switch {
			case it.ID == "":
				verr.Add(fmt.Sprintf("%s.creator.content[%d].id", field, k), "is required")
			case items[it.ID]:
				verr.Add(fmt.Sprintf("%s.creator.content[%d].id", field, k), "duplicates content id %q", it.ID)
			}
			items[it.ID] = true
		}
		if r.Model != "" && (len(r.Profile) > 0 || len(r.ContentVectors) > 0) {
			if d, ok := p.models[r.Model]; ok && d != r.Dimension {
				verr.Add(field+".dimension", "model %q has dimension %d in records of this batch, not %d", r.Model, d, r.Dimension)
			} else {
				p.models[r.Model] = r.Dimension
			}
		}
	}
	if err := verr.Err(); err != nil {
		return nil, err
	}

	// Write in ID order: rows lock in the same order in every batch.
	sorted := slices.Clone(records)
	slices.SortFunc(sorted, func(a, b creatormatch.CreatorRecord) int { return strings.Compare(a.Creator.ID, b.Creator.ID) })
	for _, r := range sorted {
		if err := p.add(r); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func validateVectors(verr *creatormatch.ValidationError, field string, r creatormatch.CreatorRecord) {
	if len(r.Profile) == 0 && len(r.ContentVectors) == 0 {
		return
	}
	if r.Model == "" {
		verr.Add(field+".model", "is required with vectors")
	}
	if r.Dimension <= 0 {
		verr.Add(field+".dimension", "must be positive with vectors")
		return
	}
	if r.Dimension > maxVectorDim {
		verr.Add(field+".dimension", "must be at most %d", maxVectorDim)
		return
	}
	check := func(f string, v []float32) {
		if len(v) != r.Dimension {
			verr.Add(f, "has length %d, not the dimension %d", len(v), r.Dimension)
			return
		}
		for _, x := range v {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				verr.Add(f, "has a non-finite component")
				return
			}
		}
	}
	if len(r.Profile) > 0 {
		check(field+".profile", r.Profile)
	}
	for id, v := range r.ContentVectors {
		if id == "" {
			verr.Add(field+".content_vectors", "has an empty content id")
			continue
		}
		check(fmt.Sprintf("%s.content_vectors[%q]", field, id), v)
	}
}

// maxVectorDim is pgvector's limit for the vector type.
const maxVectorDim = 16000

func (p *preparedBatch) add(r creatormatch.CreatorRecord) error {
	c := r.Creator
	id := c.ID
	p.ids = append(p.ids, id)

	// data is the profile minus what has its own table or column.
	profile := *c
	profile.Accounts, profile.Audience, profile.Content, profile.Features = nil, nil, nil, nil
	profile.CreatedAt, profile.UpdatedAt = time.Time{}, time.Time{}
	data, err := json.Marshal(&profile)
	if err != nil {
		return fmt.Errorf("%w: creator %q: %v", creatormatch.ErrInvalid, id, err)
	}
	var features []byte
	if c.Features != nil {
		if features, err = json.Marshal(c.Features); err != nil {
			return fmt.Errorf("%w: creator %q features: %v", creatormatch.ErrInvalid, id, err)
		}
	}

	d := derive(c)
	flags, _ := json.Marshal(d.flags)
	p.creators = append(p.creators, []any{
		id, data, features, c.Name, d.country, d.languages, d.tier, d.erPlatform,
		d.engagementRate, d.authenticity, flags, d.brands, d.niches,
		d.textA, c.Bio, d.textC, nullTime(c.CreatedAt), nullTime(c.UpdatedAt), d.erTier,
		creatormatch.BrowseKeyOf(c, creatormatch.SortFollowers).N, creatormatch.BrowseKeyOf(c, creatormatch.SortLastPost).N,
		creatormatch.SearchKey(c),
	})

	for i, a := range c.Accounts {
		var hist []byte
		if a.FollowerHistory != nil {
			if hist, err = json.Marshal(a.FollowerHistory); err != nil {
				return fmt.Errorf("%w: creator %q account %d: %v", creatormatch.ErrInvalid, id, i, err)
			}
		}
		p.accounts = append(p.accounts, []any{id, int32(i), string(a.Platform), a.Handle,
			a.Followers, a.Following, a.Verified, hist})
	}
	for i, it := range c.Content {
		p.content = append(p.content, []any{id, it.ID, int32(i), string(it.Platform), nullTime(it.PostedAt),
			it.Caption, it.Hashtags, it.Mentions, it.Likes, it.Comments, it.Shares, it.Saves,
			it.Views, it.Sponsored, it.Sponsors, it.Disclosures, it.CommentSamples, it.URL})
	}
	if a := c.Audience; a != nil {
		row := []any{id}
		for _, m := range []map[string]float64{a.Age, a.Gender, a.Countries, a.Languages, a.Interests} {
			var js []byte
			if m != nil {
				if js, err = json.Marshal(m); err != nil {
					return fmt.Errorf("%w: creator %q audience: %v", creatormatch.ErrInvalid, id, err)
				}
			}
			row = append(row, js)
		}
		p.audiences = append(p.audiences, append(row, a.Credibility))
	}
	if len(r.Profile) > 0 {
		p.embeddings = append(p.embeddings, []any{id, "profile", "", r.Model, int32(r.Dimension), pgvector.NewVector(r.Profile), d.country, d.tier})
	}
	itemIDs := make([]string, 0, len(r.ContentVectors))
	for k := range r.ContentVectors {
		itemIDs = append(itemIDs, k)
	}
	slices.Sort(itemIDs)
	for _, k := range itemIDs {
		p.embeddings = append(p.embeddings, []any{id, "content", k, r.Model, int32(r.Dimension), pgvector.NewVector(r.ContentVectors[k]), nil, nil})
	}
	return nil
}

// derived holds the filter columns and search texts of a creator.
type derived struct {
	country        *string
	languages      []string
	tier           *string
	erPlatform     *string
	erTier         *string
	engagementRate *float64
	authenticity   *float64
	flags          []safetyFlag
	brands         []string
	niches         []string
	textA, textC   string
}

// derive computes the denormalised columns. Niches are the classified ones
// (the Niches filter is on classification) when features exist, else the
// declared ones; the full-text document has both.
func derive(c *creatormatch.Creator) derived {
	d := derived{languages: []string{}, flags: []safetyFlag{}, brands: []string{}, niches: []string{}}
	if c.Country != "" {
		v := normCountry(c.Country)
		d.country = &v
	}
	for _, l := range c.Languages {
		d.languages = appendUnique(d.languages, normLower(l))
	}
	nicheText := slices.Clone(c.Niches)
	if f := c.Features; f != nil {
		tier := normLower(string(f.Tier.Value))
		d.tier = &tier
		plat := f.EngagementRate.Platform
		if plat == "" {
			plat = f.Tier.Platform
		}
		if plat != "" {
			ps := string(plat)
			d.erPlatform = &ps
		}
		if t := f.EngagementRate.Tier; t != "" {
			ts := string(t)
			d.erTier = &ts
		}
		er, au := f.EngagementRate.Value, f.Authenticity.Value
		d.engagementRate, d.authenticity = &er, &au
		for _, fl := range f.BrandSafety.Flags {
			d.flags = append(d.flags, safetyFlag{Category: normLower(fl.Category), Severity: fl.Severity})
		}
		for _, b := range f.Brands.Brands {
			d.brands = appendUnique(d.brands, normBrand(b.Brand))
		}
		for _, l := range f.Niches.Labels {
			d.niches = appendUnique(d.niches, normLower(l.Niche))
			nicheText = append(nicheText, l.Niche)
		}
	} else {
		for _, n := range c.Niches {
			d.niches = appendUnique(d.niches, normLower(n))
		}
	}
	d.textA = c.Name + " " + strings.ReplaceAll(strings.Join(nicheText, " "), "_", " ")
	var tc strings.Builder
	for _, it := range c.Content {
		tc.WriteString(it.Text())
		tc.WriteByte('\n')
	}
	d.textC = tc.String()
	return d
}

// nullTime maps the zero time to NULL, so that it reads back as zero.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func appendUnique(s []string, v string) []string {
	if v == "" || slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// The filter columns hold the domain's comparison keys (filterkeys.go).
var (
	normLower   = creatormatch.LowerKey
	normCountry = creatormatch.CountryKey
	normBrand   = creatormatch.BrandKey
)

// checkModels makes sure every model in the batch is registered in
// embedding_models with the batch's dimension, registering new ones. A
// model id means one dimension forever: otherwise vectors of one model
// would not be comparable and its HNSW index (on embedding::vector(dim))
// would reject rows. Known models are answered from the in-process cache.
func (s *Store) checkModels(ctx context.Context, models map[string]int) error {
	for model, dim := range models {
		known, err := s.modelDim(ctx, model, dim)
		if err != nil {
			return err
		}
		if known != dim {
			return creatormatch.Invalid("dimension", "model %q stores %d-dimensional vectors, not %d", model, known, dim)
		}
	}
	return nil
}

// modelDim returns the registered dimension of model, registering it with
// dim first if it is new (dim 0 only looks it up; 0 means unknown).
func (s *Store) modelDim(ctx context.Context, model string, dim int) (int, error) {
	if v, ok := s.dims.Load(model); ok {
		return v.(int), nil
	}
	b := &pgx.Batch{}
	if dim > 0 {
		// DO NOTHING takes no lock on an existing row, so concurrent
		// ingest batches never wait on each other here; the SELECT, a
		// separate statement, sees a concurrently registered row.
		b.Queue("INSERT INTO embedding_models (model, dim) VALUES ($1, $2) ON CONFLICT (model) DO NOTHING", model, dim)
	}
	var known int
	b.Queue("SELECT dim FROM embedding_models WHERE model = $1", model).QueryRow(func(row pgx.Row) error {
		return row.Scan(&known)
	})
	err := s.pool.SendBatch(ctx, b).Close()
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, wrapErr(ctx, "embedding model", err)
	}
	s.dims.Store(model, known)
	return known, nil
}
