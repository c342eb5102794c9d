package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch/api/spec"
)

// TestResponsesMatchSpec validates real responses of the matcher's
// endpoints, with the issue-16 fields (fit, constraints, excluded,
// currency, post links, shortlist notes), against openapi.yaml: a generated
// client can trust every field the spec declares required.
func TestResponsesMatchSpec(t *testing.T) {
	sw, err := spec.GetSpec()
	require.NoError(t, err)
	sw.Servers = nil
	s := newServer(t, backends[0], apiConfig())
	cat, _ := json.Marshal(map[string]any{"creators": skincareCatalogue()})
	require.Equal(t, 200, s.do("POST", "/v1/creators", string(cat)).Code)
	require.Equal(t, 200, s.do("POST", "/v1/creators", demoJSON()).Code)
	check := func(method, path, specPath, body string) {
		t.Helper()
		rec := s.do(method, path, body)
		require.Equal(t, 200, rec.Code, rec.Body.String())
		item := sw.Paths.Find(specPath)
		require.NotNil(t, item, specPath)
		op := item.GetOperation(method)
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		in := &openapi3filter.RequestValidationInput{Request: req, Route: &routers.Route{Spec: sw, Path: specPath, PathItem: item, Method: method, Operation: op},
			Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true}}
		err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
			Body: io.NopCloser(strings.NewReader(rec.Body.String())), Options: in.Options})
		if err != nil {
			msg := err.Error()
			if len(msg) > 3000 {
				msg = msg[:3000]
			}
			t.Errorf("%s %s %s: %s", method, path, body, msg)
		}
	}
	const text = "Skincare brand looking for creators who review serums and sunscreen routines"
	check("POST", "/v1/match", "/v1/match", `{"brief":{"text":"`+text+`"},"limit":50}`)
	check("POST", "/v1/match", "/v1/match", `{"brief":{"text":"`+text+`","competitors":["@GlowCo"],"exclude_safety":["alcohol"],"budget":{"total":5000,"currency":"GBP"}},"limit":50,"include_excluded":true}`)
	check("POST", "/v1/match", "/v1/match", `{"brief":{"text":"`+text+`, audience at least 60% female"},"limit":50,"include_excluded":true}`)
	check("POST", "/v1/shortlists", "/v1/shortlists", `{"brief":{"text":"`+text+`"},"budget":{"total":3000,"currency":"GBP"},"max_creators":20,"min_fit":0}`)
	check("POST", "/v1/lookalikes", "/v1/lookalikes", `{"positive":["sk-clean-0"]}`)
	check("GET", "/v1/creators/sk-clean-0/similar", "/v1/creators/{id}/similar", ``)
	check("GET", "/v1/creators?limit=100&sort=engagement_rate&order=asc", "/v1/creators", ``)
	check("GET", "/v1/creators?q=a&platforms=instagram,tiktok&min_followers=1&sort=last_post", "/v1/creators", ``)
}
