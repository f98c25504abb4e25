// Package openapitest provides openapi.Client implementations for tests: a
// FakeClient with hard-coded documents and errors, and clients serving
// OpenAPI v3 documents from files, including a few documents of
// kube-apiserver v1.37 embedded in the package (api/v1, apis/apps/v1,
// apis/batch/v1, apis/discovery.k8s.io/v1).
package openapitest

import (
	"errors"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/openapi"
)

// FakeClient is an openapi.Client with hard-coded answers.
type FakeClient struct {
	// PathsMap is what Paths returns.
	PathsMap map[string]openapi.GroupVersion
	// ForcedErr, when set, is returned by Paths instead.
	ForcedErr error
}

var _ openapi.Client = FakeClient{}

// NewFakeClient returns a FakeClient that serves no group-versions until
// entries are put in its PathsMap.
func NewFakeClient() *FakeClient {
	return &FakeClient{PathsMap: map[string]openapi.GroupVersion{}}
}

// Paths returns PathsMap (an empty map if nil), or ForcedErr.
func (f FakeClient) Paths() (map[string]openapi.GroupVersion, error) {
	switch {
	case f.ForcedErr != nil:
		return nil, f.ForcedErr
	case f.PathsMap != nil:
		return f.PathsMap, nil
	default:
		return map[string]openapi.GroupVersion{}, nil
	}
}

// FakeGroupVersion is an openapi.GroupVersion with a hard-coded document.
type FakeGroupVersion struct {
	// GVSpec is what Schema returns.
	GVSpec []byte
	// ForcedErr, when set, is returned by Schema instead.
	ForcedErr error
}

var _ openapi.GroupVersion = FakeGroupVersion{}

// errOnlyJSON is returned for content types other than JSON.
var errOnlyJSON = errors.New("openapitest only supports 'application/json' contentType")

// Schema returns GVSpec (empty if nil) for "application/json", ForcedErr if
// set, and an error for any other content type.
func (f FakeGroupVersion) Schema(contentType string) ([]byte, error) {
	switch {
	case f.ForcedErr != nil:
		return nil, f.ForcedErr
	case contentType != runtime.ContentTypeJSON:
		return nil, errOnlyJSON
	case f.GVSpec != nil:
		return f.GVSpec, nil // shared, not copied
	default:
		return []byte{}, nil
	}
}

// ServerRelativeURL returns "".
func (f FakeGroupVersion) ServerRelativeURL() string { return "" }
