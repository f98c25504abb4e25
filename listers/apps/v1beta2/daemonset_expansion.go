package v1beta2

import (
	"fmt"

	apiappsv1beta2 "k8s.io/api/apps/v1beta2"
	apicorev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/kclient/kclient/listers/internal/selection"
)

// DaemonSetListerExpansion adds selector lookups to DaemonSetLister.
type DaemonSetListerExpansion interface {
	GetPodDaemonSets(pod *apicorev1.Pod) ([]*apiappsv1beta2.DaemonSet, error)
	GetHistoryDaemonSets(history *apiappsv1beta2.ControllerRevision) ([]*apiappsv1beta2.DaemonSet, error)
}

// DaemonSetNamespaceListerExpansion is where hand-written methods of
// DaemonSetNamespaceLister go; it has none.
type DaemonSetNamespaceListerExpansion interface{}

// GetPodDaemonSets returns the DaemonSets in the namespace of pod whose label
// selector matches pod's labels. Empty and invalid selectors match nothing. It fails when
// pod has no labels or no DaemonSet matches. The results are shared cache objects:
// do not modify them.
func (l *daemonSetLister) GetPodDaemonSets(pod *apicorev1.Pod) ([]*apiappsv1beta2.DaemonSet, error) {
	if len(pod.Labels) == 0 {
		return nil, fmt.Errorf("no DaemonSet can select pod %s/%s: it has no labels", pod.Namespace, pod.Name)
	}
	candidates, err := l.DaemonSets(pod.Namespace).List(labels.Everything())
	if err != nil {
		return nil, fmt.Errorf("listing DaemonSets in namespace %s: %w", pod.Namespace, err)
	}
	found := selection.Select(candidates, labels.Set(pod.Labels), selection.Rule[*apiappsv1beta2.DaemonSet]{Selector: selection.LabelSelector(func(c *apiappsv1beta2.DaemonSet) *metav1.LabelSelector { return c.Spec.Selector })})
	if len(found) == 0 {
		return nil, fmt.Errorf("no DaemonSet in namespace %s selects pod %s (labels %v)", pod.Namespace, pod.Name, pod.Labels)
	}
	return found, nil
}

// GetHistoryDaemonSets returns the DaemonSets in the namespace of history whose label
// selector matches history's labels. Empty and invalid selectors match nothing. It fails when
// history has no labels or no DaemonSet matches. The results are shared cache objects:
// do not modify them.
func (l *daemonSetLister) GetHistoryDaemonSets(history *apiappsv1beta2.ControllerRevision) ([]*apiappsv1beta2.DaemonSet, error) {
	if len(history.Labels) == 0 {
		return nil, fmt.Errorf("no DaemonSet can select ControllerRevision %s/%s: it has no labels", history.Namespace, history.Name)
	}
	candidates, err := l.DaemonSets(history.Namespace).List(labels.Everything())
	if err != nil {
		return nil, fmt.Errorf("listing DaemonSets in namespace %s: %w", history.Namespace, err)
	}
	found := selection.Select(candidates, labels.Set(history.Labels), selection.Rule[*apiappsv1beta2.DaemonSet]{Selector: selection.LabelSelector(func(c *apiappsv1beta2.DaemonSet) *metav1.LabelSelector { return c.Spec.Selector })})
	if len(found) == 0 {
		return nil, fmt.Errorf("no DaemonSet in namespace %s selects ControllerRevision %s (labels %v)", history.Namespace, history.Name, history.Labels)
	}
	return found, nil
}
