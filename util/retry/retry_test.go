package retry

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
)

func conflict() error {
	return apierrors.NewConflict(schema.GroupResource{Resource: "pods"}, "p", errors.New("changed"))
}

func TestDefaults(t *testing.T) {
	assert.Equal(t, wait.Backoff{Steps: 5, Duration: 10 * time.Millisecond, Factor: 1, Jitter: 0.1}, DefaultRetry)
	assert.Equal(t, wait.Backoff{Steps: 4, Duration: 10 * time.Millisecond, Factor: 5, Jitter: 0.1}, DefaultBackoff)
}

func TestRetryOnConflict(t *testing.T) {
	fast := wait.Backoff{Steps: 3, Duration: time.Microsecond, Factor: 1}
	other := errors.New("boom")
	tests := []struct {
		name      string
		results   []error
		wantCalls int
		wantErr   func(error) bool
	}{
		{"success first", []error{nil}, 1, func(err error) bool { return err == nil }},
		{"conflict then success", []error{conflict(), nil}, 2, func(err error) bool { return err == nil }},
		{"other error stops", []error{conflict(), other}, 2, func(err error) bool { return errors.Is(err, other) }},
		{"conflicts exhaust steps", []error{conflict(), conflict(), conflict(), conflict()}, 3, apierrors.IsConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			err := RetryOnConflict(fast, func() error {
				r := tt.results[calls]
				calls++
				return r
			})
			assert.Equal(t, tt.wantCalls, calls)
			assert.True(t, tt.wantErr(err), "unexpected error %v", err)
		})
	}
}

func TestOnErrorCustomPredicate(t *testing.T) {
	transient := errors.New("transient")
	calls := 0
	err := OnError(wait.Backoff{Steps: 10, Duration: time.Microsecond}, func(err error) bool {
		return errors.Is(err, transient)
	}, func() error {
		calls++
		if calls < 4 {
			return transient
		}
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 4, calls)
}

func TestOnErrorNilPredicateIsFinal(t *testing.T) {
	calls := 0
	boom := errors.New("boom")
	err := OnError(DefaultRetry, nil, func() error { calls++; return boom })
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, 1, calls)
}
