package selection

import (
	"testing"

	"github.com/stretchr/testify/assert"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

type owner struct {
	name string
	sel  *metav1.LabelSelector
}

func TestSelect(t *testing.T) {
	all := []owner{
		{"web", &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}},
		{"db", &metav1.LabelSelector{MatchLabels: map[string]string{"app": "db"}}},
		{"empty", &metav1.LabelSelector{}},
		{"nil", nil},
		{"broken", &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "app", Operator: "Bogus"}}}},
	}
	names := func(os []owner) []string {
		var n []string
		for _, o := range os {
			n = append(n, o.name)
		}
		return n
	}
	field := LabelSelector(func(o owner) *metav1.LabelSelector { return o.sel })
	tests := []struct {
		name     string
		set      labels.Set
		matchAll bool
		want     []string
	}{
		{"exact match only", labels.Set{"app": "web"}, false, []string{"web"}},
		{"empty selectors match all when allowed, nil ones nothing", labels.Set{"app": "web"}, true, []string{"web", "empty"}},
		{"no match", labels.Set{"app": "cache"}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Select(all, tt.set, Rule[owner]{Selector: field, EmptyMatchesAll: tt.matchAll})
			assert.Equal(t, tt.want, names(got))
		})
	}
}

func TestMapSelector(t *testing.T) {
	sel := MapSelector(func(m map[string]string) map[string]string { return m })
	got := Select([]map[string]string{{"a": "1"}, {}, {"a": "2"}}, labels.Set{"a": "1", "b": "x"},
		Rule[map[string]string]{Selector: sel})
	assert.Equal(t, []map[string]string{{"a": "1"}}, got)
}
