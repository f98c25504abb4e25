package benchenv

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Metric is a measured quantity and the direction in which it improves.
type Metric struct {
	// Name labels the metric in tables, unit included, for example "req/s".
	Name string
	// HigherIsBetter is true for rates, false for costs.
	HigherIsBetter bool
	// Decimals is how many decimals the table prints.
	Decimals int
}

// Standard metrics of a request load, as recorded by [Table.AddSample].
var (
	MetricThroughput  = Metric{Name: "req/s", HigherIsBetter: true}
	MetricAllocsPerOp = Metric{Name: "allocs/req", Decimals: 1}
	MetricBytesPerOp  = Metric{Name: "B/req"}
	MetricCPUPerOp    = Metric{Name: "CPU µs/req", Decimals: 1}
	MetricLatencyP50  = Metric{Name: "p50 latency µs"}
	MetricLatencyP99  = Metric{Name: "p99 latency µs"}
)

// Table collects per-round values of metrics for two libraries, a baseline
// (client-go) and a candidate (kclient), and prints for each row the median
// of each, the ratio candidate/baseline and a verdict. It is not safe for
// concurrent use.
type Table struct {
	baseline, candidate string
	rows                []*row
}

// row holds the values of one metric for one case.
type row struct {
	group  string
	metric Metric
	values map[string][]float64
}

// NewTable returns an empty table comparing candidate against baseline.
func NewTable(baseline, candidate string) *Table {
	return &Table{baseline: baseline, candidate: candidate}
}

// Add records one round's value of metric m in case group for library.
// Rows print in the order they were first added.
func (t *Table) Add(group string, m Metric, library string, value float64) {
	for _, r := range t.rows {
		if r.group == group && r.metric.Name == m.Name {
			r.values[library] = append(r.values[library], value)
			return
		}
	}
	t.rows = append(t.rows, &row{group: group, metric: m, values: map[string][]float64{library: {value}}})
}

// AddSample records the standard metrics of one measured run.
func (t *Table) AddSample(group, library string, s Sample) {
	t.Add(group, MetricThroughput, library, s.Throughput())
	t.Add(group, MetricAllocsPerOp, library, s.AllocsPerOp())
	t.Add(group, MetricBytesPerOp, library, s.BytesPerOp())
	t.Add(group, MetricCPUPerOp, library, float64(s.CPUPerOp().Nanoseconds())/1e3)
	t.Add(group, MetricLatencyP50, library, float64(s.Percentile(0.50).Microseconds()))
	t.Add(group, MetricLatencyP99, library, float64(s.Percentile(0.99).Microseconds()))
}

// Ratio returns the ratio candidate/baseline for the row of group and metric
// name (see [Table.Print] for how it is computed), and false when that row or
// one side is missing.
func (t *Table) Ratio(group, metric string) (float64, bool) {
	for _, r := range t.rows {
		if r.group == group && r.metric.Name == metric {
			c, ok := r.compare(t.baseline, t.candidate)
			return c.ratio, ok
		}
	}
	return 0, false
}

// comparison is the outcome of one row: how the candidate compares with the
// baseline.
type comparison struct {
	// ratio is candidate/baseline.
	ratio float64
	// spread is the noise around ratio, relative to it.
	spread float64
	// ahead is the number of paired rounds in which the candidate did better;
	// rounds is the number of paired rounds, 0 when the rounds do not pair.
	ahead, rounds int
}

// compare compares the row's candidate values with its baseline values.
// With as many rounds on each side, rounds pair the libraries: the ratio is
// the median of the per-round ratios, which cancels drift of the machine's
// speed between rounds, and the spread is their interquartile range over the
// median. Otherwise the ratio is that of the medians and the spread is the
// larger side's (max-min)/median.
func (r *row) compare(baseline, candidate string) (comparison, bool) {
	bv, cv := r.values[baseline], r.values[candidate]
	if len(bv) == 0 || len(cv) == 0 {
		return comparison{}, false
	}
	if len(bv) != len(cv) {
		b := Median(bv)
		if b == 0 {
			return comparison{}, false
		}
		return comparison{ratio: Median(cv) / b, spread: max(spread(bv), spread(cv))}, true
	}
	c := comparison{rounds: len(bv)}
	ratios := make([]float64, 0, len(bv))
	for i := range bv {
		if bv[i] == 0 {
			return comparison{}, false
		}
		ratios = append(ratios, cv[i]/bv[i])
		if (cv[i] > bv[i] && r.metric.HigherIsBetter) || (cv[i] < bv[i] && !r.metric.HigherIsBetter) {
			c.ahead++
		}
	}
	c.ratio = Median(ratios)
	if c.ratio != 0 {
		slices.Sort(ratios)
		c.spread = (quantile(ratios, 0.75) - quantile(ratios, 0.25)) / c.ratio
	}
	return c, true
}

// Print writes the table, one line per case and metric: the median of each
// library over the rounds; the ratio candidate/baseline (the median of the
// per-round ratios when rounds pair the libraries); its spread (interquartile
// range of the per-round ratios over their median); in how many rounds the
// candidate did better; and a verdict.
//
// The verdict is "≈ same" when the ratio is within 3% of 1. Otherwise it
// names the better library if the rounds agree: so many of them went the
// ratio's way that a coin would do it with probability at most 10% (a
// two-sided sign test: 5 of 5, 7 of 7, 8 of 9, 9 of 11 rounds) or every
// round went that way by more than the spread, or, when rounds do not pair,
// the ratio is outside the spread. Else it is
// "≈ same (noisy)".
func (t *Table) Print(w io.Writer) error {
	lines := [][]string{{"case", "metric", t.baseline, t.candidate, t.candidate + "/" + t.baseline, "spread", t.candidate + " ahead", "verdict"}}
	for _, r := range t.rows {
		bv, cv := r.values[t.baseline], r.values[t.candidate]
		ratio, noise, ahead, verdict := "n/a", "", "", "n/a"
		if c, ok := r.compare(t.baseline, t.candidate); ok {
			ratio = strconv.FormatFloat(c.ratio, 'f', 2, 64)
			noise = fmt.Sprintf("%.0f%%", 100*c.spread)
			if c.rounds > 0 {
				ahead = fmt.Sprintf("%d/%d", c.ahead, c.rounds)
			}
			verdict = judge(c, r.metric.HigherIsBetter, t.candidate)
		}
		lines = append(lines, []string{
			r.group, r.metric.Name, format(bv, r.metric.Decimals), format(cv, r.metric.Decimals),
			ratio, noise, ahead, verdict,
		})
	}
	// Text columns align left, figures right.
	leftAligned := []bool{true, true, false, false, false, false, false, true}
	widths := make([]int, len(lines[0]))
	for _, l := range lines {
		for i, cell := range l {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	var b strings.Builder
	for _, l := range lines {
		var line strings.Builder
		for i, cell := range l {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
			if i > 0 {
				line.WriteString("  ")
			}
			if leftAligned[i] {
				line.WriteString(cell + pad)
			} else {
				line.WriteString(pad + cell)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("print result table: %w", err)
	}
	return nil
}

// maxSignTestP is the largest sign-test probability at which judge still
// calls a difference.
const maxSignTestP = 0.10

// judge words the comparison c from the candidate's point of view (see
// [Table.Print]).
func judge(c comparison, higherIsBetter bool, candidate string) string {
	if c.ratio > 0.97 && c.ratio < 1.03 {
		return "≈ same"
	}
	better := (c.ratio > 1) == higherIsBetter
	agreeing := c.ahead
	if !better {
		agreeing = c.rounds - c.ahead
	}
	// Every round agreeing, by more than the spread of the per-round
	// ratios, counts too: with three rounds no sign test can reach 10%, yet
	// 0.40 in every round of three with a 4% spread is no accident.
	unanimous := c.rounds > 0 && agreeing == c.rounds && (c.ratio < 1-c.spread || c.ratio > 1+c.spread)
	switch {
	case c.rounds > 0 && signTest(agreeing, c.rounds) > maxSignTestP && !unanimous:
		return "≈ same (noisy)"
	case c.rounds == 0 && c.ratio > 1-c.spread && c.ratio < 1+c.spread:
		return "≈ same (noisy)"
	case better:
		return candidate + " better"
	default:
		return candidate + " worse"
	}
}

// format prints the median of values, or "-" when there are none.
func format(values []float64, decimals int) string {
	if len(values) == 0 {
		return "-"
	}
	return strconv.FormatFloat(Median(values), 'f', decimals, 64)
}

// Median returns the median of values (the mean of the two middle values
// for an even count), or 0 for none. It does not modify values.
func Median(values []float64) float64 {
	if len(values) == 0 {
		return 0
	}
	s := slices.Clone(values)
	slices.Sort(s)
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return s[mid]
	}
	return (s[mid-1] + s[mid]) / 2
}

// spread returns (max-min)/median of values, 0 for fewer than two values.
func spread(values []float64) float64 {
	if len(values) < 2 {
		return 0
	}
	m := Median(values)
	if m == 0 {
		return 0
	}
	return (slices.Max(values) - slices.Min(values)) / m
}

// quantile returns the p-quantile (0..1) of sorted values by linear
// interpolation between the closest ranks; sorted must not be empty.
func quantile(sorted []float64, p float64) float64 {
	pos := p * float64(len(sorted)-1)
	lo := int(pos)
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	frac := pos - float64(lo)
	return sorted[lo] + frac*(sorted[lo+1]-sorted[lo])
}

// signTest returns the two-sided probability that a fair coin tossed n times
// lands at least k times on the same side, for k > n/2.
func signTest(k, n int) float64 {
	tail, binom := 0.0, 1.0 // binom is C(n, i), starting at i = 0
	for i := 0; i <= n; i++ {
		if i >= k {
			tail += binom
		}
		binom = binom * float64(n-i) / float64(i+1)
	}
	return min(1, 2*tail/math.Pow(2, float64(n)))
}
