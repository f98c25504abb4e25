// Package install installs the client.authentication.k8s.io API group, making
// its internal, v1 and v1beta1 versions available to the encoding/decoding
// machinery of a scheme.
package install

import (
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	"github.com/kclient/kclient/pkg/apis/clientauthentication"
	v1 "github.com/kclient/kclient/pkg/apis/clientauthentication/v1"
	"github.com/kclient/kclient/pkg/apis/clientauthentication/v1beta1"
)

// Install registers the API group and adds types to a scheme: the internal
// version, v1 and v1beta1, with their conversions. It panics only if the
// scheme rejects a registration, which is a programming error.
func Install(scheme *runtime.Scheme) {
	utilruntime.Must(clientauthentication.AddToScheme(scheme))
	utilruntime.Must(v1.AddToScheme(scheme))
	utilruntime.Must(v1beta1.AddToScheme(scheme))
}
