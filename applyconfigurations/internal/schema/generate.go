package schema

// zz_generated.schema.go is converted from the OpenAPI definitions of
// k8s.io/kubernetes by a generator in its own module (it needs
// k8s.io/kubernetes, which the main module must not require).
//go:generate go run -C ../../../hack/codegen/openapischema . -out ../../../applyconfigurations/internal/schema/zz_generated.schema.go
