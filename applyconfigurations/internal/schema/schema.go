// Package schema embeds the structured-merge-diff schema of the built-in API
// types (every type of k8s.io/api and the apimachinery types they use), the
// schema the apiserver merges server-side apply requests with: lists such as
// a pod's containers merge by their keys, maps and structs field by field,
// atomic fields are replaced whole.
//
// The schema is about 28 kB compressed (550 kB of YAML, 1,200 types).
// Decoding it takes about 50 ms of one core and 12 MB of short-lived
// allocations, paid once, on the first call of Parser. The generator checks
// the schema with typed.NewParser, so decoding skips that validation (which
// would triple the cost).
// Only applyconfigurations.NewTypeConverter (and through it the fake
// Clientset) import this package; typed clients must not.
package schema

import (
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"sync"

	yaml "go.yaml.in/yaml/v2"
	"sigs.k8s.io/structured-merge-diff/v6/typed"
)

var (
	parseOnce sync.Once
	parser    *typed.Parser
	parseErr  error
)

// Parser returns the parser of the built-in types' schema, whose type names
// are OpenAPI model names such as "io.k8s.api.core.v1.Pod" (what
// runtime.Scheme.ToOpenAPIDefinitionName returns for a built-in kind). The
// schema is decoded on the first call; later calls return the same parser.
// Safe for concurrent use; the parser must not be modified.
func Parser() (*typed.Parser, error) {
	parseOnce.Do(func() { parser, parseErr = decode(compressed) })
	return parser, parseErr
}

// decode reverses the generator's encoding: base64 (line breaks are
// skipped), then gzip, then the YAML form of the schema.
func decode(text string) (*typed.Parser, error) {
	zr, err := gzip.NewReader(base64.NewDecoder(base64.StdEncoding, strings.NewReader(text)))
	if err != nil {
		return nil, fmt.Errorf("built-in API schema (%s): %w", source, err)
	}
	doc, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("built-in API schema (%s): %w", source, err)
	}
	var p typed.Parser
	if err := yaml.Unmarshal(doc, &p.Schema); err != nil {
		return nil, fmt.Errorf("built-in API schema (%s): %w", source, err)
	}
	return &p, nil
}
