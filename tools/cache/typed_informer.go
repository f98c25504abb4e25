package cache

import (
	"errors"

	"k8s.io/klog/v2"
)

// TypedSharedIndexInformer is a SharedIndexInformer with type-safe variants
// of the methods that take or return objects, so callers need no type
// assertions.
type TypedSharedIndexInformer[T Object] interface {
	SharedIndexInformer

	// AddTypedEventHandler registers a typed handler. Without options it is
	// AddEventHandler; with one it is AddEventHandlerWithOptions; passing two
	// or more fails without registering anything.
	AddTypedEventHandler(handler TypedResourceEventHandler[T], options ...HandlerOptions) (ResourceEventHandlerRegistration, error)
	// AddTypedIndexers is AddIndexers for typed index functions.
	AddTypedIndexers(indexers TypedIndexers[T]) error
	// GetTypedIndexer returns the cache as a TypedIndexer.
	GetTypedIndexer() TypedIndexer[T]
}

// NewTypedSharedIndexInformer wraps informer, whose objects must be of type
// T, in a TypedSharedIndexInformer. Objects of another type reaching a
// typed handler are logged and dropped.
func NewTypedSharedIndexInformer[T Object](informer SharedIndexInformer) TypedSharedIndexInformer[T] {
	return &typedSharedIndexInformer[T]{SharedIndexInformer: informer}
}

type typedSharedIndexInformer[T Object] struct {
	SharedIndexInformer
}

func (t *typedSharedIndexInformer[T]) untyped() SharedIndexInformer { return t.SharedIndexInformer }

func (t *typedSharedIndexInformer[T]) AddTypedEventHandler(handler TypedResourceEventHandler[T], options ...HandlerOptions) (ResourceEventHandlerRegistration, error) {
	if len(options) > 1 {
		return nil, errors.New("AddTypedEventHandler accepts at most one HandlerOptions")
	}
	var opts HandlerOptions
	if len(options) == 1 {
		opts = options[0]
	}
	logger := klog.Background()
	if opts.Logger != nil {
		logger = *opts.Logger
	}
	return t.AddEventHandlerWithOptions(untypedHandler[T]{handler: handler, logger: logger}, opts)
}

func (t *typedSharedIndexInformer[T]) AddTypedIndexers(indexers TypedIndexers[T]) error {
	return t.AddIndexers(TypedIndexersToIndexers(indexers))
}

func (t *typedSharedIndexInformer[T]) GetTypedIndexer() TypedIndexer[T] {
	return typedIndexer[T]{Indexer: t.GetIndexer()}
}
