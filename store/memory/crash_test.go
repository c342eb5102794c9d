package memory

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

const (
	crashDirEnv   = "CREATORMATCH_MEMORY_CRASH_WRITER_DIR"
	crashRoundEnv = "CREATORMATCH_MEMORY_CRASH_WRITER_ROUND"
	// crashThreshold makes the writer compact every few dozen writes, so
	// kills land in compactions too.
	crashThreshold = 48 << 10
)

// TestCrashInjection kills a writer process at random points 50 times. Each
// round starts TestCrashWriter on the same directory, which writes
// acknowledged batches (upserts of 1-8 creators, deletes, feedback events)
// and prints each write before making it and each acknowledgement, with a
// compaction every few dozen writes; after a seeded random delay (0-400 ms
// from its start in even rounds, so that many kills land while it opens
// the store, 0-300 ms from its Open in odd ones) the test SIGKILLs it,
// opens the store
// and checks that it opens and that every acknowledged write is there: an
// acknowledged upsert's creators present, an acknowledged delete's creator
// gone, an acknowledged event listed. A write printed but not acknowledged
// may or may not be there; the state found is then what later rounds
// check.
func TestCrashInjection(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	dir := t.TempDir()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(2026, 12))
	present := map[string]bool{} // creator id -> acknowledged present (true) or deleted (false)
	events := map[string]bool{}  // acknowledged feedback event ids
	var acks, killedEarly, compactions int
	start := time.Now()
	for round := range 50 {
		// Even rounds count the delay from the start (0-400 ms: often
		// within Open), odd ones from the writer's "open" (0-300 ms).
		afterOpen := round%2 == 1
		delay := time.Duration(r.Int64N(int64(400 * time.Millisecond)))
		if afterOpen {
			delay = time.Duration(r.Int64N(int64(300 * time.Millisecond)))
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashWriter$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashDirEnv+"="+dir, crashRoundEnv+"="+strconv.Itoa(round))
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		cmd.Stderr = os.Stderr
		require.NoError(t, cmd.Start())
		killFn := func() { _ = cmd.Process.Signal(syscall.SIGKILL) }
		kill := time.AfterFunc(delay, killFn)
		if afterOpen {
			kill.Stop()
		}
		pending := map[string]bool{} // ids with a write printed, not acknowledged
		roundAcks := 0
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) == 0 {
				continue
			}
			switch f[0] {
			case "open":
				if afterOpen {
					kill = time.AfterFunc(delay, killFn)
				}
			case "put", "del", "fb":
				for _, id := range f[1:] {
					pending[id] = true
				}
			case "put-ok", "del-ok":
				for _, id := range f[1:] {
					present[id] = f[0] == "put-ok"
					delete(pending, id)
				}
				roundAcks++
			case "fb-ok":
				for _, id := range f[1:] {
					events[id] = true
					delete(pending, id)
				}
				roundAcks++
			case "error":
				t.Fatalf("round %d: writer: %s", round, sc.Text())
			}
		}
		kill.Stop()
		werr := cmd.Wait()
		if werr == nil {
			t.Logf("round %d: the writer finished before the kill at %v", round, delay)
		}
		if roundAcks == 0 {
			killedEarly++
		}
		acks += roundAcks

		s, err := Open(ctx, dir, WithCompactThreshold(crashThreshold))
		require.NoError(t, err, "round %d: Open after a kill at %v", round, delay)
		if s.snapBucket != "" {
			compactions++
		}
		for id, want := range present {
			if pending[id] {
				continue
			}
			_, err := s.GetCreator(ctx, id)
			if want {
				require.NoError(t, err, "round %d (kill at %v): acknowledged creator %s lost", round, delay, id)
			} else {
				require.ErrorIs(t, err, cm.ErrNotFound, "round %d (kill at %v): acknowledged delete of %s undone", round, delay, id)
			}
		}
		for id := range pending { // whichever state a write in flight left
			if _, err := s.GetCreator(ctx, id); err == nil {
				present[id] = true
			} else if strings.HasPrefix(id, "c") {
				present[id] = false
			}
		}
		evs, err := s.ListFeedback(ctx, cm.FeedbackFilter{})
		require.NoError(t, err)
		listed := map[string]bool{}
		for _, ev := range evs {
			listed[ev.ID] = true
		}
		for id := range events {
			require.True(t, listed[id], "round %d (kill at %v): acknowledged feedback event %s lost", round, delay, id)
		}
		for id := range listed {
			events[id] = true
		}
		require.NoError(t, s.Close())
	}
	n := 0
	for _, p := range present {
		if p {
			n++
		}
	}
	t.Logf("50 kills in %v: %d acknowledged writes (%d rounds killed before the first), %d creators, %d events; %d reopens found a snapshot",
		time.Since(start).Round(time.Millisecond), acks, killedEarly, n, len(events), compactions)
}

// TestCrashWriter is TestCrashInjection's writer; it does nothing unless
// started by it.
func TestCrashWriter(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("only runs as TestCrashInjection's writer")
	}
	round, _ := strconv.Atoi(os.Getenv(crashRoundEnv))
	fail := func(what string, err error) {
		fmt.Println("error", what+":", err)
		os.Exit(2)
	}
	ctx := context.Background()
	s, err := Open(ctx, dir, WithCompactThreshold(crashThreshold))
	if err != nil {
		fail("open", err)
	}
	fmt.Println("open")
	r := rand.New(rand.NewPCG(uint64(round), 77))
	var mine []string
	for op := 0; op < 5000; op++ {
		switch k := r.IntN(10); {
		case k < 7 || len(mine) == 0:
			var recs []cm.CreatorRecord
			var ids []string
			for range 1 + r.IntN(8) {
				id := fmt.Sprintf("c%02d-%05d", round, len(mine))
				mine = append(mine, id)
				ids = append(ids, id)
				recs = append(recs, testRecord(r, id, 64))
			}
			fmt.Println("put", strings.Join(ids, " "))
			if err := s.UpsertCreators(ctx, recs); err != nil {
				fail("upsert", err)
			}
			fmt.Println("put-ok", strings.Join(ids, " "))
		case k < 9:
			id := mine[r.IntN(len(mine))]
			fmt.Println("del", id)
			if err := s.DeleteCreator(ctx, id); err != nil && !strings.Contains(err.Error(), "not found") {
				fail("delete", err)
			} else if err == nil {
				fmt.Println("del-ok", id)
			}
		default:
			id := fmt.Sprintf("e%02d-%05d", round, op)
			fmt.Println("fb", id)
			if err := s.AddFeedback(ctx, []cm.FeedbackEvent{{ID: id, CreatorID: mine[0], Kind: cm.FeedbackHired}}); err != nil {
				fail("feedback", err)
			}
			fmt.Println("fb-ok", id)
		}
	}
	os.Exit(0)
}
