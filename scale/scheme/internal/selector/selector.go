// Package selector converts between the selector forms of the versioned
// Scale statuses (a string, and for some versions also an equality-only
// label map) and the internal Scale's *metav1.LabelSelector. Every versioned
// conversion package under scale/scheme uses it, so the rules live in one place.
package selector

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Parse returns the internal selector for a versioned status. The string form
// (which can express any selector) wins; otherwise a non-nil label map becomes
// a MatchLabels selector holding a copy of it; with neither, the result is nil.
// The error comes from parsing the string, unwrapped, for the caller to wrap.
func Parse(target string, matchLabels map[string]string) (*metav1.LabelSelector, error) {
	switch {
	case target != "":
		return metav1.ParseToLabelSelector(target)
	case matchLabels != nil:
		labels := make(map[string]string, len(matchLabels))
		for k, v := range matchLabels {
			labels[k] = v
		}
		return &metav1.LabelSelector{MatchLabels: labels}, nil
	}
	return nil, nil
}

// Render returns both versioned forms of sel: the label map, set only when sel
// has no match expressions (it is sel's own MatchLabels map, not a copy), and
// the string form. A nil sel gives a nil map and an empty string. The error
// comes from an invalid selector, unwrapped, for the caller to wrap.
func Render(sel *metav1.LabelSelector) (matchLabels map[string]string, target string, err error) {
	if sel == nil {
		return nil, "", nil
	}
	if len(sel.MatchExpressions) == 0 {
		matchLabels = sel.MatchLabels
	}
	parsed, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		return nil, "", err
	}
	return matchLabels, parsed.String(), nil
}
