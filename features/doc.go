// Package features computes the vetting signals of a creator: tier,
// engagement rate and its percentile among peers, engagement quality,
// posting consistency, authenticity, niches, brand safety, disclosure
// compliance, brand affinity and cost. It is the one place where these
// formulas live.
//
// Every function here is pure: it reads the domain types (and, where a
// feature needs them, vectors that the caller has already obtained from the
// embedder), never does I/O, never calls the embedder and never mutates
// package state. Tunables live in Config; DefaultConfig documents the
// defaults. A zero Config passed to Compute means DefaultConfig.
//
// Every feature reports a Value in [0,1] where it feeds the score, a
// Confidence in [0,1] that is low when the data behind it are thin, and the
// Evidence behind it, citing post ids.
package features
