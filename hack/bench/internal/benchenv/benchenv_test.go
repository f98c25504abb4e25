package benchenv

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	tests := []struct {
		name   string
		values []float64
		want   float64
	}{
		{"none", nil, 0},
		{"one", []float64{3}, 3},
		{"odd count", []float64{5, 1, 3}, 3},
		{"even count", []float64{4, 1, 3, 2}, 2.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Median(tt.values); got != tt.want {
				t.Errorf("Median(%v) = %v, want %v", tt.values, got, tt.want)
			}
		})
	}
}

func TestJudge(t *testing.T) {
	tests := []struct {
		name           string
		c              comparison
		higherIsBetter bool
		want           string
	}{
		{"within 3% is same", comparison{ratio: 1.02, ahead: 9, rounds: 9}, true, "≈ same"},
		{"faster in 8 of 9 rounds is better", comparison{ratio: 1.3, ahead: 8, rounds: 9}, true, "kclient better"},
		{"faster in 7 of 9 rounds is noise", comparison{ratio: 1.3, ahead: 7, rounds: 9}, true, "≈ same (noisy)"},
		{"slower in 8 of 9 rounds is worse", comparison{ratio: 0.7, ahead: 1, rounds: 9}, true, "kclient worse"},
		{"fewer allocations in every round is better", comparison{ratio: 0.5, ahead: 9, rounds: 9}, false, "kclient better"},
		{"more allocations in every round is worse", comparison{ratio: 1.5, ahead: 0, rounds: 9}, false, "kclient worse"},
		{"3 of 3 rounds beyond the spread is better", comparison{ratio: 0.4, spread: 0.04, ahead: 3, rounds: 3}, false, "kclient better"},
		{"3 of 3 rounds within the spread is noise", comparison{ratio: 0.52, spread: 0.92, ahead: 3, rounds: 3}, false, "≈ same (noisy)"},
		{"2 of 3 rounds is noise", comparison{ratio: 0.5, spread: 0.1, ahead: 2, rounds: 3}, false, "≈ same (noisy)"},
		{"unpaired within spread is noise", comparison{ratio: 0.9, spread: 0.15}, false, "≈ same (noisy)"},
		{"unpaired beyond spread counts", comparison{ratio: 0.8, spread: 0.15}, false, "kclient better"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := judge(tt.c, tt.higherIsBetter, "kclient"); got != tt.want {
				t.Errorf("judge(%+v, %v) = %q, want %q", tt.c, tt.higherIsBetter, got, tt.want)
			}
		})
	}
}

func TestSignTest(t *testing.T) {
	tests := []struct {
		k, n int
		want float64
	}{
		{5, 5, 2.0 / 32},
		{8, 9, 2 * 10.0 / 512},
		{7, 9, 2 * 46.0 / 512},
		{2, 3, 1},
	}
	for _, tt := range tests {
		if got := signTest(tt.k, tt.n); got < tt.want-1e-9 || got > tt.want+1e-9 {
			t.Errorf("signTest(%d, %d) = %v, want %v", tt.k, tt.n, got, tt.want)
		}
	}
}

func TestRunCountsCallsAndAllocations(t *testing.T) {
	var calls atomic.Int64
	var sink atomic.Pointer[[]byte]
	s, err := Run(context.Background(), Load{Requests: 100, Workers: 4}, func(context.Context) error {
		calls.Add(1)
		b := make([]byte, 1024)
		sink.Store(&b)
		return nil
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if calls.Load() != 100 || s.Requests != 100 || len(s.Latencies) != 100 {
		t.Fatalf("calls %d, Requests %d, latencies %d; want 100 each", calls.Load(), s.Requests, len(s.Latencies))
	}
	if s.AllocsPerOp() < 1 || s.BytesPerOp() < 1024 {
		t.Errorf("AllocsPerOp %.1f, BytesPerOp %.0f; want at least 1 and 1024", s.AllocsPerOp(), s.BytesPerOp())
	}
	if s.Percentile(0.5) > s.Percentile(0.99) {
		t.Errorf("p50 %v above p99 %v", s.Percentile(0.5), s.Percentile(0.99))
	}
}

func TestRunStopsAtFirstError(t *testing.T) {
	boom := errors.New("boom")
	var calls atomic.Int64
	_, err := Run(context.Background(), Load{Requests: 1000, Workers: 2}, func(context.Context) error {
		if calls.Add(1) == 10 {
			return boom
		}
		time.Sleep(time.Millisecond)
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Run error = %v, want it to wrap %v", err, boom)
	}
	if calls.Load() > 20 {
		t.Errorf("%d calls after the error; want the load to stop", calls.Load())
	}
}

func TestTablePrintsMediansAndRatio(t *testing.T) {
	table := NewTable("client-go", "kclient")
	for _, v := range []float64{100, 110, 90, 105, 95} {
		table.Add("json", MetricThroughput, "client-go", v)
		table.Add("json", MetricThroughput, "kclient", 2*v)
	}
	table.Add("json", MetricAllocsPerOp, "client-go", 200)

	if q, ok := table.Ratio("json", "req/s"); !ok || q != 2 {
		t.Errorf("Ratio = %v, %v; want 2, true", q, ok)
	}
	var out strings.Builder
	if err := table.Print(&out); err != nil {
		t.Fatalf("Print: %v", err)
	}
	want := []string{
		"json  req/s",
		"100      200",
		"2.00",
		"kclient better",
		"allocs/req",
		"n/a",
	}
	for _, w := range want {
		if !strings.Contains(out.String(), w) {
			t.Errorf("table lacks %q:\n%s", w, out.String())
		}
	}
}

func TestTableRatioPairsRounds(t *testing.T) {
	// The machine's speed changes from round to round; kclient is 10% faster
	// in every round. Pairing by round sees exactly 1.1 with no spread.
	table := NewTable("client-go", "kclient")
	for _, speed := range []float64{100, 200, 50, 150, 120} {
		table.Add("json", MetricThroughput, "client-go", speed)
		table.Add("json", MetricThroughput, "kclient", 1.1*speed)
	}

	q, ok := table.Ratio("json", "req/s")
	if !ok || q < 1.0999 || q > 1.1001 {
		t.Errorf("Ratio = %v, %v; want 1.1, true", q, ok)
	}
	var out strings.Builder
	if err := table.Print(&out); err != nil {
		t.Fatalf("Print: %v", err)
	}
	if !strings.Contains(out.String(), "1.10      0%            5/5  kclient better") {
		t.Errorf("table lacks ratio 1.10, spread 0%%, 5/5 rounds ahead and the verdict:\n%s", out.String())
	}
}
