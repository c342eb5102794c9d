package clients_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/creatormatch/creatormatch/internal/contract"
)

// excerpt is a code block of docs/api.md preceded by
// `<!-- from: PATH -->`: an excerpt of a file the tests compile.
var excerpt = regexp.MustCompile("(?s)<!-- from: (\\S+) -->\\n```\\w+\\n(.*?)\\n```")

// TestDocsExcerpts: every excerpt in docs/api.md is, line for line
// (leading and trailing blanks aside), a run of lines of its source, so
// the documented code is the code the end-to-end test compiles and runs.
func TestDocsExcerpts(t *testing.T) {
	root := contract.RepoRoot()
	doc, err := os.ReadFile(filepath.Join(root, "docs", "api.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := excerpt.FindAllStringSubmatch(string(doc), -1)
	if len(blocks) < 10 {
		t.Fatalf("docs/api.md has %d excerpts marked <!-- from: PATH -->, want at least 10", len(blocks))
	}
	trim := func(s string) []string {
		lines := strings.Split(s, "\n")
		for i := range lines {
			lines[i] = strings.TrimSpace(lines[i])
		}
		return lines
	}
	for _, b := range blocks {
		src, err := os.ReadFile(filepath.Join(root, b[1]))
		if err != nil {
			t.Errorf("docs/api.md quotes %s: %v", b[1], err)
			continue
		}
		want, have := trim(b[2]), trim(string(src))
		if !containsRun(have, want) {
			t.Errorf("docs/api.md quotes %s, which no longer has these lines:\n%s", b[1], b[2])
		}
	}
}

func containsRun(lines, run []string) bool {
	for i := 0; i+len(run) <= len(lines); i++ {
		match := true
		for j := range run {
			if lines[i+j] != run[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}
