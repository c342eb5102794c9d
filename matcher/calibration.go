package matcher

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"time"
)

// Calibration maps a scored candidate's signals to its fit: the
// probability that a strategist would judge the creator on-brief. It is
// two steps, both fitted on labelled judgments by `creatormatch calibrate`
// (eval.FitCalibration):
//
//	z   = Intercept + Σᵢ Coef[i]·signal(Inputs[i])        (Platt scaling, logistic)
//	p   = 1 / (1 + e^(−z))
//	fit = the isotonic map Points at p: linear between the points (x
//	      ascending, y non-decreasing), flat beyond the ends; p itself when
//	      Points is empty
//
// The logistic step turns several topical signals into one ordered score;
// the isotonic step corrects its shape, so that among creators with fit
// 0.8 about 80% are on-brief on the data it was fitted on.
type Calibration struct {
	// Version names the map; responses and eval reports quote it.
	Version   string     `json:"version"`
	Inputs    []string   `json:"inputs"`
	Intercept float64    `json:"intercept"`
	Coef      []float64  `json:"coef"`
	Points    []CalPoint `json:"isotonic,omitempty"`
	// Provenance says what the map was fitted on and how well it did.
	Provenance CalProvenance `json:"provenance"`

	idx []int // index of each input in fitInputs
}

// SignalSemanticRelative is an input a map may read besides the signals:
// a candidate's semantic fit over the best semantic fit among the brief's
// candidates, in [0,1]. Absolute similarities shift from brief to brief
// (a specific ask scores lower everywhere); the relative one says whether
// the creator is among the closest for this brief.
const SignalSemanticRelative = "semantic_fit_relative"

// SignalNicheConsensus is another: how far the creator's niches agree with
// the top niches of the candidates closest to the brief in meaning (see
// nicheConsensus). A brief read as two topics ("vegan recipes": food and
// plant-based) is usually about the one its closest creators share.
const SignalNicheConsensus = "niche_consensus"

// fitInputs are the values a map can read: the signals in SignalNames
// order, then SignalSemanticRelative and SignalNicheConsensus.
type fitInputs [numSignals + 2]float64

const (
	iSemanticRelative = numSignals
	iNicheConsensus   = numSignals + 1
)

// inputIndex is the index of a named input in fitInputs, or -1.
func inputIndex(name string) int {
	switch name {
	case SignalSemanticRelative:
		return iSemanticRelative
	case SignalNicheConsensus:
		return iNicheConsensus
	}
	if j := slices.Index(SignalNames, name); j >= 0 && j < numSignals {
		return j
	}
	return -1
}

// CalPoint is one knot of the isotonic map.
type CalPoint struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// CalProvenance records how a calibration map was made.
type CalProvenance struct {
	Command  string             `json:"command"`
	Fitted   time.Time          `json:"fitted"`
	Commit   string             `json:"git_commit,omitempty"`
	Datasets []string           `json:"datasets"`
	Labels   string             `json:"labels"`
	Pairs    int                `json:"pairs"`
	Positive int                `json:"positive"`
	Split    string             `json:"split"`
	ECE      map[string]float64 `json:"held_out_ece,omitempty"`
	Notes    []string           `json:"notes,omitempty"`
}

//go:embed calibration.json
var defaultCalibration []byte

// DefaultCalibration is the map shipped with the binary
// (matcher/calibration.json, refitted by `creatormatch calibrate`).
func DefaultCalibration() *Calibration {
	c, err := ParseCalibration(defaultCalibration)
	if err != nil {
		panic("matcher/calibration.json: " + err.Error())
	}
	return c
}

// LoadCalibration reads a calibration map written by `creatormatch
// calibrate`.
func LoadCalibration(path string) (*Calibration, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := ParseCalibration(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// ParseCalibration decodes and checks a calibration map.
func ParseCalibration(b []byte) (*Calibration, error) {
	var c Calibration
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, err
	}
	if err := c.init(); err != nil {
		return nil, err
	}
	return &c, nil
}

// init checks the map and resolves its inputs.
func (c *Calibration) init() error {
	if c.Version == "" {
		return fmt.Errorf("calibration: no version")
	}
	if len(c.Inputs) != len(c.Coef) {
		return fmt.Errorf("calibration: %d inputs but %d coefficients", len(c.Inputs), len(c.Coef))
	}
	if len(c.Inputs) > len(fitInputs{}) {
		return fmt.Errorf("calibration: %d inputs; at most %d exist", len(c.Inputs), len(fitInputs{}))
	}
	for i, x := range append([]float64{c.Intercept}, c.Coef...) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("calibration: coefficient %d is not finite", i)
		}
	}
	c.idx = make([]int, len(c.Inputs))
	for i, name := range c.Inputs {
		j := inputIndex(name)
		if j < 0 {
			return fmt.Errorf("calibration: unknown input signal %q", name)
		}
		if slices.Contains(c.idx[:i], j) {
			return fmt.Errorf("calibration: input %q named twice", name)
		}
		c.idx[i] = j
	}
	for i, p := range c.Points {
		if math.IsNaN(p.X) || math.IsNaN(p.Y) || p.Y < 0 || p.Y > 1 {
			return fmt.Errorf("calibration: isotonic point %d out of range", i)
		}
		if i > 0 && (p.X < c.Points[i-1].X || p.Y < c.Points[i-1].Y) {
			return fmt.Errorf("calibration: isotonic points must ascend in x and not descend in y (point %d)", i)
		}
	}
	return nil
}

// NewCalibration builds a map from fitted parameters (eval.FitCalibration).
func NewCalibration(version string, inputs []string, intercept float64, coef []float64, points []CalPoint, prov CalProvenance) (*Calibration, error) {
	c := &Calibration{Version: version, Inputs: inputs, Intercept: intercept, Coef: coef, Points: points, Provenance: prov}
	if err := c.init(); err != nil {
		return nil, err
	}
	return c, nil
}

// Platt is the logistic step: σ(Intercept + Σ Coef·input), inputs given in
// Inputs order.
func (c *Calibration) Platt(inputs []float64) float64 {
	z := c.Intercept
	for i, x := range inputs {
		z += c.Coef[i] * x
	}
	return 1 / (1 + math.Exp(-z))
}

// Isotonic is the second step at p (p itself without points).
func (c *Calibration) Isotonic(p float64) float64 {
	pts := c.Points
	switch {
	case len(pts) == 0:
		return p
	case p <= pts[0].X:
		return pts[0].Y
	case p >= pts[len(pts)-1].X:
		return pts[len(pts)-1].Y
	}
	i, _ := slices.BinarySearchFunc(pts, p, func(pt CalPoint, x float64) int {
		switch {
		case pt.X < x:
			return -1
		case pt.X > x:
			return 1
		}
		return 0
	})
	// pts[i-1].X < p ≤ pts[i].X
	a, b := pts[i-1], pts[i]
	if b.X == a.X {
		return b.Y
	}
	return a.Y + (b.Y-a.Y)*(p-a.X)/(b.X-a.X)
}

// fit is the calibrated fit of a candidate's inputs.
func (c *Calibration) fit(sig *fitInputs) float64 {
	var buf [len(fitInputs{})]float64
	in := buf[:len(c.idx)]
	for i, j := range c.idx {
		in[i] = sig[j]
	}
	return clamp01(c.Isotonic(c.Platt(in)))
}

// Fit is the calibrated fit of named inputs (missing ones are 0).
func (c *Calibration) Fit(inputs map[string]float64) float64 {
	var in fitInputs
	for i, name := range FitInputNames {
		in[i] = inputs[name]
	}
	return c.fit(&in)
}

// FitInputNames lists every input a map may read, in fitInputs order.
var FitInputNames = append(append([]string{}, SignalNames[:numSignals]...), SignalSemanticRelative, SignalNicheConsensus)

// asMap names the inputs.
func (in *fitInputs) asMap() map[string]float64 {
	m := make(map[string]float64, len(in))
	for i, name := range FitInputNames {
		m[name] = in[i]
	}
	return m
}
