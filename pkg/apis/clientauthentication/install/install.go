// Package install puts every version of the client.authentication.k8s.io
// API group (internal, v1 and v1beta1) into a runtime.Scheme in one call, so
// that codecs built from the scheme can decode and convert ExecCredentials.
package install

import (
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	"github.com/kclient/kclient/pkg/apis/clientauthentication"
	v1 "github.com/kclient/kclient/pkg/apis/clientauthentication/v1"
	"github.com/kclient/kclient/pkg/apis/clientauthentication/v1beta1"
)

// Install adds the internal, v1 and v1beta1 ExecCredential types and the
// conversions between them to scheme. It panics only if the
// scheme rejects a registration, which is a programming error.
func Install(scheme *runtime.Scheme) {
	utilruntime.Must(clientauthentication.AddToScheme(scheme))
	utilruntime.Must(v1.AddToScheme(scheme))
	utilruntime.Must(v1beta1.AddToScheme(scheme))
}
