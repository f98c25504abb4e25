package dynamic_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/dynamic"
	"github.com/kclient/kclient/rest"
)

// TestUndecodableResponsesNameTheURL: a proxy answering with an HTML page
// must give an error that says where it came from, not a bare JSON error.
func TestUndecodableResponsesNameTheURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body>Sign in</body></html>")
	}))
	defer srv.Close()
	client, err := dynamic.NewForConfig(&rest.Config{Host: srv.URL})
	require.NoError(t, err)
	cms := client.Resource(configMapsGVR).Namespace("ns")

	_, err = cms.Get(context.Background(), "x", metav1.GetOptions{})
	require.Error(t, err)
	assert.ErrorContains(t, err, srv.URL+"/api/v1/namespaces/ns/configmaps/x")

	_, err = cms.List(context.Background(), metav1.ListOptions{})
	require.Error(t, err)
	assert.ErrorContains(t, err, srv.URL+"/api/v1/namespaces/ns/configmaps")
}
