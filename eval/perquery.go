package eval

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// ReadPerQueryCSV reads the per_query.csv a report writes (system, qid,
// metric, value) back into per-query values by system, so that two runs —
// before and after a change that cannot be a system of one binary, such
// as a new brief parser — can be compared query by query with Compare.
func ReadPerQueryCSV(r io.Reader) (map[string]PerQuery, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 4
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("per-query csv: %w", err)
	}
	if head[0] != "system" || head[1] != "qid" || head[2] != "metric" || head[3] != "value" {
		return nil, fmt.Errorf("per-query csv: header %v, want system,qid,metric,value", head)
	}
	out := map[string]PerQuery{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("per-query csv: %w", err)
		}
		v, err := strconv.ParseFloat(rec[3], 64)
		if err != nil {
			return nil, fmt.Errorf("per-query csv line %d: value %q: %w", line, rec[3], err)
		}
		pq := out[rec[0]]
		if pq == nil {
			pq = PerQuery{}
			out[rec[0]] = pq
		}
		if pq[rec[1]] == nil {
			pq[rec[1]] = map[string]float64{}
		}
		pq[rec[1]][rec[2]] = v
	}
}
