// Package pack is a compact binary form of a creatormatch.Creator: one
// pointer-free []byte per creator, with every field, that decodes about an
// order of magnitude faster than the creator's JSON.
//
// Two stores use it for the same reason from two sides:
//
//   - The embedded store (store/memory) holds each creator packed instead
//     of as a decoded object graph (maps, slices, strings), because the
//     garbage collector scans every pointer of a decoded creator on every
//     cycle, and at 100k creators those cycles were what set the match
//     p99.
//   - The postgres store (store/postgres) keeps a pack of each creator next
//     to its rows (migration 009), because decoding the JSON columns of a
//     creator seen for the first time (its features above all) cost about
//     63 µs, and a match loads 100 to 200 candidates.
//
// Encode's output is deterministic (map entries in key order). Decode
// returns a creator that shares no memory with its input or with any other
// decoded creator; malformed input is ErrMalformed, never a panic.
// TestPackCreatorComplete fills every field of Creator by reflection, so a
// field added to the domain types and forgotten here fails it.
package pack
