package clients_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creatormatch/creatormatch/internal/contract"
)

// TestGeneratedClientsCurrent regenerates both clients from openapi.yaml
// into a temporary directory, with the pinned generators `go generate
// ./clients/...` uses, and fails unless the checked-in files are the same
// byte for byte.
func TestGeneratedClientsCurrent(t *testing.T) {
	tmp := t.TempDir()
	root := contract.RepoRoot()

	t.Run("go", func(t *testing.T) {
		if _, err := exec.LookPath("go"); err != nil {
			t.Fatalf("go is not on PATH: %v", err)
		}
		out := filepath.Join(tmp, "client.gen.go")
		// The //go:generate line of clients/go/generate.go, with a copy of
		// its configuration that writes to out.
		dir := filepath.Join(root, "clients", "go")
		cfg, err := os.ReadFile(filepath.Join(dir, "oapi-codegen.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		const output = "\noutput: client.gen.go\n"
		if !bytes.Contains(cfg, []byte(output)) {
			t.Fatalf("clients/go/oapi-codegen.yaml has no line %q", strings.TrimSpace(output))
		}
		tmpCfg := filepath.Join(tmp, "oapi-codegen.yaml")
		cfg = bytes.Replace(cfg, []byte(output), []byte("\noutput: "+out+"\n"), 1)
		if err := os.WriteFile(tmpCfg, cfg, 0o644); err != nil {
			t.Fatal(err)
		}
		args := goGenerateArgs(t, filepath.Join(dir, "generate.go"))
		for i, a := range args {
			if a == "oapi-codegen.yaml" {
				args[i] = tmpCfg
			}
		}
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = dir
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, b)
		}
		same(t, filepath.Join(root, "clients", "go", "client.gen.go"), out, "go generate ./clients/go")
	})

	t.Run("typescript", func(t *testing.T) {
		bin := contract.NodeBinDir(t)
		out := filepath.Join(tmp, "schema.d.ts")
		cmd := exec.Command(filepath.Join(root, "scripts", "generate-ts-client"), out)
		cmd.Env = append(os.Environ(), "CREATORMATCH_NODE_TOOLS="+bin)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("scripts/generate-ts-client: %v\n%s", err, b)
		}
		same(t, filepath.Join(root, "clients", "typescript", "src", "schema.d.ts"), out, "go generate ./clients")
	})
}

// goGenerateArgs is the command of the one //go:generate line in file.
func goGenerateArgs(t *testing.T, file string) []string {
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(src), "\n") {
		if rest, ok := strings.CutPrefix(line, "//go:generate "); ok {
			return strings.Fields(rest)
		}
	}
	t.Fatalf("%s has no //go:generate line", file)
	return nil
}

// same fails unless the two files are equal, naming the first differing
// line and the command that brings the checked-in file up to date.
func same(t *testing.T, checkedIn, fresh, regenerate string) {
	t.Helper()
	want, err := os.ReadFile(fresh)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(checkedIn)
	if err != nil {
		t.Fatalf("%v (run %s)", err, regenerate)
	}
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	line := 0
	for line < len(gl) && line < len(wl) && gl[line] == wl[line] {
		line++
	}
	at := func(l []string) string {
		if line < len(l) {
			return fmt.Sprintf("%q", l[line])
		}
		return "end of file"
	}
	t.Errorf("%s is stale: openapi.yaml now generates something else (first difference at line %d: checked in %s, generated %s). Run `%s` and commit the result.",
		checkedIn, line+1, at(gl), at(wl), regenerate)
}
