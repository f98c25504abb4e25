package schema

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	yaml "go.yaml.in/yaml/v2"
	smdschema "sigs.k8s.io/structured-merge-diff/v6/schema"
	"sigs.k8s.io/structured-merge-diff/v6/typed"
)

func TestParserHasEveryType(t *testing.T) {
	p, err := Parser()
	require.NoError(t, err)
	assert.Len(t, p.Schema.Types, typeCount)
	again, err := Parser()
	require.NoError(t, err)
	assert.Same(t, p, again, "decoded once")
}

// TestSchemaIsValid runs the validation Parser skips: the schema must be a
// valid structured-merge-diff schema.
func TestSchemaIsValid(t *testing.T) {
	p, err := Parser()
	require.NoError(t, err)
	doc, err := yaml.Marshal(&p.Schema)
	require.NoError(t, err)
	_, err = typed.NewParser(typed.YAMLObject(doc))
	require.NoError(t, err)
}

// TestListRelationships checks lists the server merges by key, sets and
// atomic lists, as the OpenAPI list-type markers of k8s.io/api declare them.
func TestListRelationships(t *testing.T) {
	p, err := Parser()
	require.NoError(t, err)
	tests := []struct {
		typeName, field string
		relationship    smdschema.ElementRelationship
		keys            []string
	}{
		{"io.k8s.api.core.v1.PodSpec", "containers", smdschema.Associative, []string{"name"}},
		{"io.k8s.api.core.v1.Container", "ports", smdschema.Associative, []string{"containerPort", "protocol"}},
		{"io.k8s.api.core.v1.Container", "env", smdschema.Associative, []string{"name"}},
		{"io.k8s.api.core.v1.ServiceSpec", "ports", smdschema.Associative, []string{"port", "protocol"}},
		{"io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "finalizers", smdschema.Associative, nil},
		{"io.k8s.api.core.v1.Container", "command", smdschema.Atomic, nil},
		{"io.k8s.api.rbac.v1.PolicyRule", "verbs", smdschema.Atomic, nil},
	}
	for _, tt := range tests {
		t.Run(tt.typeName+"."+tt.field, func(t *testing.T) {
			atom, ok := p.Schema.FindNamedType(tt.typeName)
			require.True(t, ok, "type %s", tt.typeName)
			require.NotNil(t, atom.Map)
			field, ok := atom.Map.FindField(tt.field)
			require.True(t, ok, "field %s", tt.field)
			list, ok := p.Schema.Resolve(field.Type)
			require.True(t, ok)
			require.NotNil(t, list.List, "%s.%s is a list", tt.typeName, tt.field)
			assert.Equal(t, tt.relationship, list.List.ElementRelationship)
			assert.Equal(t, tt.keys, list.List.Keys)
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := map[string]string{
		"not base64": "!!!",
		"not gzip":   "aGVsbG8=",
		"not YAML":   gzipped(t, "types: [unclosed"),
	}
	for name, text := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := decode(text)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "built-in API schema")
		})
	}
}

// gzipped returns doc encoded the way the generator encodes the schema.
func gzipped(t *testing.T, doc string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, err := zw.Write([]byte(doc))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

func BenchmarkDecode(b *testing.B) {
	for b.Loop() {
		if _, err := decode(compressed); err != nil {
			b.Fatal(err)
		}
	}
}
