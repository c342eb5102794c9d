package brief

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestScratch(t *testing.T) {
	in := os.Getenv("BRIEFS")
	if in == "" {
		t.Skip()
	}
	for _, s := range strings.Split(in, "\n===\n") {
		b := Parse(s)
		b.Text = ""
		j, _ := json.Marshal(b)
		fmt.Printf("%q\n  => %s\n  err=%v\n", s, j, Validate(b))
	}
}
