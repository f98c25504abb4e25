package v1beta1

// modelPrefix is the OpenAPI model name prefix of this package's types.
const modelPrefix = "io.k8s.client-go.pkg.apis.clientauthentication.v1beta1."

// OpenAPIModelName names Cluster in OpenAPI schemas.
func (in Cluster) OpenAPIModelName() string { return modelPrefix + "Cluster" }

// OpenAPIModelName names ExecCredential in OpenAPI schemas.
func (in ExecCredential) OpenAPIModelName() string { return modelPrefix + "ExecCredential" }

// OpenAPIModelName names ExecCredentialSpec in OpenAPI schemas.
func (in ExecCredentialSpec) OpenAPIModelName() string { return modelPrefix + "ExecCredentialSpec" }

// OpenAPIModelName names ExecCredentialStatus in OpenAPI schemas.
func (in ExecCredentialStatus) OpenAPIModelName() string { return modelPrefix + "ExecCredentialStatus" }
