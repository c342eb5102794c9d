package creatormatch_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/creatormatch/creatormatch"
)

func TestParseConsistencyToken(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want creatormatch.ConsistencyToken
		ok   bool
	}{
		{"16/B374D848", 0x16_B374D848, true},
		{"0/1", 1, true},
		{"ffffffff/ffffffff", 1<<64 - 1, true},
		{"0/0", 0, false},
		{"", 0, false},
		{"16", 0, false},
		{"16/", 0, false},
		{"/16", 0, false},
		{"1/2/3", 0, false},
		{"100000000/0", 0, false},
		{"-1/2", 0, false},
		{"+1/2", 0, false},
		{"1_0/2", 0, false},
		{" 1/2", 0, false},
		{"g/1", 0, false},
	} {
		got, err := creatormatch.ParseConsistencyToken(tc.in)
		if !tc.ok {
			assert.ErrorIs(t, err, creatormatch.ErrBadConsistencyToken, tc.in)
			assert.True(t, errors.Is(err, creatormatch.ErrInvalid), tc.in)
			continue
		}
		if assert.NoError(t, err, tc.in) {
			assert.Equal(t, tc.want, got, tc.in)
			back, err := creatormatch.ParseConsistencyToken(got.String())
			assert.NoError(t, err)
			assert.Equal(t, got, back, "String round-trips")
		}
	}
	assert.Equal(t, "16/B374D848", creatormatch.ConsistencyToken(0x16_B374D848).String())
}

func TestReadAfterContext(t *testing.T) {
	ctx := context.Background()
	assert.Zero(t, creatormatch.ReadAfter(ctx))
	assert.False(t, creatormatch.PrimaryReads(ctx))
	assert.Equal(t, ctx, creatormatch.WithReadAfter(ctx, 0), "no token, no change")
	ctx = creatormatch.WithPrimaryReads(creatormatch.WithReadAfter(ctx, 42))
	assert.Equal(t, creatormatch.ConsistencyToken(42), creatormatch.ReadAfter(ctx))
	assert.True(t, creatormatch.PrimaryReads(ctx))
}
