package brief

import (
	"math/rand"
	"testing"
	"time"
)

func TestHangHunt(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	seeds := []string{"oat-milk yogurt launch, Gen Z in the US, TikTok or Instagram, 10k–100k followers, $15k", "no alcohol, gambling or politics. avoid creators who worked with @oatly or Danone", "launch  our new thing", ""}
	alpha := []byte(" ,.;:-$€k0123456789abcdefghijklmnopqrstuvwxyz@\n")
	for i := 0; i < 20000; i++ {
		s := []byte(seeds[r.Intn(len(seeds))])
		for k := r.Intn(10); k >= 0; k-- {
			switch r.Intn(3) {
			case 0:
				if len(s) > 0 {
					j := r.Intn(len(s))
					s = append(s[:j], s[j+1:]...)
				}
			case 1:
				j := r.Intn(len(s) + 1)
				s = append(s[:j], append([]byte{alpha[r.Intn(len(alpha))]}, s[j:]...)...)
			case 2:
				s = append(s, byte(r.Intn(256)))
			}
		}
		in := string(s)
		done := make(chan struct{})
		go func() { Parse(in); close(done) }()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			t.Fatalf("hang on %q", in)
		}
	}
}
