// Package informergen renders kclient's listers and shared informers from the
// API model of hack/codegen/internal/model.
//
// For every group-version with +genclient kinds it writes a
// listers/<group>/<version> package: one file per kind declaring the
// <Kind>Lister and <Kind>NamespaceLister interfaces over the generic
// listers.ResourceIndexer, plus expansion_generated.go with the empty
// <Kind>ListerExpansion interfaces that no hand-written file in the package
// already declares.
//
// For every kind that supports list and watch it writes an informer under
// informers/<group>/<version>, the per-version and per-group Interface
// packages, the SharedInformerFactory interface with its group accessors and
// the GroupVersionResource table behind ForResource. The generated code is a
// thin typed layer: the work is done by internal/typedinformer,
// the factory in informers/factory.go and tools/cache.
package informergen
