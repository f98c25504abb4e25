// Package exec is for programs that act as exec credential plugins: it reads
// the ExecCredential that kubectl (or any client) passes in
// KUBERNETES_EXEC_INFO and turns its cluster information into a rest.Config,
// so the plugin can talk to the cluster it is authenticating for.
package exec

import (
	"errors"
	"fmt"
	"os"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"

	"github.com/kclient/kclient/pkg/apis/clientauthentication"
	"github.com/kclient/kclient/pkg/apis/clientauthentication/install"
	"github.com/kclient/kclient/rest"
)

// execInfoEnv is the variable a client sets for the plugin it runs.
const execInfoEnv = "KUBERNETES_EXEC_INFO"

var (
	scheme = func() *runtime.Scheme {
		s := runtime.NewScheme()
		install.Install(s)
		return s
	}()
	decoder = serializer.NewCodecFactory(scheme).UniversalDeserializer()
)

// LoadExecCredentialFromEnv is LoadExecCredential applied to the value of
// KUBERNETES_EXEC_INFO. It fails at once if the variable is unset or empty,
// which happens when the client's exec config does not set provideClusterInfo.
func LoadExecCredentialFromEnv() (runtime.Object, *rest.Config, error) {
	data := os.Getenv(execInfoEnv)
	if data == "" {
		return nil, nil, errors.New(execInfoEnv + " env var is unset or empty")
	}
	return LoadExecCredential([]byte(data))
}

// LoadExecCredential decodes data, an ExecCredential of any
// client.authentication.k8s.io version (v1 or v1beta1), and returns it as
// decoded together with a rest.Config for the cluster in spec.cluster. The
// config has no credentials: obtaining them is the plugin's job. It is an
// error if data is not an ExecCredential or carries no cluster information.
func LoadExecCredential(data []byte) (runtime.Object, *rest.Config, error) {
	obj, gvk, err := decoder.Decode(data, nil, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("decode: %w", err)
	}
	if gvk.Group != clientauthentication.SchemeGroupVersion.Group || gvk.Kind != "ExecCredential" {
		return nil, nil, fmt.Errorf("invalid group/kind: wanted ExecCredential.%s, got %s",
			clientauthentication.SchemeGroupVersion.Group, gvk.GroupKind())
	}
	var cred clientauthentication.ExecCredential
	if err := scheme.Convert(obj, &cred, nil); err != nil {
		return nil, nil, fmt.Errorf("cannot convert to ExecCredential: %w", err)
	}
	if cred.Spec.Cluster == nil {
		return nil, nil, errors.New("ExecCredential does not contain cluster information")
	}
	cfg, err := rest.ExecClusterToConfig(cred.Spec.Cluster)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot create rest.Config: %w", err)
	}
	return obj, cfg, nil
}
