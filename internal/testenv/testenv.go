// Package testenv gives tests the real components they need — the use-lite
// model and a Postgres server — and decides what happens when one is
// missing: locally the test skips, under CI=true it fails, so a CI run can
// never pass by skipping.
package testenv

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/creatormatch/creatormatch/embeddings"
)

// CI reports whether the tests run under CI (CI=true).
func CI() bool { return os.Getenv("CI") == "true" }

// Missing skips t locally and fails it under CI, saying what is missing and
// the command that provides it.
func Missing(t testing.TB, what string) {
	t.Helper()
	if CI() {
		t.Fatalf("%s (CI=true: tests needing it must run, not skip)", what)
	}
	t.Skip(what)
}

// ModelDir is where the use-lite weights are: $CREATORMATCH_MODEL_DIR, or
// the cache scripts/fetch-model fills by default.
func ModelDir() string {
	if d := os.Getenv("CREATORMATCH_MODEL_DIR"); d != "" {
		return d
	}
	return embeddings.DefaultModelDir()
}

var (
	embOnce sync.Once
	emb     embeddings.Embedder
	embErr  error
)

// Embedder returns the real use-lite embedder, loaded once per test binary.
func Embedder(t testing.TB) embeddings.Embedder {
	t.Helper()
	embOnce.Do(func() {
		emb, embErr = embeddings.New(context.Background(), embeddings.Config{Provider: "use-lite", ModelDir: ModelDir()})
	})
	if embErr != nil {
		Missing(t, "use-lite weights not loadable ("+embErr.Error()+"); run scripts/fetch-model")
	}
	return emb
}

// DatabaseURL returns $CREATORMATCH_TEST_DATABASE_URL, the admin URL of a
// Postgres server with pgvector (scripts/postgres start prints one).
func DatabaseURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("CREATORMATCH_TEST_DATABASE_URL")
	if u == "" {
		Missing(t, "CREATORMATCH_TEST_DATABASE_URL is not set; run scripts/postgres start and export its URL")
	}
	return u
}

// Tmpfs mounts a tmpfs of size bytes (mount -t tmpfs -o size=...) on a new
// directory and returns it; it is unmounted when t ends, after the
// cleanups registered later (a store or server using it) have run. It
// needs root and Linux: where mount fails the test is Missing (skipped
// locally, failed under CI).
func Tmpfs(t testing.TB, size int64) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "tmpfs")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+strconv.FormatInt(size, 10), "tmpfs", dir).CombinedOutput()
	if err != nil {
		Missing(t, "cannot mount a tmpfs (needs root on Linux): "+err.Error()+": "+strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", "-l", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// FillDisk writes zeros to a new file in dir until the file system is
// full, and returns the file's path: removing it frees the space again.
func FillDisk(t testing.TB, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("fill %s: %v", dir, err)
			}
			return path
		}
	}
}
