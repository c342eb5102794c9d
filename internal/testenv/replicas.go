package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// ReplicaCluster is a private primary and one hot standby run by
// scripts/postgres (its own instance names and ports, so stopping them
// cannot disturb the server other tests use), with a fresh database that
// the standby has replicated.
type ReplicaCluster struct {
	t                 testing.TB
	instance          string
	port, standbyPort int
	// PrimaryURL and StandbyURL are the fresh database on each.
	PrimaryURL, StandbyURL string
}

// StartReplicaCluster starts the primary instance and its standby 1 on the
// first two free ports from port up (FreePorts), creates a fresh database on the primary and
// waits until the standby has it. A standby that does not follow its
// primary (its cluster was copied from an earlier primary that has since
// been deleted) is rebuilt once. Cleanup drops the database and stops both
// servers; their clusters stay, so the next run starts in about a second.
// Without root or the cached chroot it skips, or fails under CI=true.
func StartReplicaCluster(t testing.TB, instance string, port int) *ReplicaCluster {
	t.Helper()
	DatabaseURL(t) // Postgres tests are on (skip locally, fail under CI otherwise)
	// stop names the servers by instance; the ports only have to be valid.
	c := &ReplicaCluster{t: t, instance: instance, port: port, standbyPort: port + 1}
	// A server left running by a killed run is in an unknown state, and
	// may be on another port: stop both first (about a second when they
	// are not running). The clusters stay; only the ports are chosen anew.
	c.stop("replica", "stop")
	c.stop("stop")
	ports := FreePorts(t, port, 2)
	c.port, c.standbyPort = ports[0], ports[1]
	admin := c.Primary("start")
	t.Cleanup(func() {
		c.stop("replica", "stop")
		c.stop("stop")
	})
	standbyAdmin := c.Standby("start")

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("connect to the test primary: %v", err)
	}
	defer conn.Close(ctx)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "cmrepl_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if c, err := pgx.Connect(ctx, admin); err == nil {
			_, _ = c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			_ = c.Close(ctx)
		}
	})
	if !replicated(ctx, standbyAdmin, name, 15*time.Second) {
		t.Logf("standby of %s does not follow it; rebuilding it", instance)
		c.Standby("destroy")
		standbyAdmin = c.Standby("start")
		if !replicated(ctx, standbyAdmin, name, 30*time.Second) {
			t.Fatalf("standby of %s did not replicate database %s", instance, name)
		}
	}
	c.PrimaryURL = withDatabase(t, admin, name)
	c.StandbyURL = withDatabase(t, standbyAdmin, name)
	return c
}

// replicated waits until the server at admin lists database name.
func replicated(ctx context.Context, admin, name string, wait time.Duration) bool {
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		conn, err := pgx.Connect(ctx, admin)
		if err == nil {
			var n int
			err = conn.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n)
			_ = conn.Close(ctx)
			if err == nil && n == 1 {
				return true
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

func withDatabase(t testing.TB, admin, name string) string {
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("parse %q: %v", admin, err)
	}
	u.Path = "/" + name
	return u.String()
}

// Primary runs `scripts/postgres cmd` on the primary and returns the last
// line it printed (the URL, for start).
func (c *ReplicaCluster) Primary(cmd string) string {
	c.t.Helper()
	return c.run(cmd)
}

// Standby runs `scripts/postgres replica cmd` on the standby.
func (c *ReplicaCluster) Standby(cmd string) string {
	c.t.Helper()
	return c.run("replica", cmd)
}

// stop runs a stopping command at cleanup, where a failure is only logged.
func (c *ReplicaCluster) stop(args ...string) {
	if out, err := postgresScript(c.env(), args...).CombinedOutput(); err != nil {
		c.t.Logf("scripts/postgres %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func (c *ReplicaCluster) run(args ...string) string {
	c.t.Helper()
	return PostgresScript(c.t, c.env(), args...)
}

func (c *ReplicaCluster) env() []string {
	return []string{
		"CREATORMATCH_PG_INSTANCE=" + c.instance,
		"CREATORMATCH_PG_PORT=" + strconv.Itoa(c.port),
		"CREATORMATCH_PG_REPLICA=1",
		"CREATORMATCH_PG_REPLICA_PORT=" + strconv.Itoa(c.standbyPort),
		// Two small test servers: keep them small.
		"CREATORMATCH_PG_SHARED_BUFFERS=128MB",
	}
}

// PostgresScript runs scripts/postgres with args and env (on top of this
// process's environment) for a test's own server, and returns the last
// line it printed (the URL, for start). A failure is Missing: without root
// or the cached chroot the test skips, or fails under CI=true.
func PostgresScript(t testing.TB, env []string, args ...string) string {
	t.Helper()
	cmd := postgresScript(env, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		Missing(t, fmt.Sprintf("scripts/postgres %s failed (needs root and the cached chroot): %v\n%s", strings.Join(args, " "), err, stderr.String()))
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}

func postgresScript(env []string, args ...string) *exec.Cmd {
	_, file, _, _ := runtime.Caller(0)
	script := filepath.Join(filepath.Dir(file), "..", "..", "scripts", "postgres")
	cmd := exec.Command(script, args...)
	cmd.Env = append(os.Environ(), env...)
	return cmd
}
