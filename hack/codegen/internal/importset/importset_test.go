package importset_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kclient/kclient/hack/codegen/internal/importset"
)

func TestSet(t *testing.T) {
	tests := []struct {
		name  string
		add   [][2]string // path, alias
		drop  []string
		want  string
		names []string
	}{
		{
			name:  "standard library first, aliases kept only when they differ",
			add:   [][2]string{{"k8s.io/api/core/v1", "corev1"}, {"context", ""}, {"example.com/x/rest", "rest"}, {"net/http", ""}},
			want:  "import (\n\t\"context\"\n\t\"net/http\"\n\n\t\"example.com/x/rest\"\n\tcorev1 \"k8s.io/api/core/v1\"\n)\n",
			names: []string{"corev1", "context", "rest", "http"},
		},
		{
			name:  "only third-party",
			add:   [][2]string{{"k8s.io/apimachinery/pkg/watch", ""}},
			want:  "import (\n\t\"k8s.io/apimachinery/pkg/watch\"\n)\n",
			names: []string{"watch"},
		},
		{
			name:  "removed imports disappear",
			add:   [][2]string{{"context", ""}, {"fmt", ""}},
			drop:  []string{"context"},
			want:  "import (\n\t\"fmt\"\n)\n",
			names: []string{"context", "fmt"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := importset.New()
			var names []string
			for _, a := range tt.add {
				names = append(names, s.Add(a[0], a[1]))
			}
			for _, p := range tt.drop {
				s.Remove(p)
			}
			assert.Equal(t, tt.names, names)
			assert.Equal(t, len(tt.add)-len(tt.drop), s.Len())
			assert.Equal(t, tt.want, s.Render())
		})
	}
}
