package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Write writes DIR/bench.json (the flat record array) and DIR/bench.md.
func (r *Report) Write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	recs := r.Records()
	if recs == nil {
		recs = []any{}
	}
	b, err := json.MarshalIndent(recs, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "bench.json"), append(b, '\n'), 0o644); err != nil {
		return err
	}
	var md strings.Builder
	r.Markdown(&md)
	return os.WriteFile(filepath.Join(dir, "bench.md"), []byte(md.String()), 0o644)
}

// Markdown renders the report as Markdown tables.
func (r *Report) Markdown(w io.Writer) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("# creatormatch bench\n\n")
	p("- started: %s, took %s\n", r.Started.Format("2006-01-02 15:04 MST"), r.Duration.Round(1e9))
	p("- machine: %s\n", r.Machine)
	p("- load average at start: %s\n", r.LoadAvg)
	if r.Config != nil {
		c, _ := json.Marshal(r.Config)
		p("- config: `%s`\n", c)
	}
	p("- synthetic catalogue (data version %d): creator i copies template demo creator i mod T (no content); its profile vector is normalise(α·t_a + (1-α)·t_b + N(0, %.2f²) per component) from the real use-lite profile vectors of its template and a random second template, α ~ U(0.6, 1); country/tier are planted so that the filters keep ~50%% / ~10%% / ~1%%.\n", DataVersion, NoiseSigma)
	for _, n := range r.Notes {
		p("- %s\n", n)
	}
	if in := r.Ingest; in != nil {
		p("\n## Ingest with real embeddings\n\nEach creator: a bio and 5 posts lengthened to %d+ use-lite pieces (real caption length), through catalog.Upsert (features, embeddings, fsynced log) in batches of 50.\n\n", PostPieces)
		p("| store | creators | texts | pieces/post | seconds | creators/s | texts/s | embedder GFLOP/s | of 2-core peak |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		peak := "-"
		if in.PeakGFLOPS > 0 {
			peak = fmt.Sprintf("%.1f%% of %.1f", 100*in.PeakFraction, in.PeakGFLOPS)
		}
		p("| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %s |\n", in.Store, in.Creators, in.Texts, in.PiecesPerPost, in.Seconds, in.CreatorsPS, in.TextsPS, in.GFLOPS, peak)
	}
	if len(r.Loads) > 0 {
		p("\n## Bulk load (precomputed vectors, no embedding; UpsertCreators batches of %d)\n\n", BatchSize)
		p("| store | creators | reused | upsert s | creators/s | HNSW build s |\n|---|---:|---|---:|---:|---:|\n")
		for _, l := range r.Loads {
			if l.Reused {
				packed := ""
				if l.PackedCreators > 0 {
					packed = fmt.Sprintf("; packed %d creators (migration 009) in %.1f s", l.PackedCreators, l.PackS)
				}
				p("| %s | %d | yes (loaded by an earlier run%s) | - | - | %s |\n", l.Store, l.Creators, packed, fmtOpt(l.IndexBuildS))
				continue
			}
			p("| %s | %d | no | %.1f | %.0f | %s |\n", l.Store, l.Creators, l.Seconds, l.CreatorsPS, fmtOpt(l.IndexBuildS))
		}
	}
	if len(r.IndexBuilds) > 0 {
		p("\n## Vector indexes (postgres; see postgres.VectorIndex)\n\n| creators | kind | build s | index MB | bytes/creator with this index alone |\n|---:|---|---:|---:|---:|\n")
		for _, b := range r.IndexBuilds {
			build := fmt.Sprintf("%.1f", b.Seconds)
			if b.Reused {
				build = "reused"
			}
			p("| %d | %s | %s | %.1f | %.0f |\n", b.Creators, b.VectorIndex, build, float64(b.IndexBytes)/1e6, b.CatalogueBytesPerCreator)
		}
	}
	if len(r.Memory) > 0 {
		p("\n## Memory / storage per creator\n\n| store | creators | total MB | bytes/creator | HNSW index MB | method |\n|---|---:|---:|---:|---:|---|\n")
		for _, m := range r.Memory {
			idx := "-"
			if m.IndexBytes > 0 {
				idx = fmt.Sprintf("%.1f", float64(m.IndexBytes)/1e6)
			}
			p("| %s | %d | %.1f | %.0f | %s | %s |\n", m.Store, m.Creators, float64(m.BytesTotal)/1e6, m.BytesPerCreator, idx, m.Method)
		}
	}
	if len(r.Matches) > 0 {
		p("\n## Match latency (limit 20; ms; wall time per request, incl. query embedding)\n\n")
		p("| store | index | creators | filter | sel. | mode | conc | n | p50 | p95 | p99 | qps | excl-embed p50 | embed p50 | recall@10 | recall@100 | store SearchDense p50 | bare p50 | bare after each match p50 | excl-embed / bare | excl-embed / full scan | errors |\n")
		p("|---|---|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, m := range r.Matches {
			ratio, inter := "-", "-"
			switch {
			case m.BareInterleavedP50 > 0:
				inter = fmt.Sprintf("%.2f", m.BareInterleavedP50)
				ratio = fmt.Sprintf("%.2f× (after each)", m.ExclEmbedP50/m.BareInterleavedP50)
			case m.BareQueryP50 > 0:
				ratio = fmt.Sprintf("%.1f×", m.ExclEmbedP50/m.BareQueryP50)
			}
			full := "-"
			if m.BareFullScanP50 > 0 {
				full = fmt.Sprintf("%.2f×", m.ExclEmbedP50/m.BareFullScanP50)
			}
			p("| %s | %s | %d | %s | %.3f | %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.3f | %.3f | %.2f | %.2f | %s | %s | %s | %d |\n",
				m.Store, or(m.VectorIndex, "-"), m.Creators, m.Filter, m.FilterSelectivity, m.Mode, m.Concurrency, m.Requests, m.P50, m.P95, m.P99, m.QPS,
				m.ExclEmbedP50, m.EmbedP50, m.RecallAt10, m.RecallAt100, m.StoreSearchP50, m.BareQueryP50, inter, ratio, full, m.Errors)
		}
		p("\n### Matcher stages (p50 ms, from Response.Timings; in process, concurrency 1)\n\n| store | index | creators | filter | parse | embed | retrieve | score | rerank | explain | total |\n|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, m := range r.Matches {
			if m.Mode != "in_process" || m.Concurrency != 1 || m.StageP50 == nil {
				continue
			}
			s := m.StageP50
			p("| %s | %s | %d | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", m.Store, or(m.VectorIndex, "-"), m.Creators, m.Filter, s["parse"], s["embed"], s["retrieve"], s["score"], s["rerank"], s["explain"], s["total"])
		}
		p("\nbare = for postgres, the statement the matcher's dense retrieval issues (postgres.Store.DenseStatement, k = %d: HNSW-ordered join with the filter and its exact fallback) run alone on a connection with the store's settings, 32 times before the filter's cells; bare after each match = the same statement for the same brief beside each match of the in-process concurrency-1 cell, after even-numbered matches and before odd ones (the Postgres ratio target uses it); for memory, a tight parallel exact scan (SIMD dot products over a contiguous slab, filter mask, k-heap; k = %d) under the same filter; full scan = that scan over all the catalogue's vectors with no filter (memory only: the memory-bandwidth floor the embedded-store target is stated against). recall@k = |approximate top k ∩ exact top k| / k, the approximate search asked for max(k, %d) as the matcher does, averaged over %d briefs.\n", CandidatePool, CandidatePool, CandidatePool, len(Briefs))
	}
	if len(r.FirstSight) > 0 {
		p("\n### First sight (database warm-up pass; ms, incl. query embedding)\n\nBefore a postgres size is timed, every brief runs once under every filter through a second store instance: this warms the database's pages, as on a server that has been running, while the measured instance's creator cache holds only the candidates of the 4 unfiltered matches that warm its connections (it still decodes most candidates on first sight). These are those first matches, one per brief.\n\n| store | creators | filter | n | p50 | max |\n|---|---:|---|---:|---:|---:|\n")
		for _, f := range r.FirstSight {
			p("| %s | %d | %s | %d | %.1f | %.1f |\n", f.Store, f.Creators, f.Filter, f.Requests, f.P50, f.Max)
		}
	}
	if ts := r.Targets(); len(ts) > 0 {
		p("\n## Targets\n\nratio = measured / limit for upper bounds, limit / measured for lower bounds: ≤ 1 is met.\n\n| target | store | creators | filter | measured | limit | ratio | met |\n|---|---|---:|---|---:|---:|---:|---|\n")
		for _, t := range ts {
			met := "**no**"
			if t.Met {
				met = "yes"
			}
			p("| %s | %s | %d | %s | %.3f | %g %s | %.2f | %s |\n", t.Name, t.Store, t.Creators, t.Filter, t.Measured, t.Limit, t.Unit, t.Ratio, met)
		}
	}
	if sizes, rows := r.growth(); len(sizes) > 1 {
		p("\n## Growth with catalogue size\n\n| figure |")
		for _, n := range sizes {
			p(" %d |", n)
		}
		p(" largest / smallest size |\n|---|")
		for range sizes {
			p("---:|")
		}
		p("---:|\n")
		for _, g := range rows {
			p("| %s |", g.label)
			for _, n := range sizes {
				if v, ok := g.bySize[n]; ok {
					p(" %.3g |", v)
				} else {
					p(" - |")
				}
			}
			// The row's own smallest and largest measured sizes (the
			// stores may cover different sizes).
			var lo, hi float64
			var loN, hiN int
			for _, n := range sizes {
				if v, ok := g.bySize[n]; ok {
					if loN == 0 {
						lo, loN = v, n
					}
					hi, hiN = v, n
				}
			}
			if lo > 0 && hi > 0 && hiN > loN {
				p(" %.2f× |\n", hi/lo)
			} else {
				p(" - |\n")
			}
		}
	}
	if l := r.Load; l != nil {
		p("\n## HTTP load test (mixed: 80%% match, 15%% ingest of one creator with real embeddings, 5%% GET creator; 127.0.0.1)\n\n")
		p("store %s, %d creators, concurrency %d, %.1f s, %d requests (%.1f req/s), %d errors\n\n", l.Config.Store, l.Config.Creators, l.Config.Concurrency, l.Seconds, l.Requests, l.QPS, l.Errors)
		p("| op | requests | req/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|---:|\n")
		for _, o := range l.Ops {
			p("| %s | %d | %.1f | %.1f | %.1f | %d |\n", o.Op, o.Requests, o.QPS, o.P50, o.P99, o.Errors)
		}
		for _, o := range l.Ops {
			if o.FirstError != "" {
				p("\nfirst %s error: `%s`\n", o.Op, o.FirstError)
			}
		}
	}
	for _, st := range sortedKeys(r.ProfileTop) {
		p("\n## CPU profile of the match path: %s, largest size (`%s`)\n\n```\n%s\n```\n", st, r.Profiles[st], r.ProfileTop[st])
	}
	for _, f := range sortedKeys(r.Explains) {
		p("\n## Postgres dense statement at the largest size, filter %s (EXPLAIN ANALYZE, BUFFERS; first brief)\n\n```\n%s\n```\n", f, r.Explains[f])
	}
}

func fmtOpt(x float64) string {
	if x == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", x)
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// or returns s, or def when s is empty.
func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
