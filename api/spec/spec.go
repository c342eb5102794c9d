// Package spec is generated from openapi.yaml by oapi-codegen: the
// ServerInterface the api package implements, the wrappers that bind path
// and query parameters, the wire types (aliases of the domain types where
// the spec says x-go-type), and the embedded spec the request validator
// uses. Regenerate with `go generate ./api/spec` after editing openapi.yaml.
package spec

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 -config oapi-codegen.yaml ../../openapi.yaml
