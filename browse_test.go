package creatormatch_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
)

func TestContactValidation(t *testing.T) {
	long := strings.Repeat("a", 300)
	tests := []struct {
		name    string
		contact *creatormatch.Contact
		field   string // "" when valid
	}{
		{"none", nil, ""},
		{"every field", &creatormatch.Contact{Email: "ana@example.com", Agent: "North Talent", Website: "https://ana.example.com/links"}, ""},
		{"http website", &creatormatch.Contact{Website: "http://ana.example.com"}, ""},
		{"email with a display name", &creatormatch.Contact{Email: "Ana <ana@example.com>"}, "contact.email"},
		{"email without a domain", &creatormatch.Contact{Email: "ana@"}, "contact.email"},
		{"not an email", &creatormatch.Contact{Email: "call me"}, "contact.email"},
		{"email too long", &creatormatch.Contact{Email: long + "@example.com"}, "contact.email"},
		{"javascript website", &creatormatch.Contact{Website: "javascript:alert(1)"}, "contact.website"},
		{"relative website", &creatormatch.Contact{Website: "ana.example.com"}, "contact.website"},
		{"website too long", &creatormatch.Contact{Website: "https://example.com/" + strings.Repeat("p", creatormatch.MaxURLLength)}, "contact.website"},
		{"agent too long", &creatormatch.Contact{Agent: long}, "contact.agent"},
		{"agent with NUL", &creatormatch.Contact{Agent: "a\x00b"}, "contact.agent"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := creatormatch.Creator{ID: "c1", Contact: tc.contact}
			c.Normalize()
			err := c.Validate(time.Now())
			if tc.field == "" {
				require.NoError(t, err)
				return
			}
			var v *creatormatch.ValidationError
			require.ErrorAs(t, err, &v)
			require.Len(t, v.Fields, 1, err.Error())
			assert.Equal(t, tc.field, v.Fields[0].Field)
		})
	}
}

func TestContactNormalize(t *testing.T) {
	c := creatormatch.Creator{ID: "c1", Contact: &creatormatch.Contact{Email: " ana@example.com ", Agent: " North "}}
	c.Normalize()
	assert.Equal(t, &creatormatch.Contact{Email: "ana@example.com", Agent: "North"}, c.Contact)
	c.Contact = &creatormatch.Contact{Email: "  "}
	c.Normalize()
	assert.Nil(t, c.Contact, "an empty contact is no contact")
}

func TestBrowseKeyOf(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 6000, time.UTC)
	c := &creatormatch.Creator{
		Accounts: []creatormatch.Account{{Platform: creatormatch.Instagram, Followers: 10}, {Platform: creatormatch.TikTok, Followers: 30}},
		Content:  []creatormatch.ContentItem{{ID: "a", PostedAt: at.Add(-time.Hour)}, {ID: "b", PostedAt: at}, {ID: "c"}},
		Features: &creatormatch.Features{EngagementRate: creatormatch.EngagementRate{Value: 0.05}, Authenticity: creatormatch.Authenticity{Value: 0.7}},
	}
	bare := &creatormatch.Creator{}
	tests := []struct {
		sort      creatormatch.BrowseSort
		full, nil creatormatch.BrowseKey
	}{
		{creatormatch.SortFollowers, creatormatch.BrowseKey{N: 30}, creatormatch.BrowseKey{}},
		{creatormatch.SortEngagementRate, creatormatch.BrowseKey{F: 0.05}, creatormatch.BrowseKey{}},
		{creatormatch.SortAuthenticity, creatormatch.BrowseKey{F: 0.7}, creatormatch.BrowseKey{}},
		{creatormatch.SortLastPost, creatormatch.BrowseKey{N: at.UnixMicro()}, creatormatch.BrowseKey{N: math.MinInt64}},
	}
	for _, tc := range tests {
		t.Run(string(tc.sort), func(t *testing.T) {
			assert.Equal(t, tc.full, creatormatch.BrowseKeyOf(c, tc.sort))
			assert.Equal(t, tc.nil, creatormatch.BrowseKeyOf(bare, tc.sort))
		})
	}
}

func TestSearchKey(t *testing.T) {
	c := &creatormatch.Creator{Name: "Zoë ÅNGSTRÖM", Accounts: []creatormatch.Account{{Handle: "ZoeCooks"}, {Handle: ""}, {Handle: "zoe_tt"}}}
	assert.Equal(t, "zoë ångström\nzoecooks\nzoe_tt", creatormatch.SearchKey(c))
	assert.Equal(t, "zoecooks", creatormatch.BrowseTextKey(" @ZoeCooks "))
	assert.True(t, creatormatch.ValidBrowseText("zoë"))
	assert.False(t, creatormatch.ValidBrowseText("a\nb"), "a line break could span two names")
	assert.False(t, creatormatch.ValidBrowseText(strings.Repeat("a", creatormatch.MaxBrowseText+1)))
}
