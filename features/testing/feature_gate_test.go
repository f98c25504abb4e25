package testing

import (
	"testing"

	"github.com/stretchr/testify/assert"

	clientfeatures "github.com/kclient/kclient/features"
)

func TestSetFeatureDuringTest(t *testing.T) {
	gates := clientfeatures.FeatureGates
	assert.False(t, gates().Enabled(clientfeatures.ClientsAllowCBOR))
	t.Run("override", func(t *testing.T) {
		SetFeatureDuringTest(t, clientfeatures.ClientsAllowCBOR, true)
		SetFeatureDuringTest(t, clientfeatures.WatchListClient, false)
		assert.True(t, gates().Enabled(clientfeatures.ClientsAllowCBOR))
		assert.False(t, gates().Enabled(clientfeatures.WatchListClient))
		assert.True(t, gates().Enabled(clientfeatures.InformerResourceVersion), "other features keep their state")
	})
	assert.False(t, gates().Enabled(clientfeatures.ClientsAllowCBOR), "restored after the subtest")
	assert.True(t, gates().Enabled(clientfeatures.WatchListClient))
}
