// Package api holds the HTTP contract, api/openapi.yaml, which the server
// serves and the tests hold it to.
package api

import _ "embed"

// OpenAPI is the contract in OpenAPI 3 YAML.
//
//go:embed openapi.yaml
var OpenAPI []byte
