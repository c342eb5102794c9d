// Package clients holds the API's generated clients: go/ (oapi-codegen)
// and typescript/ (openapi-typescript types with an openapi-fetch
// wrapper), each with an example front end. `go generate ./clients/...`
// regenerates both from openapi.yaml; drift_test.go fails when the
// checked-in code is stale, and e2e_test.go runs both examples against a
// live server through Prism's validating proxy.
package clients

//go:generate ../scripts/generate-ts-client
