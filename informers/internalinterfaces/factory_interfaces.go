// Package internalinterfaces declares the small contracts between the
// informer factory and the generated per-group informer packages, so that
// neither has to import the other.
package internalinterfaces

import (
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/tools/cache"
)

// NewInformerFunc builds an unshared informer from a clientset and a resync
// period. A factory calls it at most once per object type.
type NewInformerFunc func(kubernetes.Interface, time.Duration) cache.SharedIndexInformer

// SharedInformerFactory is the part of an informer factory the generated
// informer packages rely on.
type SharedInformerFactory interface {
	// Start runs every informer requested so far that is not running yet,
	// until stopCh closes.
	Start(stopCh <-chan struct{})
	// InformerFor returns the factory's informer for obj's type, calling
	// newFunc to build it only the first time the type is requested.
	InformerFor(obj runtime.Object, newFunc NewInformerFunc) cache.SharedIndexInformer
	// InformerName is the identity the factory's informers publish metrics
	// under; nil when metrics are not named.
	InformerName() *cache.InformerName
}

// TweakListOptionsFunc edits the options of every list and watch request an
// informer sends, for example to add a label or field selector.
type TweakListOptionsFunc func(*metav1.ListOptions)

// InformerOptions configures a generated New<Kind>InformerWithOptions
// constructor. The zero value means no resync, no indexers, no metrics name
// and unmodified list options.
type InformerOptions struct {
	// ResyncPeriod is how often handlers are sent the whole cache again;
	// zero turns resyncs off.
	ResyncPeriod time.Duration
	// Indexers are the informer cache's initial indices.
	Indexers cache.Indexers
	// InformerName, if set, names the informer for metrics.
	InformerName *cache.InformerName
	// TweakListOptions, if set, edits every list and watch request.
	TweakListOptions TweakListOptionsFunc
}
