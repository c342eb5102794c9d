package eval

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

// Qrels are relevance judgments: query id → creator id → grade. Grades are
// integers as in TREC qrels files; a grade ≥ 1 is relevant (trec_eval's
// default relevance level), 0 is judged non-relevant, and a negative grade
// is judged non-relevant with an explicit "bad" label (the synthetic
// catalogue uses −1 for fake creators in the brief's niche). Negative
// grades are treated exactly like 0 by every metric: zero gain and not
// relevant; they still count as judged for Judged@k.
type Qrels map[string]map[string]int

// Relevant returns how many creators are judged relevant (grade ≥ 1) for qid.
func (q Qrels) Relevant(qid string) int {
	n := 0
	for _, g := range q[qid] {
		if g >= 1 {
			n++
		}
	}
	return n
}

// QueryIDs returns the query ids in sorted order.
func (q Qrels) QueryIDs() []string {
	ids := make([]string, 0, len(q))
	for id := range q {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Set records a judgment.
func (q Qrels) Set(qid, docID string, grade int) {
	m := q[qid]
	if m == nil {
		m = map[string]int{}
		q[qid] = m
	}
	m[docID] = grade
}

// ReadQrels reads TREC qrels: one "qid iter docid rel" line per judgment
// (the iter column is ignored, as trec_eval does). Blank lines and lines
// starting with # are skipped. A repeated (qid, docid) keeps the last grade.
func ReadQrels(r io.Reader) (Qrels, error) {
	q := Qrels{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		f := strings.Fields(s)
		if len(f) != 4 {
			return nil, fmt.Errorf("qrels line %d: want 4 fields \"qid 0 creator_id rel\", got %d", line, len(f))
		}
		g, err := strconv.Atoi(f[3])
		if err != nil {
			return nil, fmt.Errorf("qrels line %d: relevance %q is not an integer", line, f[3])
		}
		q.Set(f[0], f[2], g)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("qrels line %d: %w", line+1, err)
	}
	return q, nil
}

// WriteQrels writes q in TREC format, queries and creators in sorted order.
func WriteQrels(w io.Writer, q Qrels) error {
	bw := bufio.NewWriter(w)
	for _, qid := range q.QueryIDs() {
		docs := make([]string, 0, len(q[qid]))
		for d := range q[qid] {
			docs = append(docs, d)
		}
		sort.Strings(docs)
		for _, d := range docs {
			if _, err := fmt.Fprintf(bw, "%s 0 %s %d\n", qid, d, q[qid][d]); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// Scored is one retrieved creator of a run with the system's score.
type Scored struct {
	DocID string
	Score float64
	// Fit is the matcher's calibrated fit for the creator (0 for runs read
	// from TREC files, which carry none).
	Fit float64
}

// Rankings are a system's run: query id → retrieved creators. The order of
// the slice does not matter to evaluation: Ranked orders it the way
// trec_eval does.
type Rankings map[string][]Scored

// QueryIDs returns the query ids in sorted order.
func (r Rankings) QueryIDs() []string {
	ids := make([]string, 0, len(r))
	for id := range r {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Ranked returns the creator ids of results in evaluation order, the order
// trec_eval uses: score descending, ties broken by docno descending (byte
// order, as strcmp compares). The rank column of a run file is ignored, as
// trec_eval ignores it. A creator listed twice keeps its first occurrence.
// results is not modified.
func Ranked(results []Scored) []string {
	rs := make([]Scored, len(results))
	copy(rs, results)
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].Score != rs[j].Score {
			return rs[i].Score > rs[j].Score
		}
		return rs[i].DocID > rs[j].DocID
	})
	out := make([]string, 0, len(rs))
	seen := make(map[string]bool, len(rs))
	for _, r := range rs {
		if !seen[r.DocID] {
			seen[r.DocID] = true
			out = append(out, r.DocID)
		}
	}
	return out
}

// ReadRun reads a TREC run: "qid Q0 docid rank score tag" lines. Only qid,
// docid and score are used.
func ReadRun(r io.Reader) (Rankings, error) {
	run := Rankings{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		f := strings.Fields(s)
		if len(f) != 6 {
			return nil, fmt.Errorf("run line %d: want 6 fields \"qid Q0 creator_id rank score tag\", got %d", line, len(f))
		}
		score, err := strconv.ParseFloat(f[4], 64)
		if err != nil || math.IsNaN(score) {
			return nil, fmt.Errorf("run line %d: score %q is not a number", line, f[4])
		}
		run[f[0]] = append(run[f[0]], Scored{DocID: f[2], Score: score})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("run line %d: %w", line+1, err)
	}
	return run, nil
}

// WriteRun writes run in TREC format with the given tag, each query's
// results in evaluation order (Ranked) with ranks from 1. Scores are
// written with full float64 precision so a run read back ranks the same.
func WriteRun(w io.Writer, run Rankings, tag string) error {
	if tag == "" || strings.ContainsAny(tag, " \t\n") {
		return fmt.Errorf("run tag %q must be one non-empty word", tag)
	}
	bw := bufio.NewWriter(w)
	for _, qid := range run.QueryIDs() {
		score := map[string]float64{}
		for _, r := range run[qid] {
			if _, ok := score[r.DocID]; !ok {
				score[r.DocID] = r.Score
			}
		}
		for i, d := range Ranked(run[qid]) {
			if _, err := fmt.Fprintf(bw, "%s Q0 %s %d %s %s\n", qid, d, i+1, strconv.FormatFloat(score[d], 'g', -1, 64), tag); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// ReadQrelsFile and ReadRunFile read from a path.
func ReadQrelsFile(path string) (Qrels, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadQrels(f)
}

// ReadRunFile reads a TREC run from path.
func ReadRunFile(path string) (Rankings, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadRun(f)
}
