package record

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	clocktesting "k8s.io/utils/clock/testing"
)

func testEvent(reason, message string) *v1.Event {
	now := metav1.Now()
	return &v1.Event{
		ObjectMeta:     metav1.ObjectMeta{Name: "pod.1", Namespace: "ns"},
		InvolvedObject: v1.ObjectReference{Kind: "Pod", APIVersion: "v1", Namespace: "ns", Name: "pod", UID: "uid"},
		Type:           v1.EventTypeNormal,
		Reason:         reason,
		Message:        message,
		Source:         v1.EventSource{Component: "test", Host: "h"},
		Count:          1,
		FirstTimestamp: now,
		LastTimestamp:  now,
	}
}

func TestCorrelatorCountsExactRepeats(t *testing.T) {
	clk := clocktesting.NewFakeClock(time.Now())
	c := NewEventCorrelator(clk)

	first, err := c.EventCorrelate(testEvent("Pulled", "pulled image"))
	require.NoError(t, err)
	require.False(t, first.Skip)
	assert.Nil(t, first.Patch, "first occurrence is created, not patched")
	assert.EqualValues(t, 1, first.Event.Count)

	stored := first.Event.DeepCopy()
	stored.ResourceVersion = "7"
	c.UpdateState(stored)

	second, err := c.EventCorrelate(testEvent("Pulled", "pulled image"))
	require.NoError(t, err)
	assert.EqualValues(t, 2, second.Event.Count)
	assert.Equal(t, stored.Name, second.Event.Name, "repeat reuses the stored Event")
	assert.Equal(t, "7", second.Event.ResourceVersion)
	assert.Contains(t, string(second.Patch), `"count":2`)
	assert.Contains(t, string(second.Patch), `"message":"pulled image"`)

	third, err := c.EventCorrelate(testEvent("Pulled", "pulled image"))
	require.NoError(t, err)
	assert.EqualValues(t, 3, third.Event.Count)
}

func TestCorrelatorAggregatesSimilarEvents(t *testing.T) {
	clk := clocktesting.NewFakeClock(time.Now())
	c := NewEventCorrelatorWithOptions(CorrelatorOptions{Clock: clk, MaxEvents: 3})

	var results []*EventCorrelateResult
	for i := range 5 {
		r, err := c.EventCorrelate(testEvent("Failed", "attempt "+strings.Repeat("x", i)))
		require.NoError(t, err)
		results = append(results, r)
	}
	assert.Equal(t, "attempt ", results[0].Event.Message)
	assert.Equal(t, "attempt x", results[1].Event.Message)
	// From the third distinct message on, events are folded into one aggregate.
	assert.Equal(t, "(combined from similar events): attempt xx", results[2].Event.Message)
	assert.EqualValues(t, 1, results[2].Event.Count)
	assert.EqualValues(t, 2, results[3].Event.Count, "the aggregate is counted up")
	assert.Equal(t, "(combined from similar events): attempt xxx", results[3].Event.Message)
	assert.Equal(t, results[2].Event.Name, results[3].Event.Name)
	assert.NotNil(t, results[3].Patch)

	// After a quiet period longer than the interval, the group starts over.
	clk.Step(11 * time.Minute)
	r, err := c.EventCorrelate(testEvent("Failed", "fresh"))
	require.NoError(t, err)
	assert.Equal(t, "fresh", r.Event.Message)
}

func TestCorrelatorSpamFilter(t *testing.T) {
	clk := clocktesting.NewFakeClock(time.Now())
	c := NewEventCorrelatorWithOptions(CorrelatorOptions{Clock: clk, BurstSize: 2, QPS: 1})
	var skipped []bool
	for range 4 {
		r, err := c.EventCorrelate(testEvent("Tick", "tock"))
		require.NoError(t, err)
		skipped = append(skipped, r.Skip)
	}
	assert.Equal(t, []bool{false, false, true, true}, skipped)

	other := testEvent("Tick", "tock")
	other.InvolvedObject.Name = "other"
	r, err := c.EventCorrelate(other)
	require.NoError(t, err)
	assert.False(t, r.Skip, "budgets are per object")

	clk.Step(time.Second)
	r, err = c.EventCorrelate(testEvent("Tick", "tock"))
	require.NoError(t, err)
	assert.False(t, r.Skip, "the bucket refills")
}

func TestCorrelatorNilEvent(t *testing.T) {
	c := NewEventCorrelator(clocktesting.NewFakeClock(time.Now()))
	_, err := c.EventCorrelate(nil)
	assert.Error(t, err)
	c.UpdateState(nil)
}

func TestAggregatorKeyFuncs(t *testing.T) {
	a, b := testEvent("R", "m1"), testEvent("R", "m2")
	ka, la := EventAggregatorByReasonFunc(a)
	kb, lb := EventAggregatorByReasonFunc(b)
	assert.Equal(t, ka, kb)
	assert.Equal(t, "m1", la)
	assert.Equal(t, "m2", lb)
	b.ReportingController = "other"
	kb, _ = EventAggregatorByReasonFunc(b)
	assert.NotEqual(t, ka, kb)
	assert.Equal(t, "(combined from similar events): m1", EventAggregatorByReasonMessageFunc(a))
}

func TestSpamFilterCustomKey(t *testing.T) {
	clk := clocktesting.NewFakeClock(time.Now())
	f := NewEventSourceObjectSpamFilter(10, 1, 0.0001, clk, func(e *v1.Event) string { return e.Reason })
	assert.False(t, f.Filter(testEvent("A", "")))
	assert.True(t, f.Filter(testEvent("A", "other message")))
	assert.False(t, f.Filter(testEvent("B", "")))
	assert.True(t, f.Filter(nil))
}
