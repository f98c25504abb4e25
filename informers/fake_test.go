package informers_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/informers"
	"github.com/kclient/kclient/kubernetes/fake"
)

// TestFactoryOverFakeClientset checks that informers sync over the fake
// Clientset with the WatchListClient gate on (its default): the fake cannot
// stream lists and says so on the Clientset, and the informers must heed
// that instead of waiting for an initial-events bookmark that never comes.
func TestFactoryOverFakeClientset(t *testing.T) {
	tests := []struct {
		name            string
		objects         []runtime.Object
		wantConfigMaps  int
		wantDeployments int
	}{
		{"empty", nil, 0, 0},
		{"seeded", []runtime.Object{
			&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "a", Namespace: "ns"}},
			&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "b", Namespace: "other"}},
			&appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "c", Namespace: "ns"}},
		}, 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			factory := informers.NewSharedInformerFactory(fake.NewClientset(tt.objects...), 0)
			configMaps := factory.Core().V1().ConfigMaps().Lister()
			deployments := factory.Apps().V1().Deployments().Lister()
			factory.Start(ctx.Done())
			defer factory.Shutdown()
			defer cancel()

			res := factory.WaitForCacheSyncWithContext(ctx)
			require.NoError(t, res.Err, "caches did not sync over the fake")
			for typ, ok := range res.Synced {
				assert.True(t, ok, "%v synced", typ)
			}
			cms, err := configMaps.List(labels.Everything())
			require.NoError(t, err)
			assert.Len(t, cms, tt.wantConfigMaps)
			ds, err := deployments.List(labels.Everything())
			require.NoError(t, err)
			assert.Len(t, ds, tt.wantDeployments)
		})
	}
}
