// Package listers holds the generic read side of kclient's generated listers.
//
// Every lister under listers/<group>/<version> is a thin, typed face over a
// ResourceIndexer: a view of a tools/cache Indexer (normally an informer's
// cache) restricted to one resource and, optionally, one namespace. Lookups
// never reach the apiserver; they cost one map access (Get) or one pass over
// the matching index bucket (List).
//
// Objects returned by a lister are the informer's shared cache objects.
// Treat them as read-only and DeepCopy before changing anything.
package listers
