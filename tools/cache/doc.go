// Package cache keeps a local, eventually consistent copy of Kubernetes
// objects and tells interested code when that copy changes.
//
// The data flow, from the apiserver to your code:
//
//		ListerWatcher ──► Reflector ──► queue (DeltaFIFO / RealFIFO) ──► Controller ──► Indexer
//		                                                                         └────► event handlers
//
//	  - A [ListerWatcher] knows how to LIST a collection and WATCH it from a
//	    resource version. [NewListWatchFromClient] builds one from a REST client.
//	  - A [Reflector] keeps a [ReflectorStore] equal to the server's state: it
//	    lists (in pages, or as one streamed watch when the WatchListClient
//	    feature gate is on), then watches from the listed resource version,
//	    relists when the server says that version is gone, and reconnects with
//	    backoff.
//	  - A [DeltaFIFO] or [RealFIFO] turns what the reflector writes into a queue
//	    of changes ([Deltas]); a [Controller] pops them, applies them to an
//	    [Indexer] and calls a [ResourceEventHandler].
//	  - A [SharedIndexInformer] packages all of this for many consumers at once:
//	    one list/watch, one cache, any number of handlers, each fed from its own
//	    unbounded buffer so that a slow handler never delays the others.
//
// Objects handed out by anything in this package (store and lister results,
// handler arguments) are shared cache objects. Callers must treat them as
// read-only; copy with DeepCopy before changing anything.
//
// Informers go one step further to save memory: the objects they cache share
// the data they repeat. Equal strings (namespaces, label keys and values,
// images, env vars, ...), equal managedFields fieldsV1 bytes and equal
// resource lists (a container's requests and limits) are stored once for
// all the objects that hold them; each object is still equal, field for
// field, to what the server sent. This makes the read-only rule matter more:
// writing into a cached object's resource list or fieldsV1 bytes in place
// (instead of into a DeepCopy) changes every cached object that shares them,
// not just the one. Label and annotation maps and all slices stay per
// object. An informer without a transform has its protobuf watch events
// decoded with the sharing done while decoding (internal/protodec), which
// costs less CPU and allocation than decoding and then sharing. Setting the
// environment variable KCLIENT_SHARE_CACHED_DATA=false before informers
// start turns the sharing off, and objects are decoded as by client-go.
package cache
