package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/demodata"
	"github.com/creatormatch/creatormatch/learning"
	"github.com/creatormatch/creatormatch/web"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg := registerConfig(fs, os.Getenv)
	registerReplicas(fs, os.Getenv, cfg)
	addr := fs.String("addr", or(os.Getenv("CREATORMATCH_ADDR"), "127.0.0.1:8080"), "listen address [$CREATORMATCH_ADDR]")
	bodyLimit := fs.Int64("body-limit", 8<<20, "request body limit in bytes")
	timeout := fs.Duration("request-timeout", 30*time.Second, "per-request time limit")
	learnEvery := fs.Int("learn-every", learning.DefaultEvery, "train a workspace's weights in the background after this many new feedback events (0: never; `creatormatch learn` trains on demand)")
	rateLimit := fs.Float64("rate-limit", 50, "requests per second per API key on /v1 routes (negative: off)")
	demo := fs.Int("demo", 0, "if the store is empty, load N synthetic demo creators and the YouTube sample before serving")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	reqTimeout := *timeout
	if reqTimeout <= 0 {
		reqTimeout = 30 * time.Second // api.Config's default
	}
	if cfg.Brief.llm() && cfg.Brief.Timeout >= reqTimeout {
		return usageError{fmt.Sprintf("--llm-timeout %s must be shorter than --request-timeout %s, so that the rules parser can still answer when the model does not", cfg.Brief.Timeout, reqTimeout)}
	}
	log, err := cfg.logger(stderr)
	if err != nil {
		return err
	}
	a, err := cfg.open(ctx, log)
	if err != nil {
		return err
	}
	defer a.Close()

	if *demo > 0 {
		if err := loadDemo(ctx, a, *demo, stderr); err != nil {
			return fmt.Errorf("load demo data: %w", err)
		}
	}

	// Every --learn-every feedback events of a workspace train its
	// weights in the background (learning.Trainer.Notify).
	var trainer *learning.Trainer
	if *learnEvery > 0 {
		trainer = &learning.Trainer{Matcher: a.matcher, Store: a.store, Every: *learnEvery, Log: log}
		defer trainer.Stop()
	}
	handler, err := api.New(api.Config{BodyLimit: *bodyLimit, RequestTimeout: *timeout, Version: version, RateLimit: *rateLimit},
		api.Deps{Catalog: a.catalog, Matcher: a.matcher, Log: log, Metrics: a.metrics, Trainer: trainer})
	if err != nil {
		return err
	}
	// The API answers its own paths; everything else is the web app.
	mux := http.NewServeMux()
	for _, p := range []string{"/v1/", "/healthz", "/readyz", "/openapi.yaml", "/docs", "/metrics", "/debug/"} {
		mux.Handle(p, handler)
	}
	mux.Handle("/", web.Handler())
	srv := &http.Server{
		Addr:              *addr,
		Handler:           api.SecurityHeaders(mux), // nosniff, no-referrer, DENY on the web app's responses too
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      *timeout + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	log.Info("serving", "addr", ln.Addr().String(), "store", storeKind(cfg), "embedder", a.embedder.Model(), "brief_parser", cfg.Brief.describe(), "version", version)
	if keys, err := a.store.ListAPIKeys(ctx); err == nil && !anyActive(keys) {
		log.Warn("no API key exists: /v1 answers loopback callers only, without authentication (local demo mode); create a key with `creatormatch apikey create --scope read,write` to require keys")
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Graceful shutdown: stop accepting, let in-flight requests finish.
	// Every request ends by its timeout (the handlers honour their
	// context), so waiting a little longer than one timeout lets the last
	// of them answer instead of being cut off.
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), reqTimeout+5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func anyActive(keys []creatormatch.APIKey) bool {
	for _, k := range keys {
		if k.Active() {
			return true
		}
	}
	return false
}

func storeKind(cfg *config) string {
	if cfg.DatabaseURL != "" {
		return "postgres"
	}
	return "embedded:" + cfg.DataDir
}

// loadDemo ingests n synthetic creators and the YouTube sample when the
// store holds no creator yet, so a restart does not ingest again.
func loadDemo(ctx context.Context, a *app, n int, stderr io.Writer) error {
	count, err := a.store.CountCreators(ctx)
	if err != nil {
		return err
	}
	if count > 0 {
		a.log.Info("store already holds creators; not loading demo data", "creators", count)
		return nil
	}
	creators, _ := demodata.Generate(demodata.Config{Creators: n, Seed: 1, Now: time.Now().UTC().Truncate(24 * time.Hour)})
	yt, _, err := demodata.LoadYouTube(bytesReader(demodata.YouTubeCSV))
	if err != nil {
		return err
	}
	creators = append(creators, yt...)
	start := time.Now()
	p := newProgress(stderr, "demo data", len(creators))
	bulk := a.catalog.Bulk()
	for i := 0; i < len(creators); i += 100 {
		j := min(i+100, len(creators))
		if err := bulk.Upsert(ctx, creators[i:j]); err != nil {
			return err
		}
		p.set(j)
	}
	p.done()
	// Rank every demo creator's engagement against all of them, not the
	// first batches against the few written before them.
	if _, err := bulk.Finish(ctx, nil); err != nil {
		return fmt.Errorf("rank demo engagement against its peers: %w", err)
	}
	a.log.Info("loaded demo data", "creators", len(creators), "duration", time.Since(start).Round(time.Millisecond).String())
	return nil
}
