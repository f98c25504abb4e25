package metadatainformer_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/metadata/fake"
	"github.com/kclient/kclient/metadata/metadatainformer"
)

// TestFactoryOverFakeClient checks that informers sync over the fake
// metadata client with the WatchListClient gate on (its default): the fake
// says on the client that it cannot stream lists, and the informers must
// heed that instead of waiting for an initial-events bookmark.
func TestFactoryOverFakeClient(t *testing.T) {
	gvr := schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "things"}
	thing := func(name string) runtime.Object {
		return &metav1.PartialObjectMetadata{
			TypeMeta:   metav1.TypeMeta{APIVersion: "example.com/v1", Kind: "Thing"},
			ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: name},
		}
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
			scheme := fake.NewTestScheme()
			require.NoError(t, metav1.AddMetaToScheme(scheme))
			client := fake.NewSimpleMetadataClient(scheme, tt.objects...)
			factory := metadatainformer.NewSharedInformerFactory(client, 0)
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
