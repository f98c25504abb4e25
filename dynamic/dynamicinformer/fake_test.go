package dynamicinformer_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/dynamic/dynamicinformer"
	"github.com/kclient/kclient/dynamic/fake"
)

// TestFactoryOverFakeClient checks that informers sync over the fake
// dynamic client with the WatchListClient gate on (its default): the fake
// says on the client that it cannot stream lists, and the informers must
// heed that instead of waiting for an initial-events bookmark.
func TestFactoryOverFakeClient(t *testing.T) {
	gvr := schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "things"}
	thing := func(name string) runtime.Object {
		u := &unstructured.Unstructured{}
		u.SetAPIVersion("example.com/v1")
		u.SetKind("Thing")
		u.SetNamespace("ns")
		u.SetName(name)
		return u
	}
	tests := []struct {
		name    string
		objects []runtime.Object
	}{
		{"empty", nil},
		{"seeded", []runtime.Object{thing("a"), thing("b")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			client := fake.NewSimpleDynamicClientWithCustomListKinds(runtime.NewScheme(), map[schema.GroupVersionResource]string{gvr: "ThingList"}, tt.objects...)
			factory := dynamicinformer.NewDynamicSharedInformerFactory(client, 0)
			informer := factory.ForResource(gvr)
			factory.Start(ctx.Done())
			defer factory.Shutdown()
			defer cancel()
			for typ, ok := range factory.WaitForCacheSync(ctx.Done()) {
				require.True(t, ok, "%v did not sync over the fake", typ)
			}
			got, err := informer.Lister().List(labels.Everything())
			require.NoError(t, err)
			assert.Len(t, got, len(tt.objects))
		})
	}
}
