// Package apply builds server-side apply requests for clients that have no
// typed Apply method, such as a RESTClient for a custom resource.
package apply

import (
	"github.com/kclient/kclient/internal/gentypecore"
	"github.com/kclient/kclient/rest"
)

// NewRequest returns a PATCH request on client whose body is
// applyConfiguration encoded as a server-side apply patch: JSON sent as
// application/apply-patch+yaml, or CBOR as application/apply-patch+cbor when
// the ClientsAllowCBOR and ClientsPreferCBOR feature gates are both on. The
// caller adds the namespace, resource, name and the fieldManager parameter
// the server requires. It fails only if applyConfiguration cannot be encoded.
func NewRequest(client rest.Interface, applyConfiguration interface{}) (*rest.Request, error) {
	pt, body, err := gentypecore.EncodeApplyPatch(applyConfiguration)
	if err != nil {
		return nil, err
	}
	return client.Patch(pt).Body(body), nil
}
