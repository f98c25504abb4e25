// Package watchlist helps clients use streaming lists: a watch with
// sendInitialEvents=true that delivers the current state as ADDED events,
// ends it with a bookmark, and then keeps watching
// (https://kubernetes.io/docs/reference/using-api/api-concepts/#streaming-lists).
package watchlist

import (
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	"k8s.io/apimachinery/pkg/apis/meta/internalversion/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/features"
)

// PrepareWatchListOptionsFromListOptions turns the options of a LIST into
// those of an equivalent streaming watch-list request. The boolean is false
// (with zero options and no error) when no equivalent request exists: the
// WatchListClient feature gate is off, the options are invalid, they ask for
// a page of a consistent list (Limit with a resourceVersion other than "0"),
// or for an exact resourceVersion. An error means the selectors in
// listOptions could not be parsed.
//
// The returned options have Watch, AllowWatchBookmarks and SendInitialEvents
// set, Limit cleared and ResourceVersionMatch=NotOlderThan.
func PrepareWatchListOptionsFromListOptions(listOptions metav1.ListOptions) (metav1.ListOptions, bool, error) {
	if !features.FeatureGates().Enabled(features.WatchListClient) {
		return metav1.ListOptions{}, false, nil
	}
	if ok, err := validListOptions(listOptions); !ok || err != nil {
		return metav1.ListOptions{}, false, err
	}
	if listOptions.Limit > 0 && listOptions.ResourceVersion != "0" {
		return metav1.ListOptions{}, false, nil
	}
	if listOptions.ResourceVersionMatch == metav1.ResourceVersionMatchExact {
		return metav1.ListOptions{}, false, nil
	}

	out := listOptions
	out.Limit = 0
	out.ResourceVersionMatch = metav1.ResourceVersionMatchNotOlderThan
	out.Watch = true
	out.AllowWatchBookmarks = true
	sendInitialEvents := true
	out.SendInitialEvents = &sendInitialEvents
	if ok, err := validListOptions(out); !ok || err != nil {
		return metav1.ListOptions{}, false, err
	}
	return out, true, nil
}

// validListOptions applies the apiserver's own validation of list and watch
// options; err reports selectors that do not parse.
func validListOptions(opts metav1.ListOptions) (bool, error) {
	var internal metainternalversion.ListOptions
	if err := metainternalversion.Convert_v1_ListOptions_To_internalversion_ListOptions(&opts, &internal, nil); err != nil {
		return false, err
	}
	return len(validation.ValidateListOptions(&internal, true)) == 0, nil
}

// DoesClientNotSupportWatchListSemantics reports whether client says it
// cannot serve watch-list requests, by having an
// IsWatchListSemanticsUnSupported method that returns true. Any other client,
// including nil, is assumed to support them.
func DoesClientNotSupportWatchListSemantics(client any) bool {
	c, ok := client.(interface{ IsWatchListSemanticsUnSupported() bool })
	return ok && c.IsWatchListSemanticsUnSupported()
}
