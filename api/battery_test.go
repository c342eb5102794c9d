package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/internal/testenv"
)

// batteryBodies holds one valid request body per operation with a JSON
// body; the battery breaks each of its values in turn. A body names every
// kind of member its schema has (nested objects, arrays of objects, enums,
// numbers with bounds), so the mutations reach every level.
var batteryBodies = map[string]string{
	"POST /v1/creators": `{"creators":[` + strings.Replace(goodCreator, `"bio"`, `"contact":{"email":"maya@example.com","agent":"Plant Agency","website":"https://maya.example.com"},"bio"`, 1) + `]}`,
	"POST /v1/creators/seed/content": `{"items":[{"id":"p9","caption":"Oat yogurt bowl","url":"https://example.com/p/9","likes":30,"comments":4,
		"views":900,"posted_at":"2026-10-01T08:00:00Z","hashtags":["vegan"],"sponsored":false}]}`,
	"POST /v1/briefs/parse": `{"text":"Oat-milk yogurt launch for Gen Z in the US, TikTok, 10k-100k followers, $15k"}`,
	"POST /v1/match": `{"brief":{"text":"oat milk yogurt","goal":"launch","budget":{"total":15000,"currency":"USD"},"platforms":["tiktok"],
		"min_followers":10000,"max_followers":100000,"topics":["food"],"competitors":["@oatco"],"exclude_safety":["alcohol"]},
		"filters":{"countries":["US"],"min_followers":10,"audience":[{"dimension":"gender","keys":["female"],"min_share":0.5}]},
		"limit":10,"diversity":0.5,"include_excluded":true}`,
	"POST /v1/shortlists":                   `{"brief":{"text":"oat milk yogurt"},"budget":{"total":3000,"currency":"USD"},"max_creators":5,"candidate_pool":50,"min_fit":0.5}`,
	"POST /v1/lookalikes":                   `{"positive":["seed"],"negative":["good-1"],"limit":5}`,
	"POST /v1/feedback":                     `{"events":[{"brief_id":"br_1","creator_id":"seed","event":"hired","brief_text":"oat milk"}]}`,
	"POST /v1/apikeys":                      `{"name":"ci","workspace":"acme","scopes":["read"]}`,
	"PUT /v1/blocklist/seed":                `{"reason":"too pricey"}`,
	"POST /v1/lists":                        `{"name":"Spring launch","description":"oat milk"}`,
	"PATCH /v1/lists/battery-list":          `{"name":"Spring 2027","description":"oat milk, US"}`,
	"PUT /v1/lists/battery-list/items/seed": `{"status":"contacted"}`,
	"POST /v1/creators/seed/notes":          `{"text":"Asked for rates"}`,
	"POST /v1/saved-briefs":                 `{"name":"Oat launch","brief":{"text":"oat milk yogurt","goal":"launch","budget":{"total":15000,"currency":"USD"},"platforms":["tiktok"],"topics":["food"]}}`,
	"PUT /v1/saved-briefs/sb_battery":       `{"name":"Oat launch","brief":{"text":"oat milk yogurt","goal":"launch","budget":{"total":15000,"currency":"USD"},"platforms":["tiktok"],"topics":["food"]}}`,
}

// batteryList is the list the battery's list operations name, created in
// the battery key's workspace before it runs.
const batteryList = "battery-list"

// batteryQueries are the operations whose input is in the URL.
// The second string is the field a refusal must name.
var batteryQueries = [][2]string{
	{"GET /v1/creators/seed/similar?limit=%s", "limit"},
	{"GET /v1/feedback?event=%s", "event"},
	{"GET /v1/feedback?brief_id=%s", "brief_id"},
	{"GET /v1/creators/%s", "id"},
	{"DELETE /v1/creators/%s", "id"},
	{"GET /v1/creators/%s/similar", "id"},
	{"DELETE /v1/apikeys/%s", "id"},
	{"GET /v1/blocklist?limit=%s", "limit"},
	{"GET /v1/blocklist?cursor=%s", "cursor"},
	{"PUT /v1/blocklist/%s", "creator_id"},
	{"DELETE /v1/blocklist/%s", "creator_id"},
	{"GET /v1/lists?limit=%s", "limit"},
	{"GET /v1/lists?cursor=%s", "cursor"},
	{"GET /v1/lists/%s", "list_id"},
	{"DELETE /v1/lists/%s", "list_id"},
	{"GET /v1/lists/%s/items", "list_id"},
	{"GET /v1/lists/battery-list/items?status=%s", "status"},
	{"GET /v1/lists/battery-list/items?limit=%s", "limit"},
	{"GET /v1/lists/battery-list/items?cursor=%s", "cursor"},
	{"PUT /v1/lists/battery-list/items/%s", "creator_id"},
	{"PUT /v1/lists/%s/items/seed", "list_id"},
	{"DELETE /v1/lists/battery-list/items/%s", "creator_id"},
	{"GET /v1/lists/%s/export", "list_id"},
	{"GET /v1/lists/battery-list/export?format=%s", "format"},
	{"GET /v1/creators/%s/notes", "id"},
	{"GET /v1/creators/seed/notes?limit=%s", "limit"},
	{"GET /v1/creators/seed/notes?cursor=%s", "cursor"},
	{"DELETE /v1/creators/seed/notes/%s", "note_id"},
	{"DELETE /v1/creators/%s/notes/note_x", "id"},
	{"GET /v1/saved-briefs?limit=%s", "limit"},
	{"GET /v1/saved-briefs?cursor=%s", "cursor"},
	{"GET /v1/saved-briefs/%s", "saved_brief_id"},
	{"DELETE /v1/saved-briefs/%s", "saved_brief_id"},
	{"GET /v1/weights?goal=%s", "goal"},
	{"GET /v1/weights?limit=%s", "limit"},
	{"GET /v1/creators?limit=%s", "limit"},
	{"GET /v1/creators?cursor=%s", "cursor"},
	{"GET /v1/creators?sort=%s", "sort"},
	{"GET /v1/creators?order=%s", "order"},
	{"GET /v1/creators?q=%s", "q"},
	{"GET /v1/creators?platforms=%s", "platforms"},
	{"GET /v1/creators?min_followers=%s", "min_followers"},
	{"GET /v1/creators?max_followers=%s", "max_followers"},
	{"GET /v1/creators?tiers=%s", "tiers"},
	{"GET /v1/creators?countries=%s", "countries"},
	{"GET /v1/creators?languages=%s", "languages"},
	{"GET /v1/creators?niches=%s", "niches"},
	{"GET /v1/creators?worked_with=%s", "worked_with"},
	{"GET /v1/creators?exclude_safety=%s", "exclude_safety"},
	{"GET /v1/creators?safety_tolerance=%s", "safety_tolerance"},
	{"GET /v1/creators?min_engagement_rate=%s", "min_engagement_rate"},
	{"GET /v1/creators?min_authenticity=%s", "min_authenticity"},
	{"GET /v1/creators?platforms=tiktok,%s", "platforms"},
	{"GET /v1/creators?countries=US,%s", "countries"},
}

// mutation is one way to break a value.
type mutation struct {
	name string
	// apply returns the broken value as raw JSON, or false when it does not
	// apply to v.
	apply func(v any) (string, bool)
	// mustReject says every operation must refuse it (a wrong type, bad
	// UTF-8); otherwise a 2xx is allowed (null for an optional member may
	// mean "absent") but a refusal must still name the field.
	mustReject bool
}

var mutations = []mutation{
	{"wrong type", func(v any) (string, bool) {
		switch v.(type) {
		case string:
			return `12345`, true
		case float64, bool:
			return `"not-a-number"`, true
		case []any:
			return `{"a":1}`, true
		case map[string]any:
			return `["x"]`, true
		}
		return "", false
	}, true},
	{"null", func(any) (string, bool) { return `null`, true }, false},
	{"not UTF-8", func(v any) (string, bool) {
		if _, ok := v.(string); ok {
			return "\"ok\xff\xfe\"", true
		}
		return "", false
	}, true},
	{"huge string", func(v any) (string, bool) {
		if _, ok := v.(string); ok {
			return `"` + strings.Repeat("a", 100_001) + `"`, true
		}
		return "", false
	}, false},
	{"negative", func(v any) (string, bool) {
		if _, ok := v.(float64); ok {
			return `-1`, true
		}
		return "", false
	}, false},
	{"huge number", func(v any) (string, bool) {
		if _, ok := v.(float64); ok {
			return `1e308`, true
		}
		return "", false
	}, false},
	{"empty array", func(v any) (string, bool) {
		if _, ok := v.([]any); ok {
			return `[]`, true
		}
		return "", false
	}, false},
}

// leaf is one value of a body, by its path in the API's field notation
// (creators[0].accounts[0].followers).
type leaf struct {
	path string
	v    any
}

func walk(prefix string, v any, out *[]leaf) {
	*out = append(*out, leaf{prefix, v})
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			walk(p, x[k], out)
		}
	case []any:
		for i, e := range x {
			walk(fmt.Sprintf("%s[%d]", prefix, i), e, out)
		}
	}
}

// replace returns body with the value at path replaced by raw JSON.
func replace(t *testing.T, body, path, raw string) string {
	var v any
	require.NoError(t, json.Unmarshal([]byte(body), &v))
	const marker = "\x00MUTANT\x00"
	v = set(v, path, marker)
	b, err := json.Marshal(v)
	require.NoError(t, err)
	quoted, _ := json.Marshal(marker)
	return strings.Replace(string(b), string(quoted), raw, 1)
}

func set(v any, path string, to any) any {
	if path == "" {
		return to
	}
	head, rest := path, ""
	if i := strings.IndexAny(path[1:], ".["); i >= 0 {
		head, rest = path[:i+1], path[i+1:]
	}
	rest = strings.TrimPrefix(rest, ".")
	if strings.HasPrefix(head, "[") {
		var i int
		fmt.Sscanf(head, "[%d]", &i)
		a := v.([]any)
		a[i] = set(a[i], rest, to)
		return a
	}
	m := v.(map[string]any)
	m[head] = set(m[head], rest, to)
	return m
}

// related reports whether a problem's field is about the broken path: the
// path itself, a member inside it, or the value that holds it (a check
// across members, such as shares summing to 1, names the parent).
func related(field, path string) bool {
	return field == path || strings.HasPrefix(field, path+".") || strings.HasPrefix(field, path+"[") ||
		strings.HasPrefix(path, field+".") || strings.HasPrefix(path, field+"[") || (field == "" && path == "")
}

// TestBadInputBattery breaks every value of a valid request of every
// operation in every way that applies (wrong type, null, invalid UTF-8,
// huge strings and numbers, negative numbers, empty arrays), plus unknown
// members at every level and bad path and query parameters, on both stores.
// Every answer comes within the request timeout and is never a 500; every
// refusal is problem+json naming the broken field (or the value holding
// it) and a status openapi.yaml declares for the operation; a refused
// write writes nothing. It prints how many inputs it sent.
func TestBadInputBattery(t *testing.T) {
	if testing.Short() {
		t.Skip("sends thousands of requests")
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			key, secret := creatormatch.NewAPIKey("battery", []creatormatch.Scope{creatormatch.ScopeAdmin}, time.Now())
			require.NoError(t, st.CreateAPIKey(context.Background(), key))
			s := newServerWith(t, st, testenv.Embedder(t), api.Config{RequestTimeout: boundedTimeout, RateLimit: -1}, &testenv.LogBuffer{})
			call := func(method, path, body string) *httptest.ResponseRecorder {
				start := time.Now()
				rec := s.req(method, path, body, secret, local)
				assert.Less(t, time.Since(start), boundedTimeout+boundedSlack, "%s %s answered late", method, path)
				return rec
			}
			// The seed creators are set-up, not a measured request: they go
			// through a server with the default timeout, since embedding
			// them under -race on a loaded machine can take longer than the
			// battery's bound.
			seeder := newServerWith(t, st, testenv.Embedder(t), api.Config{RateLimit: -1}, &testenv.LogBuffer{})
			seed := strings.Replace(goodCreator, `"good-1"`, `"seed"`, 1)
			rec := seeder.req("POST", "/v1/creators", `{"creators":[`+seed+`,`+goodCreator+`]}`, secret, local)
			require.Equal(t, 200, rec.Code, rec.Body.String())
			_, err := st.CreateList(context.Background(), creatormatch.List{Workspace: creatormatch.WorkspaceOrDefault(key.Workspace), ID: batteryList, Name: "battery"})
			require.NoError(t, err)

			sc := newSpecChecker(t)
			sent, refused := 0, 0
			check := func(name, method, path, body, field string, mustReject bool) {
				t.Helper()
				sent++
				rec := call(method, path, body)
				require.NotEqual(t, 500, rec.Code, "%s: %s", name, rec.Body.String())
				// Every answer, refusals included, is one openapi.yaml
				// declares for the operation, with a valid problem body.
				if err := sc.validate(method, path, body, rec); err != nil {
					msg := err.Error()
					if len(msg) > 1500 {
						msg = msg[:1500]
					}
					t.Errorf("%s: answered %d, not as openapi.yaml says: %s", name, rec.Code, msg)
				}
				if rec.Code < 400 {
					assert.False(t, mustReject, "%s: accepted with %d", name, rec.Code)
					return
				}
				refused++
				p := problem(t, rec)
				if rec.Code == 404 || rec.Code == 413 || field == "*" {
					return // the resource named by the path, or the body as a whole
				}
				ok := false
				if field == "creators[1].accounts" && strings.Contains(name, "empty array") {
					// Without accounts a post's platform cannot be inferred:
					// the refusal names the posts, which is what is wrong.
					field = "creators[1]"
				}
				for _, e := range p.Errors {
					ok = ok || related(e.Field, field)
				}
				assert.True(t, ok, "%s: %d names %v, not %q: %s", name, rec.Code, fields(p), field, rec.Body.String())
			}

			ops := make([]string, 0, len(batteryBodies))
			for op := range batteryBodies {
				ops = append(ops, op)
			}
			sort.Strings(ops)
			for n, op := range ops {
				method, path, _ := strings.Cut(op, " ")
				body := batteryBodies[op]
				var v any
				require.NoError(t, json.Unmarshal([]byte(body), &v))
				var leaves []leaf
				walk("", v, &leaves)
				for i, l := range leaves {
					for _, m := range mutations {
						raw, ok := m.apply(l.v)
						if !ok || l.path == "" {
							continue
						}
						mutated := replace(t, body, l.path, raw)
						// An upsert carries a valid creator first: a refusal must
						// leave it unwritten (all or nothing).
						canary, field := "", l.path
						if op == "POST /v1/creators" && strings.HasPrefix(mutated, `{"creators":[{`) {
							canary = fmt.Sprintf("canary-%d-%d-%d", n, i, len(m.name))
							mutated = strings.Replace(mutated, `{"creators":[`, `{"creators":[{"id":"`+canary+`","accounts":[{"platform":"tiktok","followers":3}]},`, 1)
							field = strings.Replace(field, "creators[0]", "creators[1]", 1)
						}
						check(fmt.Sprintf("%s %s %s", op, field, m.name), method, path, mutated, field, m.mustReject)
						if canary != "" {
							if rec := call("GET", "/v1/creators/"+canary, ""); rec.Code == 200 {
								_, err := st.GetCreator(context.Background(), canary)
								require.NoError(t, err)
								require.NoError(t, st.DeleteCreator(context.Background(), canary))
							}
						}
					}
					if _, isObj := l.v.(map[string]any); isObj {
						extra := l.path + ".zz_unknown"
						if l.path == "" {
							extra = "zz_unknown"
						}
						mutated := replace(t, body, l.path, strings.TrimSuffix(mustJSON(l.v), "}")+`,"zz_unknown":1}`)
						if len(l.v.(map[string]any)) == 0 {
							mutated = replace(t, body, l.path, `{"zz_unknown":1}`)
						}
						if op == "POST /v1/creators" && strings.HasPrefix(mutated, `{"creators":[{`) {
							mutated = strings.Replace(mutated, `{"creators":[`, `{"creators":[{"id":"canary-x","accounts":[{"platform":"tiktok","followers":3}]},`, 1)
							extra = strings.Replace(extra, "creators[0]", "creators[1]", 1)
						}
						check(op+" unknown member "+extra, method, path, mutated, extra, true)
					}
				}
				check(op+" not JSON", method, path, `{"creators":`, "*", true)
			}
			for _, q := range batteryQueries {
				method, path, _ := strings.Cut(q[0], " ")
				for _, bad := range []string{"abc", "-1", "1.5", "%FF", "%00", strings.Repeat("x", 300), "a%20b", "%2F..%2F"} {
					check(fmt.Sprintf("%s with %q", q[0], bad), method, fmt.Sprintf(path, bad), "", q[1], false)
				}
			}
			t.Logf("%s store: %d bad inputs sent, %d refused, 0 answered with 500 or late", b.name, sent, refused)
			n, err := st.CountCreators(context.Background())
			require.NoError(t, err)
			assert.LessOrEqual(t, n, 2, "only the seeded creators remain")
		})
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
