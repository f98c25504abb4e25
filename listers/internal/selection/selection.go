// Package selection implements the "which controllers select this object"
// lookups behind the hand-written lister expansions (GetPodReplicaSets and
// friends).
package selection

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// Rule says how a selector is read from a candidate and what an empty one
// means.
type Rule[T any] struct {
	// Selector returns the candidate's selector. Candidates whose selector
	// cannot be parsed never match.
	Selector func(T) (labels.Selector, error)
	// EmptyMatchesAll makes an empty selector match every object; otherwise
	// an empty selector matches nothing.
	EmptyMatchesAll bool
}

// Select returns the candidates whose selector matches set, in order.
func Select[T any](candidates []T, set labels.Set, rule Rule[T]) []T {
	var out []T
	for _, c := range candidates {
		sel, err := rule.Selector(c)
		if err != nil {
			continue
		}
		if sel.Empty() && !rule.EmptyMatchesAll {
			continue
		}
		if sel.Matches(set) {
			out = append(out, c)
		}
	}
	return out
}

// LabelSelector adapts a metav1.LabelSelector field for Rule.Selector. A nil
// selector matches nothing, as metav1.LabelSelectorAsSelector decides.
func LabelSelector[T any](field func(T) *metav1.LabelSelector) func(T) (labels.Selector, error) {
	return func(t T) (labels.Selector, error) {
		return metav1.LabelSelectorAsSelector(field(t))
	}
}

// MapSelector adapts an equality-based map selector (as on
// ReplicationController) for Rule.Selector.
func MapSelector[T any](field func(T) map[string]string) func(T) (labels.Selector, error) {
	return func(t T) (labels.Selector, error) {
		return labels.SelectorFromSet(field(t)), nil
	}
}
