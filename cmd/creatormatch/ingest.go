package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/catalog"
)

// ingestSummary is what an ingest run did.
type ingestSummary struct {
	Read, Written, Rejected int
}

func runIngest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	cfg := registerConfig(fs, os.Getenv)
	batch := fs.Int("batch", 100, "creators per transaction")
	format := fs.String("format", "", "jsonl or csv (default: from the file extension)")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"usage: creatormatch ingest [flags] FILE... (JSONL or CSV; - for stdin)"}
	}
	if *batch < 1 || *batch > catalog.MaxBatch {
		return usageError{fmt.Sprintf("-batch must be 1..%d", catalog.MaxBatch)}
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

	start := time.Now()
	var total ingestSummary
	// One bulk load over every file: once all are in, the creators written
	// are re-ranked against the peer table that holds all of them (the
	// first batches were ranked against a table of the batches before).
	bulk := a.catalog.Bulk()
	for _, path := range fs.Args() {
		s, err := ingestFile(ctx, bulk, path, *format, *batch, stderr)
		total.Read += s.Read
		total.Written += s.Written
		total.Rejected += s.Rejected
		if err != nil {
			// What was written stays written: rank it against its peers.
			if _, ferr := bulk.Finish(ctx, nil); ferr != nil {
				log.Error("re-ranking engagement against the ingested peers", "err", ferr)
			}
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	if _, err := bulk.Finish(ctx, nil); err != nil {
		return fmt.Errorf("rank engagement against the ingested peers: %w", err)
	}
	fmt.Fprintf(stdout, "ingested %d creators (%d read, %d rejected) in %s\n",
		total.Written, total.Read, total.Rejected, time.Since(start).Round(time.Millisecond))
	if total.Rejected > 0 {
		return fmt.Errorf("%d rows rejected (see above); the other rows were written", total.Rejected)
	}
	return nil
}

// ingestFile reads path and upserts its creators in batches through bulk,
// one transaction per batch. Rows that fail to decode or validate are
// reported with their line number and left out; nothing of them is written.
func ingestFile(ctx context.Context, bulk *catalog.Bulk, path, format string, batchSize int, stderr io.Writer) (ingestSummary, error) {
	var s ingestSummary
	var r io.Reader
	size := int64(-1)
	if path == "-" {
		r = os.Stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return s, err
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
		r = f
	}
	if format == "" {
		format = "jsonl"
		if strings.EqualFold(filepath.Ext(path), ".csv") {
			format = "csv"
		}
	}
	read := catalog.ReadJSONL
	switch format {
	case "jsonl", "json", "ndjson":
	case "csv":
		read = catalog.ReadCSV
	default:
		return s, usageError{fmt.Sprintf("unknown -format %q: jsonl or csv", format)}
	}
	cr := &countingReader{r: r}
	p := newProgress(stderr, filepath.Base(path), int(size))
	var batch []creatormatch.Creator
	var lines []int
	firstLine := map[string]int{}
	reject := func(line int, err error) {
		s.Rejected++
		fmt.Fprintf(stderr, "%s:%d: rejected: %s\n", path, line, reasonOf(err))
	}
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := bulk.Upsert(ctx, batch); err != nil {
			return fmt.Errorf("lines %d-%d: %w", lines[0], lines[len(lines)-1], err)
		}
		s.Written += len(batch)
		batch, lines = batch[:0], lines[:0]
		if size > 0 {
			p.set(int(cr.n))
		}
		return nil
	}
	err := read(cr, func(row catalog.Row) error {
		s.Read++
		if row.Err != nil {
			reject(row.Line, row.Err)
			return nil
		}
		c := row.Creator
		if err := bulk.Check(&c); err != nil {
			reject(row.Line, err)
			return nil
		}
		if l, dup := firstLine[c.ID]; dup {
			reject(row.Line, fmt.Errorf("duplicate id %q (first on line %d)", c.ID, l))
			return nil
		}
		firstLine[c.ID] = row.Line
		batch = append(batch, c)
		lines = append(lines, row.Line)
		if len(batch) >= batchSize {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	p.done()
	return s, err
}

func reasonOf(err error) string {
	var ve *creatormatch.ValidationError
	if errors.As(err, &ve) {
		parts := make([]string, len(ve.Fields))
		for i, f := range ve.Fields {
			parts[i] = f.Field + ": " + f.Reason
		}
		return strings.Join(parts, "; ")
	}
	return err.Error()
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
