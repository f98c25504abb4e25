package exec

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/tools/clientcmd/api"
	"github.com/kclient/kclient/tools/metrics"
)

// recorder collects metric increments as strings.
type recorder struct {
	mu     sync.Mutex
	events []string
}

func (r *recorder) add(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, s)
}

func (r *recorder) Increment(exitCode int, status string) {
	r.add(fmt.Sprintf("%d/%s", exitCode, status))
}

type policyRecorder struct{ *recorder }

func (r policyRecorder) Increment(status string) { r.add(status) }

func TestPluginCallMetrics(t *testing.T) {
	rec := &recorder{}
	savedCalls, savedPolicy := metrics.ExecPluginCalls, metrics.ExecPluginPolicyCalls
	metrics.ExecPluginCalls, metrics.ExecPluginPolicyCalls = rec, policyRecorder{rec}
	t.Cleanup(func() { metrics.ExecPluginCalls, metrics.ExecPluginPolicyCalls = savedCalls, savedPolicy })

	p := newFakePlugin(t)
	tests := []struct {
		name    string
		setup   func(cfg *api.ExecConfig)
		want    []string
		wantErr bool
	}{
		{name: "success", setup: func(*api.ExecConfig) { p.output(tokenCredential(v1, "t")); p.write("exit", "0") }, want: []string{"allowed", "0/no_error"}},
		{name: "exit code", setup: func(*api.ExecConfig) { p.write("exit", "7") }, want: []string{"allowed", "7/plugin_execution_error"}, wantErr: true},
		{name: "not found", setup: func(c *api.ExecConfig) { c.Command = filepath.Join(p.dir, "missing") }, want: []string{"allowed", "1/plugin_not_found_error"}, wantErr: true},
		{name: "denied", setup: func(c *api.ExecConfig) { c.PluginPolicy.PolicyType = api.PluginPolicyDenyAll }, want: []string{"denied"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec.events = nil
			cfg := p.config(v1)
			tt.setup(cfg)
			a, _ := testAuthenticator(t, cfg, nil, false)
			_, err := a.getCreds(context.Background())
			assert.Equal(t, tt.wantErr, err != nil, "err: %v", err)
			assert.Equal(t, tt.want, rec.events)
		})
	}
}

func TestExpiryTrackerReportsEarliest(t *testing.T) {
	var got []*time.Time
	tr := &expiryTracker{byAuth: map[*Authenticator]time.Time{}, report: func(t *time.Time) { got = append(got, t) }}
	a, b := &Authenticator{}, &Authenticator{}
	t1 := time.Unix(100, 0)
	t2 := time.Unix(200, 0)

	tr.set(a, time.Time{})
	tr.set(a, t2)
	tr.set(b, t1)
	tr.set(b, time.Time{})
	tr.set(a, time.Time{})
	require.Len(t, got, 5)
	assert.Nil(t, got[0])
	assert.Equal(t, t2, *got[1])
	assert.Equal(t, t1, *got[2])
	assert.Equal(t, t2, *got[3])
	assert.Nil(t, got[4])
}

func TestRateLimiter(t *testing.T) {
	now := time.Unix(0, 0)
	r := &rateLimiter{limit: 2, window: time.Minute, now: func() time.Time { return now }}
	n := 0
	for range 5 {
		r.do(func() { n++ })
	}
	assert.Equal(t, 2, n)
	now = now.Add(59 * time.Second)
	r.do(func() { n++ })
	assert.Equal(t, 2, n)
	now = now.Add(time.Second)
	r.do(func() { n++ })
	assert.Equal(t, 3, n)
}
