package v1beta1

import (
	"fmt"

	apicorev1 "k8s.io/api/core/v1"
	apiextensionsv1beta1 "k8s.io/api/extensions/v1beta1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/kclient/kclient/listers/internal/selection"
)

// ReplicaSetListerExpansion adds selector lookups to ReplicaSetLister.
type ReplicaSetListerExpansion interface {
	GetPodReplicaSets(pod *apicorev1.Pod) ([]*apiextensionsv1beta1.ReplicaSet, error)
}

// ReplicaSetNamespaceListerExpansion is where hand-written methods of
// ReplicaSetNamespaceLister go; it has none.
type ReplicaSetNamespaceListerExpansion interface{}

// GetPodReplicaSets returns the ReplicaSets in the namespace of pod whose label
// selector matches pod's labels. Empty and invalid selectors match nothing. It fails when
// pod has no labels or no ReplicaSet matches. The results are shared cache objects:
// do not modify them.
func (l *replicaSetLister) GetPodReplicaSets(pod *apicorev1.Pod) ([]*apiextensionsv1beta1.ReplicaSet, error) {
	if len(pod.Labels) == 0 {
		return nil, fmt.Errorf("no ReplicaSet can select pod %s/%s: it has no labels", pod.Namespace, pod.Name)
	}
	candidates, err := l.ReplicaSets(pod.Namespace).List(labels.Everything())
	if err != nil {
		return nil, fmt.Errorf("listing ReplicaSets in namespace %s: %w", pod.Namespace, err)
	}
	found := selection.Select(candidates, labels.Set(pod.Labels), selection.Rule[*apiextensionsv1beta1.ReplicaSet]{Selector: selection.LabelSelector(func(c *apiextensionsv1beta1.ReplicaSet) *metav1.LabelSelector { return c.Spec.Selector })})
	if len(found) == 0 {
		return nil, fmt.Errorf("no ReplicaSet in namespace %s selects pod %s (labels %v)", pod.Namespace, pod.Name, pod.Labels)
	}
	return found, nil
}
