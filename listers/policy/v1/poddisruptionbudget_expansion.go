package v1

import (
	"fmt"

	apicorev1 "k8s.io/api/core/v1"
	apipolicyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/kclient/kclient/listers/internal/selection"
)

// PodDisruptionBudgetListerExpansion adds selector lookups to PodDisruptionBudgetLister.
type PodDisruptionBudgetListerExpansion interface {
	GetPodPodDisruptionBudgets(pod *apicorev1.Pod) ([]*apipolicyv1.PodDisruptionBudget, error)
}

// PodDisruptionBudgetNamespaceListerExpansion is where hand-written methods of
// PodDisruptionBudgetNamespaceLister go; it has none.
type PodDisruptionBudgetNamespaceListerExpansion interface{}

// GetPodPodDisruptionBudgets returns the PodDisruptionBudgets in the namespace of pod whose label
// selector matches pod's labels. A PodDisruptionBudget with an empty selector
// matches every pod. It fails when
// no PodDisruptionBudget matches. The results are shared cache objects:
// do not modify them.
func (l *podDisruptionBudgetLister) GetPodPodDisruptionBudgets(pod *apicorev1.Pod) ([]*apipolicyv1.PodDisruptionBudget, error) {
	candidates, err := l.PodDisruptionBudgets(pod.Namespace).List(labels.Everything())
	if err != nil {
		return nil, fmt.Errorf("listing PodDisruptionBudgets in namespace %s: %w", pod.Namespace, err)
	}
	found := selection.Select(candidates, labels.Set(pod.Labels), selection.Rule[*apipolicyv1.PodDisruptionBudget]{Selector: selection.LabelSelector(func(c *apipolicyv1.PodDisruptionBudget) *metav1.LabelSelector { return c.Spec.Selector }), EmptyMatchesAll: true})
	if len(found) == 0 {
		return nil, fmt.Errorf("no PodDisruptionBudget in namespace %s selects pod %s (labels %v)", pod.Namespace, pod.Name, pod.Labels)
	}
	return found, nil
}
