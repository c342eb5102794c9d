package creatormatch

import _ "embed"

// OpenAPI is the API contract, openapi.yaml, served at /openapi.yaml.
//
//go:embed openapi.yaml
var OpenAPI []byte
