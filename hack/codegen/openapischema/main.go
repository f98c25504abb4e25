// Command openapischema writes the structured-merge-diff schema of the
// built-in API types (every k8s.io/api type and the apimachinery types they
// refer to) into a Go file of the main module, for
// applyconfigurations.NewTypeConverter.
//
// The types come from the OpenAPI definitions that k8s.io/kubernetes compiles
// into the apiserver (pkg/generated/openapi), converted with kube-openapi's
// schemaconv, the conversion the apiserver itself uses for server-side apply.
// The schema is written as YAML (the form typed.NewParser reads), gzip
// compressed and base64 encoded, so the generated file stays small and cheap
// to compile.
//
//	go run . -out ../../../applyconfigurations/internal/schema/zz_generated.schema.go
//
// It lives in its own module because k8s.io/kubernetes may not be a
// dependency of the main module.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"os"
	"runtime/debug"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v2"
	"k8s.io/kube-openapi/pkg/common"
	"k8s.io/kube-openapi/pkg/schemaconv"
	"k8s.io/kube-openapi/pkg/validation/spec"
	"k8s.io/kubernetes/pkg/generated/openapi"
	smdschema "sigs.k8s.io/structured-merge-diff/v6/schema"
	"sigs.k8s.io/structured-merge-diff/v6/typed"
)

// rootPrefix selects the definitions the schema is built for: those of
// k8s.io/api. Whatever they refer to (meta/v1, resource.Quantity, ...) is
// added too.
const rootPrefix = "io.k8s.api."

func main() {
	out := flag.String("out", "", "Go file to write (required)")
	pkg := flag.String("pkg", "schema", "package name of the written file")
	flag.Parse()
	if err := run(*out, *pkg); err != nil {
		fmt.Fprintln(os.Stderr, "openapischema:", err)
		os.Exit(1)
	}
}

func run(out, pkg string) error {
	if out == "" {
		return errors.New("-out is required")
	}
	models, err := builtinModels()
	if err != nil {
		return err
	}
	yamlDoc, count, err := smdYAML(models)
	if err != nil {
		return err
	}
	src, err := render(pkg, yamlDoc, count)
	if err != nil {
		return err
	}
	if old, err := os.ReadFile(out); err == nil && bytes.Equal(old, src) {
		return nil // unchanged: leave the file (and its timestamp) alone
	}
	return os.WriteFile(out, src, 0o644)
}

// builtinModels returns the OpenAPI v2 schemas of the k8s.io/api types and
// of every type they reference, keyed by model name.
func builtinModels() (map[string]*spec.Schema, error) {
	defs := openapi.GetOpenAPIDefinitions(func(name string) spec.Ref {
		return spec.MustCreateRef("#/definitions/" + name)
	})
	all := make(map[string]*spec.Schema, len(defs))
	for name, def := range defs {
		s := def.Schema
		// A few types carry a separate OpenAPI v2 form (for v3-only
		// constructs); server-side apply's schema is built from it.
		if v2, ok := s.Extensions[common.ExtensionV2Schema].(spec.Schema); ok {
			s = v2
		}
		all[name] = &s
	}
	var queue []string
	for name := range all {
		if strings.HasPrefix(name, rootPrefix) {
			queue = append(queue, name)
		}
	}
	if len(queue) == 0 {
		return nil, fmt.Errorf("no OpenAPI definition named %s*", rootPrefix)
	}
	kept := map[string]*spec.Schema{}
	for len(queue) > 0 {
		name := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if _, done := kept[name]; done {
			continue
		}
		s, ok := all[name]
		if !ok {
			return nil, fmt.Errorf("a definition refers to %q, which is not defined", name)
		}
		kept[name] = s
		queue = append(queue, references(s)...)
	}
	return kept, nil
}

// references lists the model names s refers to, at any depth.
func references(s *spec.Schema) []string {
	var names []string
	var walk func(*spec.Schema)
	walk = func(s *spec.Schema) {
		if s == nil {
			return
		}
		if ref := s.Ref.String(); ref != "" {
			names = append(names, strings.TrimPrefix(ref, "#/definitions/"))
		}
		for _, p := range s.Properties {
			walk(&p)
		}
		if s.Items != nil {
			walk(s.Items.Schema)
			for i := range s.Items.Schemas {
				walk(&s.Items.Schemas[i])
			}
		}
		if s.AdditionalProperties != nil {
			walk(s.AdditionalProperties.Schema)
		}
		for _, group := range [][]spec.Schema{s.AllOf, s.AnyOf, s.OneOf} {
			for i := range group {
				walk(&group[i])
			}
		}
	}
	walk(s)
	return names
}

// smdYAML converts models to a structured-merge-diff schema with its types
// sorted by name, checks that it parses, and returns it as YAML with the
// number of types.
func smdYAML(models map[string]*spec.Schema) ([]byte, int, error) {
	converted, err := schemaconv.ToSchemaFromOpenAPI(models, false)
	if err != nil {
		return nil, 0, fmt.Errorf("converting the OpenAPI definitions: %w", err)
	}
	sort.Slice(converted.Types, func(i, j int) bool { return converted.Types[i].Name < converted.Types[j].Name })
	for i := range converted.Types {
		sortFields(&converted.Types[i].Atom)
	}
	doc, err := yaml.Marshal(converted)
	if err != nil {
		return nil, 0, fmt.Errorf("encoding the schema: %w", err)
	}
	if _, err := typed.NewParser(typed.YAMLObject(doc)); err != nil {
		return nil, 0, fmt.Errorf("the converted schema does not parse: %w", err)
	}
	return doc, len(converted.Types), nil
}

// sortFields orders the fields of a's maps, at any depth, by name: the
// conversion emits them in Go map order, which would make the output differ
// from run to run. Field order carries no meaning in the schema.
func sortFields(a *smdschema.Atom) {
	if a.List != nil {
		sortFields(&a.List.ElementType.Inlined)
	}
	if a.Map == nil {
		return
	}
	sortFields(&a.Map.ElementType.Inlined)
	fields := a.Map.Fields
	sort.Slice(fields, func(i, j int) bool { return fields[i].Name < fields[j].Name })
	for i := range fields {
		sortFields(&fields[i].Type.Inlined)
	}
}

// render returns the Go file holding doc gzip-compressed and base64-encoded
// in 76-column lines (base64 decoding skips the line breaks).
func render(pkg string, doc []byte, count int) ([]byte, error) {
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(doc); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	encoded := base64.StdEncoding.EncodeToString(gz.Bytes())

	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by hack/codegen/openapischema. DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "package %s\n\n", pkg)
	fmt.Fprintf(&b, "// source names the definitions the schema was converted from.\n")
	fmt.Fprintf(&b, "const source = %q\n\n", "k8s.io/kubernetes "+kubernetesVersion()+" pkg/generated/openapi")
	fmt.Fprintf(&b, "// typeCount is the number of named types in the schema.\n")
	fmt.Fprintf(&b, "const typeCount = %d\n\n", count)
	fmt.Fprintf(&b, "// compressed is the schema as YAML (%d bytes), gzip-compressed (%d bytes)\n", len(doc), gz.Len())
	fmt.Fprintf(&b, "// and base64-encoded.\n")
	b.WriteString("const compressed = `\n")
	for len(encoded) > 0 {
		n := min(76, len(encoded))
		b.WriteString(encoded[:n])
		b.WriteByte('\n')
		encoded = encoded[n:]
	}
	b.WriteString("`\n")
	return format.Source(b.Bytes())
}

// kubernetesVersion is the version of k8s.io/kubernetes this program was
// built with.
func kubernetesVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "k8s.io/kubernetes" {
				return dep.Version
			}
		}
	}
	return "(unknown version)"
}
