package eval

import (
	"fmt"
	"testing"

	"github.com/creatormatch/creatormatch/matcher/brief"
)

func TestZZScratch(t *testing.T) {
	ds := SyntheticDataset(1000, 1)
	for _, q := range ds.Queries {
		b := brief.Parse(q.Brief.Text)
		fmt.Printf("%-22s rel=%3d topics=%v aud=%+v cc=%v\n", q.ID, ds.Qrels.Relevant(q.ID), b.Topics, b.Audience, b.CreatorCountries)
	}
	y, _ := YouTubeDataset()
	for _, q := range y.Queries {
		b := brief.Parse(q.Brief.Text)
		fmt.Printf("%-22s rel=%3d topics=%v\n", q.ID, y.Qrels.Relevant(q.ID), b.Topics)
	}
}
