package eval

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Plots are drawn with gonum.org/v1/plot and written as PNG.

// PlotCurves draws mean metric@k against k, one line per system, to path.
// kind is "ndcg" or "recall" (SystemResult.Curves).
func PlotCurves(path, kind, title string, systems []*SystemResult) error {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "k (cutoff, log scale)"
	p.Y.Label.Text = "mean " + kind + "@k"
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = plot.LogTicks{Prec: -1}
	p.Y.Min, p.Y.Max = 0, 1
	p.Add(plotter.NewGrid())
	// The legend goes in its own column beside the plot, so that many
	// systems do not hide the lines.
	leg := plot.NewLegend()
	leg.Top, leg.Left = true, true
	leg.TextStyle.Font.Size = vg.Points(9)
	for i, s := range systems {
		curve := s.Curves[kind]
		ks := make([]int, 0, len(curve))
		for k := range curve {
			ks = append(ks, k)
		}
		sort.Ints(ks)
		pts := make(plotter.XYs, 0, len(ks))
		for _, k := range ks {
			if v := curve[k]; !math.IsNaN(v) {
				pts = append(pts, plotter.XY{X: float64(k), Y: v})
			}
		}
		if len(pts) == 0 {
			continue
		}
		line, points, err := plotter.NewLinePoints(pts)
		if err != nil {
			return err
		}
		c := plotutil.Color(i)
		line.Color, points.Color = c, c
		line.Dashes = plotutil.Dashes(i / 7)
		points.Shape = plotutil.Shape(i)
		p.Add(line, points)
		leg.Add(s.Name, line, points)
	}
	legendW := 2.1 * vg.Inch
	w := 7*vg.Inch + legendW
	h := max(4.5*vg.Inch, vg.Length(len(systems))*0.2*vg.Inch+0.6*vg.Inch)
	img := vgimg.New(w, h)
	dc := draw.New(img)
	p.Draw(draw.Crop(dc, 0, -legendW, 0, 0))
	leg.Draw(draw.Crop(dc, w-legendW+0.15*vg.Inch, 0, 0, -0.3*vg.Inch))
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// PlotDiffs draws the per-query difference system − baseline on metric,
// one bar per query sorted from largest gain to largest loss, to path.
func PlotDiffs(path, metric string, sys, base *SystemResult, qids []string) error {
	type d struct {
		q string
		v float64
	}
	var ds []d
	for _, q := range qids {
		a, okA := sys.PerQuery[q][metric]
		b, okB := base.PerQuery[q][metric]
		if !okA || !okB || math.IsNaN(a) || math.IsNaN(b) {
			continue
		}
		ds = append(ds, d{q, a - b})
	}
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].v != ds[j].v {
			return ds[i].v > ds[j].v
		}
		return ds[i].q < ds[j].q
	})
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s − %s, %s per query", sys.Name, base.Name, metric)
	p.Y.Label.Text = "difference in " + metric
	p.X.Label.Text = "queries (sorted by difference)"
	p.Add(plotter.NewGrid())
	if len(ds) == 0 {
		return p.Save(7*vg.Inch, 4*vg.Inch, path)
	}
	pos, neg := make(plotter.Values, len(ds)), make(plotter.Values, len(ds))
	names := make([]string, len(ds))
	for i, x := range ds {
		if x.v >= 0 {
			pos[i] = x.v
		} else {
			neg[i] = x.v
		}
		names[i] = x.q
	}
	w := vg.Points(math.Max(2, math.Min(14, 420/float64(len(ds)))))
	up, err := plotter.NewBarChart(pos, w)
	if err != nil {
		return err
	}
	up.Color = color.RGBA{R: 40, G: 140, B: 60, A: 255}
	up.LineStyle.Width = 0
	down, err := plotter.NewBarChart(neg, w)
	if err != nil {
		return err
	}
	down.Color = color.RGBA{R: 200, G: 50, B: 40, A: 255}
	down.LineStyle.Width = 0
	p.Add(up, down)
	zero := plotter.NewFunction(func(float64) float64 { return 0 })
	zero.Color = color.Black
	p.Add(zero)
	if len(ds) <= 40 {
		p.NominalX(names...)
		p.X.Tick.Label.Rotation = math.Pi / 2.5
		p.X.Tick.Label.XAlign = -0.9
		p.X.Tick.Label.Font.Size = vg.Points(7)
	} else {
		p.X.Tick.Marker = plot.ConstantTicks(nil)
	}
	lim := 0.0
	for _, x := range ds {
		lim = math.Max(lim, math.Abs(x.v))
	}
	if lim == 0 {
		lim = 0.1
	}
	p.Y.Min, p.Y.Max = -lim*1.05, lim*1.05
	return p.Save(8*vg.Inch, 4.5*vg.Inch, path)
}

// PlotReliability draws a reliability diagram: observed on-brief rate
// against mean fit per bin (points sized by nothing: the table in the
// report gives the counts), with the diagonal of perfect calibration.
func PlotReliability(path, title string, bins []ReliabilityBin) error {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "mean fit in bin"
	p.Y.Label.Text = "observed on-brief rate"
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	p.Add(plotter.NewGrid())
	diag, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return err
	}
	diag.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	diag.Color = color.Gray{Y: 128}
	var pts plotter.XYs
	for _, b := range bins {
		if b.N > 0 {
			pts = append(pts, plotter.XY{X: b.MeanFit, Y: b.Observed})
		}
	}
	if len(pts) == 0 {
		return fmt.Errorf("no predictions")
	}
	line, points, err := plotter.NewLinePoints(pts)
	if err != nil {
		return err
	}
	line.Color, points.Color = plotutil.Color(0), plotutil.Color(0)
	p.Add(diag, line, points)
	return p.Save(6*vg.Inch, 6*vg.Inch, path)
}
