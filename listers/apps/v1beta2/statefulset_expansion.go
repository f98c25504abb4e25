package v1beta2

import (
	"fmt"

	apiappsv1beta2 "k8s.io/api/apps/v1beta2"
	apicorev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/kclient/kclient/listers/internal/selection"
)

// StatefulSetListerExpansion adds selector lookups to StatefulSetLister.
type StatefulSetListerExpansion interface {
	GetPodStatefulSets(pod *apicorev1.Pod) ([]*apiappsv1beta2.StatefulSet, error)
}

// StatefulSetNamespaceListerExpansion is where hand-written methods of
// StatefulSetNamespaceLister go; it has none.
type StatefulSetNamespaceListerExpansion interface{}

// GetPodStatefulSets returns the StatefulSets in the namespace of pod whose label
// selector matches pod's labels. Empty and invalid selectors match nothing. It fails when
// pod has no labels or no StatefulSet matches. The results are shared cache objects:
// do not modify them.
func (l *statefulSetLister) GetPodStatefulSets(pod *apicorev1.Pod) ([]*apiappsv1beta2.StatefulSet, error) {
	if len(pod.Labels) == 0 {
		return nil, fmt.Errorf("no StatefulSet can select pod %s/%s: it has no labels", pod.Namespace, pod.Name)
	}
	candidates, err := l.StatefulSets(pod.Namespace).List(labels.Everything())
	if err != nil {
		return nil, fmt.Errorf("listing StatefulSets in namespace %s: %w", pod.Namespace, err)
	}
	found := selection.Select(candidates, labels.Set(pod.Labels), selection.Rule[*apiappsv1beta2.StatefulSet]{Selector: selection.LabelSelector(func(c *apiappsv1beta2.StatefulSet) *metav1.LabelSelector { return c.Spec.Selector })})
	if len(found) == 0 {
		return nil, fmt.Errorf("no StatefulSet in namespace %s selects pod %s (labels %v)", pod.Namespace, pod.Name, pod.Labels)
	}
	return found, nil
}
