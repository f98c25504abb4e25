package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Chart geometry, in SVG user units.
const (
	panelWidth  = 420
	panelHeight = 300
	plotTop     = 50
	plotBottom  = 250
	plotLeft    = 60
	plotRight   = 400
	barWidth    = 26
	barGap      = 4
)

// series are the bars of each group, left to right.
var series = []struct {
	lib, label, color string
}{
	{libClientGo, "client-go v0.37.2", "#4e79a7"},
	{libKclient, "kclient", "#f28e2b"},
	{libFloor, "floor: plain LIST, discarded", "#bab0ac"},
}

// chartSVG draws two bar-chart panels side by side, sync time and peak RSS,
// with one group of bars per number of Pods. It is hand-written SVG with no
// script or external reference, so it renders on GitHub as an image.
func chartSVG(all []sizeResult) string {
	var b strings.Builder
	width, height := 2*panelWidth, panelHeight+40
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	panel(&b, 0, "Start to HasSynced (s, median)", all, 2, func(r childResult) float64 { return r.Sync.Seconds() })
	panel(&b, panelWidth, "Peak RSS of the process (MiB, median)", all, 0, func(r childResult) float64 { return mib(r.PeakRSS) })
	// Legend.
	x := plotLeft
	for _, s := range series {
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/>`+"\n", x, panelHeight+12, s.color)
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`+"\n", x+16, panelHeight+22, s.label)
		x += 30 + 7*len(s.label)
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// panel draws one bar chart at horizontal offset x0.
func panel(b *strings.Builder, x0 int, title string, all []sizeResult, decimals int, get func(childResult) float64) {
	top := 0.0
	for _, sr := range all {
		for _, s := range series {
			top = math.Max(top, median(sr.results[s.lib], get))
		}
	}
	scaleMax, step := niceScale(top)
	y := func(v float64) float64 { return plotBottom - (plotBottom-plotTop)*v/scaleMax }

	fmt.Fprintf(b, `<text x="%d" y="24" font-size="14" font-weight="bold">%s</text>`+"\n", x0+plotLeft, title)
	for v := 0.0; v <= scaleMax+step/2; v += step {
		fmt.Fprintf(b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>`+"\n", x0+plotLeft, y(v), x0+plotRight, y(v))
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n", x0+plotLeft-6, y(v)+4, strconv.FormatFloat(v, 'f', -1, 64))
	}
	groupWidth := float64(plotRight-plotLeft) / float64(max(1, len(all)))
	barsWidth := float64(len(series)*barWidth + (len(series)-1)*barGap)
	for gi, sr := range all {
		gx := float64(x0+plotLeft) + groupWidth*float64(gi) + (groupWidth-barsWidth)/2
		for si, s := range series {
			v := median(sr.results[s.lib], get)
			bx := gx + float64(si*(barWidth+barGap))
			fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%d" height="%.1f" fill="%s"/>`+"\n", bx, y(v), barWidth, plotBottom-y(v), s.color)
			fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="10">%s</text>`+"\n", bx+barWidth/2, y(v)-4, strconv.FormatFloat(v, 'f', decimals, 64))
		}
		fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="middle">%s pods</text>`+"\n", gx+barsWidth/2, plotBottom+18, thousands(sr.pods))
	}
	fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>`+"\n", x0+plotLeft, plotBottom, x0+plotRight, plotBottom)
}

// niceScale returns an axis maximum at or above top and a round grid step
// (1, 2 or 5 times a power of ten) giving four to ten grid lines.
func niceScale(top float64) (scaleMax, step float64) {
	if top <= 0 {
		return 1, 0.25
	}
	raw := top / 5
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if step = m * pow; step >= raw {
			break
		}
	}
	return math.Ceil(top*1.08/step) * step, step
}

// thousands formats n with commas: 50000 is "50,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
