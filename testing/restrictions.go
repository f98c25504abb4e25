package testing

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
)

// ListRestrictions are the parsed selectors of a list or delete-collection
// call. Selectors built by this package are never nil; a zero value (nil
// selectors) is treated as "everything" wherever this package reads it.
type ListRestrictions struct {
	// Labels selects objects by label.
	Labels labels.Selector
	// Fields selects objects by field.
	Fields fields.Selector
}

// WatchRestrictions are the parsed selectors and starting resource version
// of a watch call.
type WatchRestrictions struct {
	// Labels selects objects by label.
	Labels labels.Selector
	// Fields selects objects by field.
	Fields fields.Selector
	// ResourceVersion is the version the watch starts after ("" for "now").
	ResourceVersion string
}

// deepCopy copies the selectors; nil ones stay nil.
func (r ListRestrictions) deepCopy() ListRestrictions {
	return ListRestrictions{Labels: copyLabels(r.Labels), Fields: copyFields(r.Fields)}
}

// deepCopy copies the selectors; nil ones stay nil.
func (r WatchRestrictions) deepCopy() WatchRestrictions {
	return WatchRestrictions{
		Labels:          copyLabels(r.Labels),
		Fields:          copyFields(r.Fields),
		ResourceVersion: r.ResourceVersion,
	}
}

func copyLabels(s labels.Selector) labels.Selector {
	if s == nil {
		return nil
	}
	return s.DeepCopySelector()
}

func copyFields(s fields.Selector) fields.Selector {
	if s == nil {
		return nil
	}
	return s.DeepCopySelector()
}

// ExtractFromListOptions parses the label and field selectors of opts and
// returns them with its resource version. opts should be a
// metav1.ListOptions (a non-nil *metav1.ListOptions is accepted too).
//
// The results are never nil. Where client-go panics this function does
// not: any other type of opts (including nil) yields selectors matching
// everything and an empty resource version, and a selector that does not
// parse yields a selector matching nothing, so a fake never returns objects
// the real server would have refused to select.
func ExtractFromListOptions(opts interface{}) (labelSelector labels.Selector, fieldSelector fields.Selector, resourceVersion string) {
	var lo metav1.ListOptions
	switch o := opts.(type) {
	case metav1.ListOptions:
		lo = o
	case *metav1.ListOptions:
		if o != nil {
			lo = *o
		}
	default:
		return labels.Everything(), fields.Everything(), ""
	}
	labelSelector, err := labels.Parse(lo.LabelSelector)
	if err != nil || labelSelector == nil {
		labelSelector = labels.Nothing()
	}
	fieldSelector, err = fields.ParseSelector(lo.FieldSelector)
	if err != nil || fieldSelector == nil {
		fieldSelector = fields.Nothing()
	}
	return labelSelector, fieldSelector, lo.ResourceVersion
}

// listOptionsOf returns the options recorded by the constructors that take
// an untyped opts: only the (normalised) selectors are kept. A selector that
// does not parse is recorded verbatim.
func listOptionsOf(opts interface{}) (metav1.ListOptions, labels.Selector, fields.Selector) {
	ls, fs, _ := ExtractFromListOptions(opts)
	var raw metav1.ListOptions
	switch o := opts.(type) {
	case metav1.ListOptions:
		raw = o
	case *metav1.ListOptions:
		if o != nil {
			raw = *o
		}
	}
	out := metav1.ListOptions{LabelSelector: ls.String(), FieldSelector: fs.String()}
	if _, err := labels.Parse(raw.LabelSelector); err != nil {
		out.LabelSelector = raw.LabelSelector
	}
	if _, err := fields.ParseSelector(raw.FieldSelector); err != nil {
		out.FieldSelector = raw.FieldSelector
	}
	return out, ls, fs
}
