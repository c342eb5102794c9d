// Package client is a Go client for the creatormatch API, generated from
// openapi.yaml by oapi-codegen (client.gen.go), with the helpers in
// client.go: an API key, an Idempotency-Key on every write, and bounded
// retries on 429 and 503 that honour Retry-After.
//
// Regenerate with `go generate ./clients/...` after editing openapi.yaml;
// clients/drift_test.go fails when the checked-in code is stale.
package client

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 -config oapi-codegen.yaml ../../openapi.yaml
