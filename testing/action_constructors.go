package testing

import (
	"path"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
)

// The constructors below build the actions the generated fake clients
// record. Every NewRoot... constructor is the namespace-less form of the
// matching New... constructor (cluster-scoped resources); the ...WithOptions
// forms additionally record the call's options, the others record zero
// options.

func base(verb string, resource schema.GroupVersionResource, namespace, subresource string) ActionImpl {
	return ActionImpl{Verb: verb, Resource: resource, Namespace: namespace, Subresource: subresource}
}

// asListOptions returns opts when it is a metav1.ListOptions (or a non-nil
// pointer to one) and zero options otherwise.
func asListOptions(opts interface{}) metav1.ListOptions {
	switch o := opts.(type) {
	case metav1.ListOptions:
		return o
	case *metav1.ListOptions:
		if o != nil {
			return *o
		}
	}
	return metav1.ListOptions{}
}

// ---- get ----

// NewRootGetAction returns a get of the cluster-scoped object name.
func NewRootGetAction(resource schema.GroupVersionResource, name string) GetActionImpl {
	return NewRootGetActionWithOptions(resource, name, metav1.GetOptions{})
}

// NewRootGetActionWithOptions is NewRootGetAction recording opts.
func NewRootGetActionWithOptions(resource schema.GroupVersionResource, name string, opts metav1.GetOptions) GetActionImpl {
	return NewGetSubresourceActionWithOptions(resource, "", "", name, opts)
}

// NewGetAction returns a get of the object name in namespace.
func NewGetAction(resource schema.GroupVersionResource, namespace, name string) GetActionImpl {
	return NewGetActionWithOptions(resource, namespace, name, metav1.GetOptions{})
}

// NewGetActionWithOptions is NewGetAction recording opts.
func NewGetActionWithOptions(resource schema.GroupVersionResource, namespace, name string, opts metav1.GetOptions) GetActionImpl {
	return NewGetSubresourceActionWithOptions(resource, namespace, "", name, opts)
}

// NewGetSubresourceAction returns a get of subresource of the object name in
// namespace.
func NewGetSubresourceAction(resource schema.GroupVersionResource, namespace, subresource, name string) GetActionImpl {
	return NewGetSubresourceActionWithOptions(resource, namespace, subresource, name, metav1.GetOptions{})
}

// NewGetSubresourceActionWithOptions is NewGetSubresourceAction recording opts.
func NewGetSubresourceActionWithOptions(resource schema.GroupVersionResource, namespace, subresource, name string, opts metav1.GetOptions) GetActionImpl {
	return GetActionImpl{ActionImpl: base("get", resource, namespace, subresource), Name: name, GetOptions: opts}
}

// NewRootGetSubresourceAction returns a get of subresource of the
// cluster-scoped object name.
func NewRootGetSubresourceAction(resource schema.GroupVersionResource, subresource, name string) GetActionImpl {
	return NewGetSubresourceActionWithOptions(resource, "", subresource, name, metav1.GetOptions{})
}

// NewRootGetSubresourceActionWithOptions is NewRootGetSubresourceAction
// recording opts.
func NewRootGetSubresourceActionWithOptions(resource schema.GroupVersionResource, subresource, name string, opts metav1.GetOptions) GetActionImpl {
	return NewGetSubresourceActionWithOptions(resource, "", subresource, name, opts)
}

// ---- list ----

// NewRootListAction returns a list of a cluster-scoped resource whose items
// are of kind. opts should be a metav1.ListOptions; only its selectors are
// recorded (see ExtractFromListOptions for malformed input).
func NewRootListAction(resource schema.GroupVersionResource, kind schema.GroupVersionKind, opts interface{}) ListActionImpl {
	return NewListAction(resource, kind, "", opts)
}

// NewRootListActionWithOptions is NewRootListAction recording all of opts.
func NewRootListActionWithOptions(resource schema.GroupVersionResource, kind schema.GroupVersionKind, opts metav1.ListOptions) ListActionImpl {
	return NewListActionWithOptions(resource, kind, "", opts)
}

// NewListAction returns a list of resource in namespace ("" for all
// namespaces) whose items are of kind. opts should be a metav1.ListOptions;
// only its selectors are recorded.
func NewListAction(resource schema.GroupVersionResource, kind schema.GroupVersionKind, namespace string, opts interface{}) ListActionImpl {
	lo, ls, fs := listOptionsOf(opts)
	return ListActionImpl{
		ActionImpl:       base("list", resource, namespace, ""),
		Kind:             kind,
		ListRestrictions: ListRestrictions{Labels: ls, Fields: fs},
		ListOptions:      lo,
	}
}

// NewListActionWithOptions is NewListAction recording all of opts.
func NewListActionWithOptions(resource schema.GroupVersionResource, kind schema.GroupVersionKind, namespace string, opts metav1.ListOptions) ListActionImpl {
	ls, fs, _ := ExtractFromListOptions(opts)
	return ListActionImpl{
		ActionImpl:       base("list", resource, namespace, ""),
		Kind:             kind,
		ListRestrictions: ListRestrictions{Labels: ls, Fields: fs},
		ListOptions:      opts,
	}
}

// ---- create ----

// NewRootCreateAction returns a create of the cluster-scoped object.
func NewRootCreateAction(resource schema.GroupVersionResource, object runtime.Object) CreateActionImpl {
	return NewCreateSubresourceActionWithOptions(resource, "", "", "", object, metav1.CreateOptions{})
}

// NewRootCreateActionWithOptions is NewRootCreateAction recording opts.
func NewRootCreateActionWithOptions(resource schema.GroupVersionResource, object runtime.Object, opts metav1.CreateOptions) CreateActionImpl {
	return NewCreateSubresourceActionWithOptions(resource, "", "", "", object, opts)
}

// NewCreateAction returns a create of object in namespace.
func NewCreateAction(resource schema.GroupVersionResource, namespace string, object runtime.Object) CreateActionImpl {
	return NewCreateSubresourceActionWithOptions(resource, "", "", namespace, object, metav1.CreateOptions{})
}

// NewCreateActionWithOptions is NewCreateAction recording opts.
func NewCreateActionWithOptions(resource schema.GroupVersionResource, namespace string, object runtime.Object, opts metav1.CreateOptions) CreateActionImpl {
	return NewCreateSubresourceActionWithOptions(resource, "", "", namespace, object, opts)
}

// NewRootCreateSubresourceAction returns a create of subresource of the
// cluster-scoped object name, with object as the body.
func NewRootCreateSubresourceAction(resource schema.GroupVersionResource, name, subresource string, object runtime.Object) CreateActionImpl {
	return NewCreateSubresourceActionWithOptions(resource, name, subresource, "", object, metav1.CreateOptions{})
}

// NewRootCreateSubresourceActionWithOptions is NewRootCreateSubresourceAction
// recording opts.
func NewRootCreateSubresourceActionWithOptions(resource schema.GroupVersionResource, name, subresource string, object runtime.Object, opts metav1.CreateOptions) CreateActionImpl {
	return NewCreateSubresourceActionWithOptions(resource, name, subresource, "", object, opts)
}

// NewCreateSubresourceAction returns a create of subresource of the object
// name in namespace (an eviction or a token request, for example).
func NewCreateSubresourceAction(resource schema.GroupVersionResource, name, subresource, namespace string, object runtime.Object) CreateActionImpl {
	return NewCreateSubresourceActionWithOptions(resource, name, subresource, namespace, object, metav1.CreateOptions{})
}

// NewCreateSubresourceActionWithOptions is NewCreateSubresourceAction
// recording opts.
func NewCreateSubresourceActionWithOptions(resource schema.GroupVersionResource, name, subresource, namespace string, object runtime.Object, opts metav1.CreateOptions) CreateActionImpl {
	return CreateActionImpl{
		ActionImpl:    base("create", resource, namespace, subresource),
		Name:          name,
		Object:        object,
		CreateOptions: opts,
	}
}

// ---- update ----

// NewRootUpdateAction returns an update of the cluster-scoped object.
func NewRootUpdateAction(resource schema.GroupVersionResource, object runtime.Object) UpdateActionImpl {
	return NewUpdateSubresourceActionWithOptions(resource, "", "", object, metav1.UpdateOptions{})
}

// NewRootUpdateActionWithOptions is NewRootUpdateAction recording opts.
func NewRootUpdateActionWithOptions(resource schema.GroupVersionResource, object runtime.Object, opts metav1.UpdateOptions) UpdateActionImpl {
	return NewUpdateSubresourceActionWithOptions(resource, "", "", object, opts)
}

// NewUpdateAction returns an update of object in namespace.
func NewUpdateAction(resource schema.GroupVersionResource, namespace string, object runtime.Object) UpdateActionImpl {
	return NewUpdateSubresourceActionWithOptions(resource, "", namespace, object, metav1.UpdateOptions{})
}

// NewUpdateActionWithOptions is NewUpdateAction recording opts.
func NewUpdateActionWithOptions(resource schema.GroupVersionResource, namespace string, object runtime.Object, opts metav1.UpdateOptions) UpdateActionImpl {
	return NewUpdateSubresourceActionWithOptions(resource, "", namespace, object, opts)
}

// NewRootUpdateSubresourceAction returns an update of subresource of the
// cluster-scoped object.
func NewRootUpdateSubresourceAction(resource schema.GroupVersionResource, subresource string, object runtime.Object) UpdateActionImpl {
	return NewUpdateSubresourceActionWithOptions(resource, subresource, "", object, metav1.UpdateOptions{})
}

// NewRootUpdateSubresourceActionWithOptions is NewRootUpdateSubresourceAction
// recording opts.
func NewRootUpdateSubresourceActionWithOptions(resource schema.GroupVersionResource, subresource string, object runtime.Object, opts metav1.UpdateOptions) UpdateActionImpl {
	return NewUpdateSubresourceActionWithOptions(resource, subresource, "", object, opts)
}

// NewUpdateSubresourceAction returns an update of subresource (such as
// "status") of object in namespace.
func NewUpdateSubresourceAction(resource schema.GroupVersionResource, subresource string, namespace string, object runtime.Object) UpdateActionImpl {
	return NewUpdateSubresourceActionWithOptions(resource, subresource, namespace, object, metav1.UpdateOptions{})
}

// NewUpdateSubresourceActionWithOptions is NewUpdateSubresourceAction
// recording opts.
func NewUpdateSubresourceActionWithOptions(resource schema.GroupVersionResource, subresource string, namespace string, object runtime.Object, opts metav1.UpdateOptions) UpdateActionImpl {
	return UpdateActionImpl{
		ActionImpl:    base("update", resource, namespace, subresource),
		Object:        object,
		UpdateOptions: opts,
	}
}

// ---- patch ----

// NewRootPatchAction returns a patch of the cluster-scoped object name.
func NewRootPatchAction(resource schema.GroupVersionResource, name string, pt types.PatchType, patch []byte) PatchActionImpl {
	return NewPatchSubresourceActionWithOptions(resource, "", name, pt, patch, metav1.PatchOptions{})
}

// NewRootPatchActionWithOptions is NewRootPatchAction recording opts.
func NewRootPatchActionWithOptions(resource schema.GroupVersionResource, name string, pt types.PatchType, patch []byte, opts metav1.PatchOptions) PatchActionImpl {
	return NewPatchSubresourceActionWithOptions(resource, "", name, pt, patch, opts)
}

// NewPatchAction returns a patch of the object name in namespace.
func NewPatchAction(resource schema.GroupVersionResource, namespace string, name string, pt types.PatchType, patch []byte) PatchActionImpl {
	return NewPatchSubresourceActionWithOptions(resource, namespace, name, pt, patch, metav1.PatchOptions{})
}

// NewPatchActionWithOptions is NewPatchAction recording opts.
func NewPatchActionWithOptions(resource schema.GroupVersionResource, namespace string, name string, pt types.PatchType, patch []byte, opts metav1.PatchOptions) PatchActionImpl {
	return NewPatchSubresourceActionWithOptions(resource, namespace, name, pt, patch, opts)
}

// NewRootPatchSubresourceAction returns a patch of a subresource of the
// cluster-scoped object name; the subresources are joined with "/".
func NewRootPatchSubresourceAction(resource schema.GroupVersionResource, name string, pt types.PatchType, patch []byte, subresources ...string) PatchActionImpl {
	return NewPatchSubresourceActionWithOptions(resource, "", name, pt, patch, metav1.PatchOptions{}, subresources...)
}

// NewRootPatchSubresourceActionWithOptions is NewRootPatchSubresourceAction
// recording opts.
func NewRootPatchSubresourceActionWithOptions(resource schema.GroupVersionResource, name string, pt types.PatchType, patch []byte, opts metav1.PatchOptions, subresources ...string) PatchActionImpl {
	return NewPatchSubresourceActionWithOptions(resource, "", name, pt, patch, opts, subresources...)
}

// NewPatchSubresourceAction returns a patch of a subresource of the object
// name in namespace; the subresources are joined with "/".
func NewPatchSubresourceAction(resource schema.GroupVersionResource, namespace, name string, pt types.PatchType, patch []byte, subresources ...string) PatchActionImpl {
	return NewPatchSubresourceActionWithOptions(resource, namespace, name, pt, patch, metav1.PatchOptions{}, subresources...)
}

// NewPatchSubresourceActionWithOptions is NewPatchSubresourceAction
// recording opts.
func NewPatchSubresourceActionWithOptions(resource schema.GroupVersionResource, namespace, name string, pt types.PatchType, patch []byte, opts metav1.PatchOptions, subresources ...string) PatchActionImpl {
	return PatchActionImpl{
		ActionImpl:   base("patch", resource, namespace, path.Join(subresources...)),
		Name:         name,
		PatchType:    pt,
		Patch:        patch,
		PatchOptions: opts,
	}
}

// ---- delete ----

// NewRootDeleteAction returns a delete of the cluster-scoped object name.
func NewRootDeleteAction(resource schema.GroupVersionResource, name string) DeleteActionImpl {
	return NewDeleteSubresourceActionWithOptions(resource, "", "", name, metav1.DeleteOptions{})
}

// NewRootDeleteActionWithOptions is NewRootDeleteAction recording opts.
func NewRootDeleteActionWithOptions(resource schema.GroupVersionResource, name string, opts metav1.DeleteOptions) DeleteActionImpl {
	return NewDeleteSubresourceActionWithOptions(resource, "", "", name, opts)
}

// NewRootDeleteSubresourceAction returns a delete of subresource of the
// cluster-scoped object name.
func NewRootDeleteSubresourceAction(resource schema.GroupVersionResource, subresource string, name string) DeleteActionImpl {
	return NewDeleteSubresourceActionWithOptions(resource, subresource, "", name, metav1.DeleteOptions{})
}

// NewRootDeleteSubresourceActionWithOptions is NewRootDeleteSubresourceAction
// recording opts.
func NewRootDeleteSubresourceActionWithOptions(resource schema.GroupVersionResource, subresource string, name string, opts metav1.DeleteOptions) DeleteActionImpl {
	return NewDeleteSubresourceActionWithOptions(resource, subresource, "", name, opts)
}

// NewDeleteAction returns a delete of the object name in namespace.
func NewDeleteAction(resource schema.GroupVersionResource, namespace, name string) DeleteActionImpl {
	return NewDeleteSubresourceActionWithOptions(resource, "", namespace, name, metav1.DeleteOptions{})
}

// NewDeleteActionWithOptions is NewDeleteAction recording opts.
func NewDeleteActionWithOptions(resource schema.GroupVersionResource, namespace, name string, opts metav1.DeleteOptions) DeleteActionImpl {
	return NewDeleteSubresourceActionWithOptions(resource, "", namespace, name, opts)
}

// NewDeleteSubresourceAction returns a delete of subresource of the object
// name in namespace.
func NewDeleteSubresourceAction(resource schema.GroupVersionResource, subresource, namespace, name string) DeleteActionImpl {
	return NewDeleteSubresourceActionWithOptions(resource, subresource, namespace, name, metav1.DeleteOptions{})
}

// NewDeleteSubresourceActionWithOptions is NewDeleteSubresourceAction
// recording opts.
func NewDeleteSubresourceActionWithOptions(resource schema.GroupVersionResource, subresource, namespace, name string, opts metav1.DeleteOptions) DeleteActionImpl {
	return DeleteActionImpl{
		ActionImpl:    base("delete", resource, namespace, subresource),
		Name:          name,
		DeleteOptions: opts,
	}
}

// ---- delete-collection ----

// NewRootDeleteCollectionAction returns a delete-collection of a
// cluster-scoped resource. opts should be a metav1.ListOptions; anything
// else is recorded as zero options (select everything).
func NewRootDeleteCollectionAction(resource schema.GroupVersionResource, opts interface{}) DeleteCollectionActionImpl {
	return NewDeleteCollectionActionWithOptions(resource, "", metav1.DeleteOptions{}, asListOptions(opts))
}

// NewRootDeleteCollectionActionWithOptions is NewRootDeleteCollectionAction
// recording the delete and list options.
func NewRootDeleteCollectionActionWithOptions(resource schema.GroupVersionResource, deleteOpts metav1.DeleteOptions, listOpts metav1.ListOptions) DeleteCollectionActionImpl {
	return NewDeleteCollectionActionWithOptions(resource, "", deleteOpts, listOpts)
}

// NewDeleteCollectionAction returns a delete-collection of resource in
// namespace. opts should be a metav1.ListOptions; anything else is recorded
// as zero options (select everything).
func NewDeleteCollectionAction(resource schema.GroupVersionResource, namespace string, opts interface{}) DeleteCollectionActionImpl {
	return NewDeleteCollectionActionWithOptions(resource, namespace, metav1.DeleteOptions{}, asListOptions(opts))
}

// NewDeleteCollectionActionWithOptions is NewDeleteCollectionAction
// recording the delete and list options.
func NewDeleteCollectionActionWithOptions(resource schema.GroupVersionResource, namespace string, deleteOpts metav1.DeleteOptions, listOpts metav1.ListOptions) DeleteCollectionActionImpl {
	ls, fs, _ := ExtractFromListOptions(listOpts)
	return DeleteCollectionActionImpl{
		ActionImpl:       base("delete-collection", resource, namespace, ""),
		ListRestrictions: ListRestrictions{Labels: ls, Fields: fs},
		DeleteOptions:    deleteOpts,
		ListOptions:      listOpts,
	}
}

// ---- watch ----

// NewRootWatchAction returns a watch of a cluster-scoped resource. opts
// should be a metav1.ListOptions; anything else is recorded as zero
// options.
func NewRootWatchAction(resource schema.GroupVersionResource, opts interface{}) WatchActionImpl {
	return NewWatchActionWithOptions(resource, "", asListOptions(opts))
}

// NewRootWatchActionWithOptions is NewRootWatchAction with typed options.
func NewRootWatchActionWithOptions(resource schema.GroupVersionResource, opts metav1.ListOptions) WatchActionImpl {
	return NewWatchActionWithOptions(resource, "", opts)
}

// NewWatchAction returns a watch of resource in namespace ("" for all
// namespaces). opts should be a metav1.ListOptions; anything else is
// recorded as zero options.
func NewWatchAction(resource schema.GroupVersionResource, namespace string, opts interface{}) WatchActionImpl {
	return NewWatchActionWithOptions(resource, namespace, asListOptions(opts))
}

// NewWatchActionWithOptions is NewWatchAction with typed options.
func NewWatchActionWithOptions(resource schema.GroupVersionResource, namespace string, opts metav1.ListOptions) WatchActionImpl {
	ls, fs, rv := ExtractFromListOptions(opts)
	return WatchActionImpl{
		ActionImpl:        base("watch", resource, namespace, ""),
		WatchRestrictions: WatchRestrictions{Labels: ls, Fields: fs, ResourceVersion: rv},
		ListOptions:       opts,
	}
}

// ---- proxy ----

// NewProxyGetAction returns a proxied get (verb "get") to port and path of
// the pod or service name in namespace. params is recorded as given.
func NewProxyGetAction(resource schema.GroupVersionResource, namespace, scheme, name, port, path string, params map[string]string) ProxyGetActionImpl {
	return ProxyGetActionImpl{
		ActionImpl: base("get", resource, namespace, ""),
		Scheme:     scheme,
		Name:       name,
		Port:       port,
		Path:       path,
		Params:     params,
	}
}
