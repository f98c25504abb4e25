package v1beta1

// modelPrefix is the OpenAPI model name prefix of this package's types.
const modelPrefix = "io.k8s.client-go.pkg.apis.clientauthentication.v1beta1."

// OpenAPIModelName returns the OpenAPI model name for this type.
func (in Cluster) OpenAPIModelName() string { return modelPrefix + "Cluster" }

// OpenAPIModelName returns the OpenAPI model name for this type.
func (in ExecCredential) OpenAPIModelName() string { return modelPrefix + "ExecCredential" }

// OpenAPIModelName returns the OpenAPI model name for this type.
func (in ExecCredentialSpec) OpenAPIModelName() string { return modelPrefix + "ExecCredentialSpec" }

// OpenAPIModelName returns the OpenAPI model name for this type.
func (in ExecCredentialStatus) OpenAPIModelName() string { return modelPrefix + "ExecCredentialStatus" }
