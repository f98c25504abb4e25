package v1

import (
	"fmt"

	apibatchv1 "k8s.io/api/batch/v1"
	apicorev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/kclient/kclient/listers/internal/selection"
)

// JobListerExpansion adds selector lookups to JobLister.
type JobListerExpansion interface {
	GetPodJobs(pod *apicorev1.Pod) (jobs []apibatchv1.Job, err error)
}

// JobNamespaceListerExpansion is where hand-written methods of
// JobNamespaceLister go; it has none.
type JobNamespaceListerExpansion interface{}

// GetPodJobs returns the Jobs in the namespace of pod whose label
// selector matches pod's labels. Empty and invalid selectors match nothing. It fails when
// pod has no labels or no Job matches. The Jobs are copies of the cached objects.
func (l *jobLister) GetPodJobs(pod *apicorev1.Pod) (jobs []apibatchv1.Job, err error) {
	if len(pod.Labels) == 0 {
		return nil, fmt.Errorf("no Job can select pod %s/%s: it has no labels", pod.Namespace, pod.Name)
	}
	candidates, err := l.Jobs(pod.Namespace).List(labels.Everything())
	if err != nil {
		return nil, fmt.Errorf("listing Jobs in namespace %s: %w", pod.Namespace, err)
	}
	found := selection.Select(candidates, labels.Set(pod.Labels), selection.Rule[*apibatchv1.Job]{Selector: selection.LabelSelector(func(c *apibatchv1.Job) *metav1.LabelSelector { return c.Spec.Selector })})
	if len(found) == 0 {
		return nil, fmt.Errorf("no Job in namespace %s selects pod %s (labels %v)", pod.Namespace, pod.Name, pod.Labels)
	}
	jobs = make([]apibatchv1.Job, 0, len(found))
	for _, j := range found {
		jobs = append(jobs, *j)
	}
	return jobs, nil
}
