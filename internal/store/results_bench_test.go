package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// largeTier stores a synthetic tier of units × (8 fields of leaves/8 leaves)
// with every leaf scored, and returns the store and its period and tier.
func largeTier(b *testing.B, units, leaves int) (*store.Store, workflow.Period, workflow.Tier, []workflow.ScoreWrite) {
	b.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	tier, err := st.CreateTier(ctx, workflow.Tier{Code: "bench", Name: "Khối thử tải"})
	if err != nil {
		b.Fatal(err)
	}
	p, err := st.CreatePeriod(ctx, 2030, "Thử tải")
	if err != nil {
		b.Fatal(err)
	}
	var fields []score.Criterion
	perField := leaves / 8
	for f := 1; f <= 8; f++ {
		field := score.Criterion{Code: fmt.Sprint(f), Name: fmt.Sprintf("Lĩnh vực %d", f)}
		for l := 1; l <= perField; l++ {
			max := score.Milli(1250)
			field.Children = append(field.Children, score.Criterion{Code: fmt.Sprintf("%d.%d", f, l), Name: fmt.Sprintf("Tiêu chí %d.%d", f, l), MaxPoints: &max})
		}
		fields = append(fields, field)
	}
	fw, err := st.PutFramework(ctx, p.Year, tier.Code, score.FrameworkInput{Criteria: fields})
	if err != nil {
		b.Fatal(err)
	}
	var writes []workflow.ScoreWrite
	for u := 0; u < units; u++ {
		code := fmt.Sprintf("u%05d", u)
		if _, err := st.CreateUnit(ctx, workflow.Unit{Code: code, Name: fmt.Sprintf("Đơn vị %05d", u), Tier: tier.Code}); err != nil {
			b.Fatal(err)
		}
		for i, leaf := range fw.Leaves {
			pts := score.Milli((u*7919 + i*104729) % 1251)
			writes = append(writes, workflow.ScoreWrite{Unit: code, Criterion: fw.Nodes[leaf].Code, Points: &pts, SetPoints: true})
		}
	}
	for start := 0; start < len(writes); start += 24000 {
		if err := st.UpsertScores(ctx, p.Year, workflow.User{}, writes[start:min(start+24000, len(writes))]); err != nil {
			b.Fatal(err)
		}
	}
	return st, p, tier, writes
}

// BenchmarkCompute2000x120 computes a 2,000-unit tier with 120 leaves each
// (240,000 stored scores) from the database: load, evaluate, rank, stats.
func BenchmarkCompute2000x120(b *testing.B) {
	st, p, tier, _ := largeTier(b, 2000, 120)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, err := st.TierResults(ctx, p, tier)
		r := d.Results
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Units) != 2000 || r.AverageIndex == nil {
			b.Fatalf("%d units", len(r.Units))
		}
	}
}

// BenchmarkUpsert240k writes 240,000 scores in batches of 24,000 through the
// store's validated, all-or-nothing upsert; it reports scores per second.
func BenchmarkUpsert240k(b *testing.B) {
	st, p, _, writes := largeTier(b, 2000, 120)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for start := 0; start < len(writes); start += 24000 {
			if err := st.UpsertScores(ctx, p.Year, workflow.User{}, writes[start:min(start+24000, len(writes))]); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(writes)*b.N)/b.Elapsed().Seconds(), "scores/s")
}

// BenchmarkResultsVersion2000 reads the fingerprint of a 2,000-unit
// tier's results (what the live results cache asks before each request).
func BenchmarkResultsVersion2000(b *testing.B) {
	st, p, tier, _ := largeTier(b, 2000, 120)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := st.ResultsVersion(ctx, p.Year, tier.Code); err != nil {
			b.Fatal(err)
		}
	}
}
