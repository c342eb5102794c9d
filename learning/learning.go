// Package learning trains each workspace's matcher weights from its
// feedback (the model is matcher.Learn) and gates what serves: a trained
// version serves only when an offline replay of the workspace's held-back
// briefs shows no loss in NDCG@10 against the weights serving now.
package learning

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/eval"
	"github.com/creatormatch/creatormatch/matcher"
)

// DefaultEvery is how many new feedback events of a workspace start a
// training in the background (Trainer.Notify).
const DefaultEvery = 50

// holdOutMod sets the share of a workspace's briefs held back for the
// replay: a brief is held back when FNV-1a of its id is 0 mod 4.
const holdOutMod = 4

// HeldOut reports whether briefID is held back for the replay (the
// deterministic split: one brief in four by a hash of its id).
func HeldOut(briefID string) bool {
	h := fnv.New32a()
	h.Write([]byte(briefID))
	return h.Sum32()%holdOutMod == 0
}

// Trainer trains and gates a workspace's weights.
type Trainer struct {
	Matcher *matcher.Matcher
	Store   creatormatch.Store
	Config  matcher.LearnConfig
	// Split says whether a brief is held back for the replay (HeldOut
	// when nil).
	Split func(briefID string) bool
	// Every is how many new events Notify waits for (DefaultEvery when 0).
	Every int
	Now   func() time.Time
	Log   *slog.Logger

	mu      sync.Mutex
	pending map[string]int  // new events per workspace since its last training
	running map[string]bool // a training is running (or queued) for the workspace
	again   map[string]bool // another is due when it ends
	sem     chan struct{}   // one training at a time over all workspaces
	wg      sync.WaitGroup
	base    context.Context // background trainings' context; Stop cancels it
	stop    context.CancelFunc
	// train replaces Train in background trainings (tests).
	train func(ctx context.Context, workspace string) ([]creatormatch.WeightVersion, error)
}

// relevance is what a replay judges a creator by: its feedback
// grade less one (shown only and passed over are not relevant).
func relevance(grade int) int { return max(0, grade-1) }

// Train trains workspace's weights for every goal its training briefs
// have preferences for, replays them against the weights serving on the
// held-back briefs of that goal and stores each as a new version, served
// or rejected. It returns the versions stored.
func (t *Trainer) Train(ctx context.Context, workspace string) ([]creatormatch.WeightVersion, error) {
	events, err := t.Store.ListFeedback(ctx, creatormatch.FeedbackFilter{Workspace: workspace})
	if err != nil {
		return nil, err
	}
	judged, err := t.Matcher.Rescore(ctx, events)
	if err != nil {
		return nil, err
	}
	split := t.Split
	if split == nil {
		split = HeldOut
	}
	cfg := t.Config
	train := map[creatormatch.Goal][]matcher.Pair{}
	held := map[creatormatch.Goal][]matcher.Judged{}
	for _, j := range judged {
		if split(j.BriefID) {
			held[j.Goal] = append(held[j.Goal], j)
			continue
		}
		limit := cfg.MaxPairsPerBrief
		if limit == 0 {
			limit = 200
		}
		train[j.Goal] = append(train[j.Goal], j.Pairs(limit)...)
	}
	cur, err := t.Store.CurrentWeights(ctx, workspace)
	if err != nil {
		return nil, err
	}
	now := time.Now
	if t.Now != nil {
		now = t.Now
	}
	var out []creatormatch.WeightVersion
	for _, goal := range creatormatch.Goals {
		pairs := train[goal]
		if len(pairs) == 0 {
			continue
		}
		learned := matcher.Learn(matcher.Presets[goal], pairs, cfg)
		serving, label := matcher.Weights(nil), matcher.WeightsPreset
		if v, ok := cur[goal]; ok && v.Status == creatormatch.WeightsServed {
			serving, label = matcher.Weights(v.Weights), matcher.VersionLabel(goal, v.Version)
		}
		rep, err := t.Replay(ctx, held[goal], learned, serving)
		if err != nil {
			return nil, err
		}
		rep.ServingLabel = label
		status := creatormatch.WeightsRejected
		if rep.Briefs > 0 && rep.NDCG10 >= rep.ServingNDCG-1e-12 {
			status = creatormatch.WeightsServed
		}
		v, err := t.Store.AddWeights(ctx, creatormatch.WeightVersion{
			Workspace: workspace, Goal: goal, Status: status, Weights: learned,
			TrainedAt: now(), Events: len(events), Replay: &rep,
		})
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Replay re-ranks, for each held-back brief, the creators its feedback
// judged, with the candidate and with the serving weights (nil: the
// preset), and returns their mean NDCG@10 against the brief's graded
// feedback (relevance: grade − 1). Only judged creators are ranked: the
// feedback judged what the serving weights showed, so ranking the whole
// catalogue would count every creator they never showed as irrelevant
// and favour them. Briefs without a relevant creator are left out.
func (t *Trainer) Replay(ctx context.Context, held []matcher.Judged, candidate, serving matcher.Weights) (creatormatch.WeightReplay, error) {
	var rep creatormatch.WeightReplay
	for _, j := range held {
		rels := map[string]int{}
		for id, g := range j.Grades {
			if r := relevance(g); r > 0 {
				rels[id] = r
			}
		}
		if len(rels) == 0 {
			continue
		}
		a, err := t.rankIDs(ctx, j, candidate)
		if err != nil {
			return rep, err
		}
		b, err := t.rankIDs(ctx, j, serving)
		if err != nil {
			return rep, err
		}
		rep.Briefs++
		rep.NDCG10 += eval.NDCG(a, rels, 10)
		rep.ServingNDCG += eval.NDCG(b, rels, 10)
	}
	if rep.Briefs > 0 {
		rep.NDCG10 /= float64(rep.Briefs)
		rep.ServingNDCG /= float64(rep.Briefs)
	}
	return rep, nil
}

func (t *Trainer) rankIDs(ctx context.Context, j matcher.Judged, w matcher.Weights) ([]string, error) {
	judged := make([]string, 0, len(j.Grades))
	for id := range j.Grades {
		judged = append(judged, id)
	}
	slices.Sort(judged)
	resp, err := t.Matcher.Match(ctx, matcher.Request{Brief: creatormatch.Brief{Text: j.Text}, Weights: w,
		Filters: creatormatch.Filter{IDs: judged}, Limit: 10})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(resp.Results))
	for i, r := range resp.Results {
		ids[i] = r.CreatorID
	}
	return ids, nil
}

// Notify counts n new events of workspace and, once Every have arrived
// since its last training, starts one in the background. Bursts do not
// pile up: a workspace has at most one training running and one more due
// after it, and trainings run one at a time. The count is the process's
// own (a restart starts it again from zero).
func (t *Trainer) Notify(workspace string, n int) {
	every := t.Every
	if every <= 0 {
		every = DefaultEvery
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.pending == nil {
		t.pending, t.running, t.again = map[string]int{}, map[string]bool{}, map[string]bool{}
		t.sem = make(chan struct{}, 1)
		t.base, t.stop = context.WithCancel(context.Background())
	}
	if t.base.Err() != nil {
		return // stopped
	}
	t.pending[workspace] += n
	if t.pending[workspace] < every {
		return
	}
	t.pending[workspace] = 0
	if t.running[workspace] {
		t.again[workspace] = true
		return
	}
	t.running[workspace] = true
	t.wg.Add(1)
	go t.loop(workspace)
}

func (t *Trainer) loop(workspace string) {
	defer t.wg.Done()
	for {
		t.sem <- struct{}{}
		ctx, cancel := context.WithTimeout(t.base, 10*time.Minute)
		train := t.Train
		if t.train != nil {
			train = t.train
		}
		vs, err := train(ctx, workspace)
		cancel()
		<-t.sem
		if t.Log != nil {
			if err != nil && !errors.Is(err, context.Canceled) {
				t.Log.Warn("training workspace weights failed", "workspace", workspace, "err", err)
			} else {
				for _, v := range vs {
					t.Log.Info("trained workspace weights", "workspace", workspace, "version", matcher.VersionLabel(v.Goal, v.Version), "status", v.Status)
				}
			}
		}
		t.mu.Lock()
		if !t.again[workspace] || t.base.Err() != nil {
			delete(t.running, workspace)
			t.mu.Unlock()
			return
		}
		delete(t.again, workspace)
		t.mu.Unlock()
	}
}

// Wait blocks until the background trainings Notify started have ended.
func (t *Trainer) Wait() { t.wg.Wait() }

// Stop cancels the background trainings, waits for them to end and
// starts no more.
func (t *Trainer) Stop() {
	t.mu.Lock()
	if t.stop == nil {
		t.pending, t.running, t.again = map[string]int{}, map[string]bool{}, map[string]bool{}
		t.sem = make(chan struct{}, 1)
		t.base, t.stop = context.WithCancel(context.Background())
	}
	t.stop()
	t.mu.Unlock()
	t.wg.Wait()
}

// ResetWeights stores a reset version for every goal of workspace whose
// current version is served, so its matches go back to the presets.
func ResetWeights(ctx context.Context, st creatormatch.WeightStore, workspace string, now time.Time) ([]creatormatch.WeightVersion, error) {
	cur, err := st.CurrentWeights(ctx, workspace)
	if err != nil {
		return nil, err
	}
	goals := make([]creatormatch.Goal, 0, len(cur))
	for g, v := range cur {
		if v.Status == creatormatch.WeightsServed {
			goals = append(goals, g)
		}
	}
	slices.Sort(goals)
	var out []creatormatch.WeightVersion
	for _, g := range goals {
		v, err := st.AddWeights(ctx, creatormatch.WeightVersion{Workspace: workspace, Goal: g, Status: creatormatch.WeightsReset, TrainedAt: now})
		if err != nil {
			return nil, fmt.Errorf("reset %s: %w", g, err)
		}
		out = append(out, v)
	}
	return out, nil
}
