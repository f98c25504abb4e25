package metadata_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/metadata"
	"github.com/kclient/kclient/rest"
)

var things = schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "things"}

// TestWatchTimeoutQuery pins how ListOptions.TimeoutSeconds reaches the
// server, and that a client-wide timeout never cuts a watch short.
func TestWatchTimeoutQuery(t *testing.T) {
	queries := make(chan url.Values, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		queries <- r.URL.Query()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	client, err := metadata.NewForConfig(&rest.Config{Host: srv.URL, Timeout: time.Minute})
	require.NoError(t, err)

	tests := []struct {
		name        string
		seconds     *int64
		wantTimeout string
	}{
		{name: "server-side timeout", seconds: ptr(int64(5)), wantTimeout: "5s"},
		{name: "no timeout", seconds: nil, wantTimeout: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := client.Resource(things).Watch(context.Background(), metav1.ListOptions{TimeoutSeconds: tt.seconds})
			require.NoError(t, err)
			defer w.Stop()
			q := <-queries
			assert.Equal(t, "true", q.Get("watch"))
			assert.Equal(t, tt.wantTimeout, q.Get("timeout"))
			if tt.seconds != nil {
				assert.Equal(t, fmt.Sprint(*tt.seconds), q.Get("timeoutSeconds"))
			}
		})
	}
}

// TestGetRejectsAList covers a server answering a Get with a list.
func TestGetRejectsAList(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"apiVersion":"meta.k8s.io/v1","kind":"PartialObjectMetadataList","metadata":{},"items":[]}`)
	}))
	defer srv.Close()
	client, err := metadata.NewForConfig(&rest.Config{Host: srv.URL})
	require.NoError(t, err)

	_, err = client.Resource(things).Get(context.Background(), "t1", metav1.GetOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "unexpected object, expected PartialObjectMetadata but got *v1.PartialObjectMetadataList")
}

func ptr[T any](v T) *T { return &v }
