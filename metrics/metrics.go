// Package metrics exposes creatormatch's Prometheus metrics: HTTP request
// latency by route and status, embedder latency, store latency by method,
// the embedding cache and the Postgres connection pool. It wraps the store and the embedder in
// decorators, so neither knows it is measured.
package metrics

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/creatormatch/creatormatch"
)

// Metrics holds the collectors and their registry.
type Metrics struct {
	reg   *prometheus.Registry
	http  *prometheus.HistogramVec
	embed *prometheus.HistogramVec
	store *prometheus.HistogramVec
	texts prometheus.Counter
}

// New registers creatormatch's collectors plus the Go runtime and process
// collectors on a fresh registry.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		reg: reg,
		http: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "creatormatch_http_request_duration_seconds",
			Help:    "HTTP request latency by route template, method and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method", "status"}),
		embed: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "creatormatch_embed_duration_seconds",
			Help:    "Embedder call latency by operation (query or documents).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"op"}),
		store: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "creatormatch_store_duration_seconds",
			Help:    "Store call latency by method and outcome (ok, not_found, invalid, unavailable, error).",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"method", "outcome"}),
		texts: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "creatormatch_embedded_texts_total",
			Help: "Texts embedded (cache misses only).",
		}),
	}
	reg.MustRegister(m.http, m.embed, m.store, m.texts,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Registry is where extra collectors (the DB pool) register.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// ObserveHTTP records one request.
func (m *Metrics) ObserveHTTP(route, method string, status int, d time.Duration) {
	m.http.WithLabelValues(route, method, strconv.Itoa(status)).Observe(d.Seconds())
}

func outcome(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, creatormatch.ErrNotFound):
		return "not_found"
	case errors.Is(err, creatormatch.ErrInvalid):
		return "invalid"
	case errors.Is(err, creatormatch.ErrUnavailable):
		return "unavailable"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "canceled"
	}
	return "error"
}

// PoolStats is what the pool collector reads; *pgxpool.Stat satisfies it.
type PoolStats interface {
	AcquiredConns() int32
	IdleConns() int32
	TotalConns() int32
	MaxConns() int32
	AcquireCount() int64
	EmptyAcquireCount() int64
	AcquireDuration() time.Duration
}

// RegisterPool exports a connection pool's statistics, read at scrape time.
func (m *Metrics) RegisterPool(stat func() PoolStats) {
	gauge := func(name, help string, f func(PoolStats) float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 { return f(stat()) })
	}
	counter := func(name, help string, f func(PoolStats) float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, func() float64 { return f(stat()) })
	}
	m.reg.MustRegister(
		gauge("creatormatch_db_pool_acquired_connections", "Connections in use.", func(s PoolStats) float64 { return float64(s.AcquiredConns()) }),
		gauge("creatormatch_db_pool_idle_connections", "Idle connections.", func(s PoolStats) float64 { return float64(s.IdleConns()) }),
		gauge("creatormatch_db_pool_total_connections", "Open connections.", func(s PoolStats) float64 { return float64(s.TotalConns()) }),
		gauge("creatormatch_db_pool_max_connections", "Pool size limit.", func(s PoolStats) float64 { return float64(s.MaxConns()) }),
		counter("creatormatch_db_pool_acquires_total", "Connection acquisitions.", func(s PoolStats) float64 { return float64(s.AcquireCount()) }),
		counter("creatormatch_db_pool_empty_acquires_total", "Acquisitions that had to wait for a connection.", func(s PoolStats) float64 { return float64(s.EmptyAcquireCount()) }),
		counter("creatormatch_db_pool_acquire_seconds_total", "Time spent acquiring connections.", func(s PoolStats) float64 { return s.AcquireDuration().Seconds() }),
	)
}

// ReplicaStat is one read replica as the store's poller last saw it.
type ReplicaStat struct {
	// Index is the replica's position in the configuration: its label,
	// so that hosts and credentials never reach the metrics.
	Index    int
	Up       bool
	Lag      time.Duration
	LagBytes int64
}

var (
	replicaLag      = prometheus.NewDesc("creatormatch_db_replica_lag_seconds", "How long ago the primary was at the WAL position the read replica has replayed (0: caught up), as the store's poller last measured it; a replica beyond --database-replica-max-lag serves no reads.", []string{"replica"}, nil)
	replicaLagBytes = prometheus.NewDesc("creatormatch_db_replica_lag_bytes", "WAL the read replica has still to replay, as the store's poller last measured it.", []string{"replica"}, nil)
	replicaUp       = prometheus.NewDesc("creatormatch_db_replica_up", "1 if the store's poller reached the read replica at its last poll, else 0 (its reads go to another replica or the primary).", []string{"replica"}, nil)
)

// RegisterReplicas exports the read replicas' lag and state, read at scrape
// time from what the store's background poller measured (no query per
// scrape). The label is the replica's index.
func (m *Metrics) RegisterReplicas(stats func() []ReplicaStat) {
	m.reg.MustRegister(replicaCollector{stats})
}

type replicaCollector struct{ stats func() []ReplicaStat }

func (c replicaCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- replicaLag
	ch <- replicaLagBytes
	ch <- replicaUp
}

func (c replicaCollector) Collect(ch chan<- prometheus.Metric) {
	for _, st := range c.stats() {
		label := strconv.Itoa(st.Index)
		up := 0.0
		if st.Up {
			up = 1
		}
		ch <- prometheus.MustNewConstMetric(replicaLag, prometheus.GaugeValue, st.Lag.Seconds(), label)
		ch <- prometheus.MustNewConstMetric(replicaLagBytes, prometheus.GaugeValue, float64(st.LagBytes), label)
		ch <- prometheus.MustNewConstMetric(replicaUp, prometheus.GaugeValue, up, label)
	}
}

// RegisterEmbeddingCache exports a store's embedding cache statistics
// (hits, misses, evictions, entries, bytes and the bound), read once per
// scrape. The hit rate is hits / (hits + misses) over a window, e.g.
// rate(creatormatch_embedding_cache_hits_total[5m]) divided by the sum of
// that and the misses' rate. A scrape whose read fails exports none of
// them.
func (m *Metrics) RegisterEmbeddingCache(r creatormatch.EmbeddingCacheReporter) {
	m.reg.MustRegister(cacheCollector{r})
}

var (
	cacheHits      = prometheus.NewDesc("creatormatch_embedding_cache_hits_total", "Embedding cache lookups that found the text's vector.", nil, nil)
	cacheMisses    = prometheus.NewDesc("creatormatch_embedding_cache_misses_total", "Embedding cache lookups that did not (the text is then embedded).", nil, nil)
	cacheEvictions = prometheus.NewDesc("creatormatch_embedding_cache_evictions_total", "Embedding cache entries evicted, least recently used first, to stay within the bound.", nil, nil)
	cacheEntries   = prometheus.NewDesc("creatormatch_embedding_cache_entries", "Vectors in the embedding cache.", nil, nil)
	cacheBytes     = prometheus.NewDesc("creatormatch_embedding_cache_bytes", "Size of the embedding cache: vectors and keys (embedded store), table and indexes (Postgres).", nil, nil)
	cacheMax       = prometheus.NewDesc("creatormatch_embedding_cache_max_entries", "The embedding cache's bound (0: off).", nil, nil)
)

type cacheCollector struct {
	r creatormatch.EmbeddingCacheReporter
}

func (c cacheCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{cacheHits, cacheMisses, cacheEvictions, cacheEntries, cacheBytes, cacheMax} {
		ch <- d
	}
}

func (c cacheCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st, err := c.r.EmbeddingCacheStats(ctx)
	if err != nil {
		return
	}
	ch <- prometheus.MustNewConstMetric(cacheHits, prometheus.CounterValue, float64(st.Hits))
	ch <- prometheus.MustNewConstMetric(cacheMisses, prometheus.CounterValue, float64(st.Misses))
	ch <- prometheus.MustNewConstMetric(cacheEvictions, prometheus.CounterValue, float64(st.Evictions))
	ch <- prometheus.MustNewConstMetric(cacheEntries, prometheus.GaugeValue, float64(st.Entries))
	ch <- prometheus.MustNewConstMetric(cacheBytes, prometheus.GaugeValue, float64(st.Bytes))
	ch <- prometheus.MustNewConstMetric(cacheMax, prometheus.GaugeValue, float64(st.MaxEntries))
}
