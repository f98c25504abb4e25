package v1

import (
	"fmt"

	apicorev1 "k8s.io/api/core/v1"

	"k8s.io/apimachinery/pkg/labels"

	"github.com/kclient/kclient/listers/internal/selection"
)

// ReplicationControllerListerExpansion adds selector lookups to ReplicationControllerLister.
type ReplicationControllerListerExpansion interface {
	GetPodControllers(pod *apicorev1.Pod) ([]*apicorev1.ReplicationController, error)
}

// ReplicationControllerNamespaceListerExpansion is where hand-written methods of
// ReplicationControllerNamespaceLister go; it has none.
type ReplicationControllerNamespaceListerExpansion interface{}

// GetPodControllers returns the ReplicationControllers in the namespace of pod whose label
// selector matches pod's labels. Empty and invalid selectors match nothing. It fails when
// pod has no labels or no ReplicationController matches. The results are shared cache objects:
// do not modify them.
func (l *replicationControllerLister) GetPodControllers(pod *apicorev1.Pod) ([]*apicorev1.ReplicationController, error) {
	if len(pod.Labels) == 0 {
		return nil, fmt.Errorf("no ReplicationController can select pod %s/%s: it has no labels", pod.Namespace, pod.Name)
	}
	candidates, err := l.ReplicationControllers(pod.Namespace).List(labels.Everything())
	if err != nil {
		return nil, fmt.Errorf("listing ReplicationControllers in namespace %s: %w", pod.Namespace, err)
	}
	found := selection.Select(candidates, labels.Set(pod.Labels), selection.Rule[*apicorev1.ReplicationController]{Selector: selection.MapSelector(func(c *apicorev1.ReplicationController) map[string]string { return c.Spec.Selector })})
	if len(found) == 0 {
		return nil, fmt.Errorf("no ReplicationController in namespace %s selects pod %s (labels %v)", pod.Namespace, pod.Name, pod.Labels)
	}
	return found, nil
}
