// Package fakeresource holds what the generic fake clients (dynamic/fake and
// metadata/fake) share: an object tracker wired into a testing.Fake as its
// reactors, and the testing.Action each verb of a resource client records,
// chosen by whether the client is namespaced and addresses a subresource.
//
// The clients differ only in the object type they hand out and in how they
// turn the tracker's answers into it; that part stays with them.
package fakeresource

import (
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/testing"
)

// NewTracker returns a tracker for scheme holding objects, and makes it
// answer every action and watch recorded by f. It panics if an object cannot
// be added, as the fake clients' constructors do.
func NewTracker(f *testing.Fake, scheme *runtime.Scheme, objects ...runtime.Object) testing.ObjectTracker {
	tracker := testing.NewObjectTracker(scheme, serializer.NewCodecFactory(scheme).UniversalDecoder())
	for _, obj := range objects {
		if err := tracker.Add(obj); err != nil {
			panic(err)
		}
	}
	f.AddReactor("*", "*", testing.ObjectReaction(tracker))
	f.AddWatchReactor("*", func(action testing.Action) (bool, watch.Interface, error) {
		var opts metav1.ListOptions
		if wa, ok := action.(testing.WatchActionImpl); ok {
			opts = wa.ListOptions
		}
		w, err := tracker.Watch(action.GetResource(), action.GetNamespace(), opts)
		if err != nil {
			return false, nil, err
		}
		return true, w, nil
	})
	return tracker
}

// Selector returns the label selector of opts, or one that matches
// everything when opts has none.
func Selector(opts metav1.ListOptions) labels.Selector {
	selector, _, _ := testing.ExtractFromListOptions(opts)
	if selector == nil {
		return labels.Everything()
	}
	return selector
}

// Scope is where a resource client acts: a resource, in a namespace or, with
// Namespace empty, at the cluster level. Its methods build the action each
// verb records; subresources are joined with "/" into one.
type Scope struct {
	Resource  schema.GroupVersionResource
	Namespace string
}

// root reports whether s is cluster-level.
func (s Scope) root() bool { return s.Namespace == "" }

// subresource joins the path segments of a subresource.
func subresource(subresources []string) string { return strings.Join(subresources, "/") }

// Create returns the action of creating obj, whose name is name.
func (s Scope) Create(name string, obj runtime.Object, opts metav1.CreateOptions, subresources []string) testing.Action {
	sub := subresource(subresources)
	switch {
	case s.root() && sub == "":
		return testing.NewRootCreateActionWithOptions(s.Resource, obj, opts)
	case s.root():
		return testing.NewRootCreateSubresourceActionWithOptions(s.Resource, name, sub, obj, opts)
	case sub == "":
		return testing.NewCreateActionWithOptions(s.Resource, s.Namespace, obj, opts)
	default:
		return testing.NewCreateSubresourceActionWithOptions(s.Resource, name, sub, s.Namespace, obj, opts)
	}
}

// Update returns the action of replacing obj.
func (s Scope) Update(obj runtime.Object, opts metav1.UpdateOptions, subresources []string) testing.Action {
	sub := subresource(subresources)
	switch {
	case s.root() && sub == "":
		return testing.NewRootUpdateActionWithOptions(s.Resource, obj, opts)
	case s.root():
		return testing.NewRootUpdateSubresourceActionWithOptions(s.Resource, sub, obj, opts)
	case sub == "":
		return testing.NewUpdateActionWithOptions(s.Resource, s.Namespace, obj, opts)
	default:
		return testing.NewUpdateSubresourceActionWithOptions(s.Resource, sub, s.Namespace, obj, opts)
	}
}

// Delete returns the action of deleting the named object.
func (s Scope) Delete(name string, opts metav1.DeleteOptions, subresources []string) testing.Action {
	sub := subresource(subresources)
	switch {
	case s.root() && sub == "":
		return testing.NewRootDeleteActionWithOptions(s.Resource, name, opts)
	case s.root():
		return testing.NewRootDeleteSubresourceActionWithOptions(s.Resource, sub, name, opts)
	case sub == "":
		return testing.NewDeleteActionWithOptions(s.Resource, s.Namespace, name, opts)
	default:
		return testing.NewDeleteSubresourceActionWithOptions(s.Resource, sub, s.Namespace, name, opts)
	}
}

// DeleteCollection returns the action of deleting the objects listOpts selects.
func (s Scope) DeleteCollection(opts metav1.DeleteOptions, listOpts metav1.ListOptions) testing.Action {
	if s.root() {
		return testing.NewRootDeleteCollectionActionWithOptions(s.Resource, opts, listOpts)
	}
	return testing.NewDeleteCollectionActionWithOptions(s.Resource, s.Namespace, opts, listOpts)
}

// Get returns the action of reading the named object.
func (s Scope) Get(name string, opts metav1.GetOptions, subresources []string) testing.Action {
	sub := subresource(subresources)
	switch {
	case s.root() && sub == "":
		return testing.NewRootGetActionWithOptions(s.Resource, name, opts)
	case s.root():
		return testing.NewRootGetSubresourceActionWithOptions(s.Resource, sub, name, opts)
	case sub == "":
		return testing.NewGetActionWithOptions(s.Resource, s.Namespace, name, opts)
	default:
		return testing.NewGetSubresourceActionWithOptions(s.Resource, s.Namespace, sub, name, opts)
	}
}

// List returns the action of listing. The tracker answers it with a list of
// kind itemGVK.Kind+"List" in itemGVK's group-version.
func (s Scope) List(itemGVK schema.GroupVersionKind, opts metav1.ListOptions) testing.Action {
	if s.root() {
		return testing.NewRootListActionWithOptions(s.Resource, itemGVK, opts)
	}
	return testing.NewListActionWithOptions(s.Resource, itemGVK, s.Namespace, opts)
}

// Watch returns the action of watching.
func (s Scope) Watch(opts metav1.ListOptions) testing.Action {
	if s.root() {
		return testing.NewRootWatchActionWithOptions(s.Resource, opts)
	}
	return testing.NewWatchActionWithOptions(s.Resource, s.Namespace, opts)
}

// Patch returns the action of patching the named object with data.
func (s Scope) Patch(name string, pt types.PatchType, data []byte, opts metav1.PatchOptions, subresources []string) testing.Action {
	switch {
	case s.root() && len(subresources) == 0:
		return testing.NewRootPatchActionWithOptions(s.Resource, name, pt, data, opts)
	case s.root():
		return testing.NewRootPatchSubresourceActionWithOptions(s.Resource, name, pt, data, opts, subresources...)
	case len(subresources) == 0:
		return testing.NewPatchActionWithOptions(s.Resource, s.Namespace, name, pt, data, opts)
	default:
		return testing.NewPatchSubresourceActionWithOptions(s.Resource, s.Namespace, name, pt, data, opts, subresources...)
	}
}
