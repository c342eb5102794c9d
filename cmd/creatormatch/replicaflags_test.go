package main

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReplicaFlags: replica URLs come from the environment (comma-separated)
// unless flags are given, which replace that list and repeat; the usage
// never prints a URL (it may hold a password).
func TestReplicaFlags(t *testing.T) {
	for _, tc := range []struct {
		name   string
		env    map[string]string
		args   []string
		urls   []string
		maxLag time.Duration
	}{
		{"none", nil, nil, nil, 5 * time.Second},
		{"environment", map[string]string{"CREATORMATCH_DATABASE_REPLICA_URLS": " postgres://a/db , postgres://b/db,", "CREATORMATCH_DATABASE_REPLICA_MAX_LAG": "2s"},
			nil, []string{"postgres://a/db", "postgres://b/db"}, 2 * time.Second},
		{"flags replace the environment", map[string]string{"CREATORMATCH_DATABASE_REPLICA_URLS": "postgres://a/db"},
			[]string{"--database-replica-url", "postgres://c/db", "--database-replica-url", "postgres://d/db", "--database-replica-max-lag", "750ms"},
			[]string{"postgres://c/db", "postgres://d/db"}, 750 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			getenv := func(k string) string { return tc.env[k] }
			cfg := registerConfig(fs, getenv)
			registerReplicas(fs, getenv, cfg)
			require.NoError(t, fs.Parse(tc.args))
			sc := cfg.storeConfig(true)
			assert.Equal(t, tc.urls, sc.ReplicaURLs)
			assert.Equal(t, tc.maxLag, sc.ReplicaMaxLag)
		})
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	getenv := func(k string) string {
		if k == "CREATORMATCH_DATABASE_REPLICA_URLS" {
			return "postgres://u:secret@replica/db"
		}
		return ""
	}
	registerReplicas(fs, getenv, registerConfig(fs, getenv))
	var usage strings.Builder
	fs.SetOutput(&usage)
	fs.PrintDefaults()
	assert.Contains(t, usage.String(), "database-replica-url")
	assert.NotContains(t, usage.String(), "secret")
	require.Error(t, fs.Parse([]string{"--database-replica-url", ""}), "an empty URL is refused")
}
