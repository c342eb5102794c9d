package uselite

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
)

// briefText is a ~40-piece campaign brief, the typical query.
const briefText = "Brief: premium skincare brand looking for Gen Z micro-influencers in the US " +
	"who post honest routines, ingredient deep-dives and before/after reviews on TikTok."

var bios = []string{
	"Vegan food blogger sharing plant-based recipes and healthy meal prep ideas.",
	"Fitness coach for busy parents: 20-minute home workouts, no equipment needed.",
	"Sustainable fashion stylist. Thrift flips, capsule wardrobes and slow fashion.",
	"Home organization tips, Marie Kondo-style decluttering and small-space hacks!",
	"Acne-prone skin? I review gentle cleansers, serums and non-comedogenic sunscreen.",
	"Budget backpacking across Southeast Asia: hostels, street food and $20/day itineraries.",
	"Dog mom of two golden retrievers 🐶 sharing training tips and raw-food diets",
	"EV reviewer: range tests, charging networks and long-term ownership costs of electric cars.",
}

func BenchmarkEmbedSingleBrief(b *testing.B) {
	m := testModel(b)
	b.Logf("brief has %d pieces", len(m.Tokenize(briefText)))
	ctx := context.Background()
	in := []string{briefText}
	var lat []time.Duration
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		if _, err := m.Embed(ctx, in); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2])/1e6, "p50-ms")
}

func BenchmarkEmbedBatch(b *testing.B) {
	m := testModel(b)
	ctx := context.Background()
	texts := make([]string, 32)
	pieces := 0
	for i := range texts {
		texts[i] = fmt.Sprintf("%s #%d", bios[i%len(bios)], i)
		pieces += len(m.Tokenize(texts[i]))
	}
	b.Logf("32 bios, %d pieces", pieces)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Embed(ctx, texts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(texts)*b.N)/b.Elapsed().Seconds(), "texts/s")
}

// BenchmarkLoad also reports the live heap with one loaded model that has
// run a 32-text batch (weights + one workspace), the steady-state footprint.
func BenchmarkLoad(b *testing.B) {
	testModel(b) // skip/fail consistently when weights are missing
	b.ReportAllocs()
	var m *Model
	for b.Loop() {
		var err error
		if m, err = Load(modelDir()); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	shared = nil // only m stays reachable
	loadOnce = sync.Once{}
	texts := make([]string, 32)
	for i := range texts {
		texts[i] = bios[i%len(bios)]
	}
	if _, err := m.Embed(context.Background(), texts); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "live-heap-MB")
	runtime.KeepAlive(m)
}

func BenchmarkTokenize(b *testing.B) {
	m := testModel(b)
	b.ReportAllocs()
	for b.Loop() {
		m.Tokenize(briefText)
	}
}
