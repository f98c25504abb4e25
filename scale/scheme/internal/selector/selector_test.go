package selector

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name        string
		target      string
		matchLabels map[string]string
		want        *metav1.LabelSelector
		wantErr     bool
	}{
		{name: "neither", want: nil},
		{name: "map only", matchLabels: map[string]string{"app": "web"}, want: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}},
		{name: "string wins over map", target: "tier=db", matchLabels: map[string]string{"app": "web"}, want: &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "db"}, MatchExpressions: []metav1.LabelSelectorRequirement{}}},
		{name: "set-based string", target: "env in (a,b)", want: &metav1.LabelSelector{MatchLabels: map[string]string{}, MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "env", Operator: metav1.LabelSelectorOpIn, Values: []string{"a", "b"}}}}},
		{name: "bad string", target: "a in (", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.target, tt.matchLabels)
			if tt.wantErr {
				require.Error(t, err)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}

	in := map[string]string{"app": "web"}
	got, err := Parse("", in)
	require.NoError(t, err)
	got.MatchLabels["app"] = "changed"
	assert.Equal(t, "web", in["app"], "Parse must copy the label map")
}

func TestRender(t *testing.T) {
	tests := []struct {
		name       string
		sel        *metav1.LabelSelector
		wantLabels map[string]string
		wantTarget string
		wantErr    bool
	}{
		{name: "nil"},
		{name: "labels only", sel: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}, wantLabels: map[string]string{"app": "web"}, wantTarget: "app=web"},
		{name: "expressions drop the map", sel: &metav1.LabelSelector{
			MatchLabels:      map[string]string{"app": "web"},
			MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "env", Operator: metav1.LabelSelectorOpExists}},
		}, wantTarget: "app=web,env"},
		{name: "invalid operator", sel: &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "env", Operator: "Nope"}}}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			labels, target, err := Render(tt.sel)
			if tt.wantErr {
				require.Error(t, err)
				assert.Nil(t, labels)
				assert.Empty(t, target)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantLabels, labels)
			assert.Equal(t, tt.wantTarget, target)
		})
	}
}
