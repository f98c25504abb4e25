package watchlist

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/features"
)

type gates map[features.Feature]bool

func (g gates) Enabled(f features.Feature) bool { return g[f] }

func withWatchListClient(t *testing.T, on bool) {
	t.Helper()
	orig := features.FeatureGates()
	features.ReplaceFeatureGates(gates{features.WatchListClient: on})
	t.Cleanup(func() { features.ReplaceFeatureGates(orig) })
}

func TestPrepareWatchListOptionsFromListOptions(t *testing.T) {
	yes := true
	streaming := func(o metav1.ListOptions) metav1.ListOptions {
		o.Watch, o.AllowWatchBookmarks, o.SendInitialEvents = true, true, &yes
		o.ResourceVersionMatch = metav1.ResourceVersionMatchNotOlderThan
		o.Limit = 0
		return o
	}
	tests := []struct {
		name    string
		in      metav1.ListOptions
		wantOK  bool
		wantErr bool
	}{
		{name: "empty options", in: metav1.ListOptions{}, wantOK: true},
		{name: "selectors kept", in: metav1.ListOptions{LabelSelector: "app=web", FieldSelector: "metadata.name=x"}, wantOK: true},
		{name: "limit with resourceVersion 0 is dropped", in: metav1.ListOptions{ResourceVersion: "0", Limit: 500}, wantOK: true},
		{name: "resourceVersion not older than", in: metav1.ListOptions{ResourceVersion: "15", ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan}, wantOK: true},
		{name: "paginated consistent list", in: metav1.ListOptions{Limit: 500}},
		{name: "exact resourceVersion", in: metav1.ListOptions{ResourceVersion: "15", ResourceVersionMatch: metav1.ResourceVersionMatchExact}},
		{name: "continue token", in: metav1.ListOptions{Continue: "abc"}},
		{name: "match without resourceVersion is invalid", in: metav1.ListOptions{ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan}},
		{name: "unparsable label selector", in: metav1.ListOptions{LabelSelector: "a in (b"}, wantErr: true},
	}
	withWatchListClient(t, true)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := PrepareWatchListOptionsFromListOptions(tt.in)
			if tt.wantErr {
				require.Error(t, err)
				assert.False(t, ok)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantOK, ok)
			if tt.wantOK {
				assert.Equal(t, streaming(tt.in), got)
			} else {
				assert.Equal(t, metav1.ListOptions{}, got)
			}
		})
	}
}

func TestPrepareWatchListOptionsGateOff(t *testing.T) {
	withWatchListClient(t, false)
	got, ok, err := PrepareWatchListOptionsFromListOptions(metav1.ListOptions{})
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Equal(t, metav1.ListOptions{}, got)
}

type support bool

func (s support) IsWatchListSemanticsUnSupported() bool { return !bool(s) }

func TestDoesClientNotSupportWatchListSemantics(t *testing.T) {
	tests := []struct {
		name   string
		client any
		want   bool
	}{
		{"nil", nil, false},
		{"no method", struct{}{}, false},
		{"says supported", support(true), false},
		{"says unsupported", support(false), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, DoesClientNotSupportWatchListSemantics(tt.client))
		})
	}
}
