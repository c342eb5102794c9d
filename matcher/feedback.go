package matcher

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math"
	"time"

	"github.com/creatormatch/creatormatch"
)

// MaxFeedbackEvents caps one feedback request.
const MaxFeedbackEvents = 1000

// RecordFeedback validates and stores feedback events atomically. Each
// event must name a brief, a stored creator and a known kind; a
// campaign_result carries metrics (finite, non-negative numbers). Events
// without an id get one; events without a time get now.
func (m *Matcher) RecordFeedback(ctx context.Context, events []creatormatch.FeedbackEvent, now time.Time) ([]creatormatch.FeedbackEvent, error) {
	if len(events) == 0 {
		return nil, creatormatch.Invalid("events", "must hold at least one event")
	}
	if len(events) > MaxFeedbackEvents {
		return nil, creatormatch.Invalid("events", "at most %d events per request", MaxFeedbackEvents)
	}
	v := &creatormatch.ValidationError{}
	ids := map[string]bool{}
	for i := range events {
		e := &events[i]
		p := fmt.Sprintf("events[%d]", i)
		if e.ID == "" {
			e.ID = newID()
		} else if !creatormatch.ValidID(e.ID) {
			v.Add(p+".id", "is not a valid id")
		}
		if e.BriefID == "" {
			v.Add(p+".brief_id", "is required: feedback is about a creator for a brief")
		} else if !creatormatch.ValidID(e.BriefID) {
			v.Add(p+".brief_id", "is not a valid id")
		}
		if !creatormatch.ValidID(e.CreatorID) {
			v.Add(p+".creator_id", "is required and must be a valid creator id")
		} else {
			ids[e.CreatorID] = true
		}
		if !e.Kind.Valid() {
			v.Add(p+".event", "must be one of shortlisted, contacted, hired, rejected, campaign_result, shown, opened, dismissed")
		}
		if e.Kind == creatormatch.FeedbackCampaignResult && len(e.Metrics) == 0 {
			v.Add(p+".metrics", "a campaign_result needs metrics (e.g. impressions, engagements, clicks, sales)")
		}
		for k, x := range e.Metrics {
			if k == "" || len(k) > 64 {
				v.Add(p+".metrics", "metric names must be 1-64 characters")
			}
			if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
				v.Add(p+".metrics."+k, "must be a finite, non-negative number")
			}
		}
		if len(e.BriefText) > 20000 {
			v.Add(p+".brief_text", "must be at most 20000 bytes")
		}
		if e.CreatedAt.IsZero() {
			e.CreatedAt = now
		}
		e.CreatedAt = e.CreatedAt.UTC()
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	found, err := m.store.GetCreators(ctx, list)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, c := range found {
		known[c.ID] = true
	}
	for i, e := range events {
		if !known[e.CreatorID] {
			v.Add(fmt.Sprintf("events[%d].creator_id", i), "no creator %q", e.CreatorID)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := m.store.AddFeedback(ctx, events); err != nil {
		return nil, err
	}
	return events, nil
}

func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "fb_" + hex.EncodeToString(b[:])
}
