package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// report is a table of single measurements (a binary's size, a build's
// time) of both libraries, their ratio kclient/client-go and, where the
// issue set one, the target and whether it is met. Unlike benchenv.Table it
// has no rounds to pair: sizes are deterministic and cold builds too slow to
// repeat many times.
type report struct {
	rows []reportRow
}

// reportRow is one line of a report.
type reportRow struct {
	group, metric     string
	clientGo, kclient float64
	decimals          int
	target            string
	met               func(ratio float64) bool
}

// add appends a row without a target.
func (r *report) add(group, metric string, clientGo, kclient float64, decimals int) {
	r.rows = append(r.rows, reportRow{group: group, metric: metric, clientGo: clientGo, kclient: kclient, decimals: decimals})
}

// addTarget appends a row with a target on the ratio kclient/client-go,
// described by target and checked by met.
func (r *report) addTarget(group, metric string, clientGo, kclient float64, decimals int, target string, met func(ratio float64) bool) {
	r.rows = append(r.rows, reportRow{group: group, metric: metric, clientGo: clientGo, kclient: kclient, decimals: decimals, target: target, met: met})
}

// print writes the report in the layout of benchenv.Table: text columns
// aligned left, figures right. Ratios get three decimals, since a target
// such as "at most half" can be met or missed in the third.
func (r *report) print(w io.Writer) error {
	lines := [][]string{{"case", "metric", clientGo, kclient, kclient + "/" + clientGo, "target", "met"}}
	for _, row := range r.rows {
		ratio, met := "n/a", ""
		if row.clientGo != 0 {
			q := row.kclient / row.clientGo
			ratio = strconv.FormatFloat(q, 'f', 3, 64)
			if row.met != nil {
				met = "no"
				if row.met(q) {
					met = "yes"
				}
			}
		}
		lines = append(lines, []string{
			row.group, row.metric,
			strconv.FormatFloat(row.clientGo, 'f', row.decimals, 64),
			strconv.FormatFloat(row.kclient, 'f', row.decimals, 64),
			ratio, row.target, met,
		})
	}
	leftAligned := []bool{true, true, false, false, false, true, true}
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
		return fmt.Errorf("print report: %w", err)
	}
	return nil
}
