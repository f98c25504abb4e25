package features

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaults(t *testing.T) {
	g := newEnvVarGates(latestSpecs(defaultVersionedFeatureGates))
	for feature, want := range map[Feature]bool{
		WatchListClient:         true,
		ClientsAllowCBOR:        false,
		ClientsPreferCBOR:       false,
		InformerResourceVersion: true,
		InOrderInformers:        true,
		AtomicFIFO:              true,
	} {
		assert.Equal(t, want, g.Enabled(feature), feature)
	}
	assert.False(t, g.Enabled("NoSuchFeature"), "unknown features are off, not a panic")
	assert.Len(t, latestSpecs(defaultVersionedFeatureGates), 10)
}

func TestEnvVarOverrides(t *testing.T) {
	tests := []struct {
		name    string
		feature Feature
		value   string
		want    bool
	}{
		{"enable an alpha feature", ClientsAllowCBOR, "true", true},
		{"disable a beta feature", WatchListClient, "false", false},
		{"garbage is ignored", WatchListClient, "maybe", true},
		{"locked features keep their default", InOrderInformers, "false", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(envVarPrefix+string(tt.feature), tt.value)
			g := newEnvVarGates(latestSpecs(defaultVersionedFeatureGates))
			assert.Equal(t, tt.want, g.Enabled(tt.feature))
		})
	}
}

type fakeRegistry struct {
	added     map[Feature]FeatureSpec
	versioned map[Feature]VersionedSpecs
	err       error
}

func (r *fakeRegistry) Add(m map[Feature]FeatureSpec) error { r.added = m; return r.err }
func (r *fakeRegistry) AddVersioned(m map[Feature]VersionedSpecs) error {
	r.versioned = m
	return r.err
}
func (r *fakeRegistry) Enabled(key Feature) bool { return key == "Custom" }

func TestRegistryAndReplace(t *testing.T) {
	r := &fakeRegistry{}
	require.NoError(t, AddFeaturesToExistingFeatureGates(r))
	assert.Equal(t, FeatureSpec{Default: true, PreRelease: Beta}, r.added[WatchListClient], "latest spec without version")
	require.NoError(t, AddVersionedFeaturesToExistingFeatureGates(r))
	require.Len(t, r.versioned[WatchListClient], 2)
	assert.Equal(t, "1.35", r.versioned[WatchListClient][1].Version.String())

	r.err = errors.New("boom")
	assert.EqualError(t, AddFeaturesToExistingFeatureGates(r), "boom")

	old := FeatureGates()
	t.Cleanup(func() { ReplaceFeatureGates(old) })
	ReplaceFeatureGates(r)
	assert.True(t, FeatureGates().Enabled("Custom"))
	assert.False(t, FeatureGates().Enabled(WatchListClient))
}
