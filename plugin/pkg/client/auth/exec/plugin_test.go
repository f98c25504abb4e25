package exec

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/pkg/apis/clientauthentication"
	"github.com/kclient/kclient/tools/clientcmd/api"
	"github.com/kclient/kclient/util/cert"
)

func TestPluginOutput(t *testing.T) {
	certPEM, keyPEM := must2(cert.GenerateSelfSignedCertKey("plugin-client", nil, nil))
	otherCertPEM, _ := must2(cert.GenerateSelfSignedCertKey("other", nil, nil))
	const secret = "s3cr3t-t0ken"

	tests := []struct {
		name       string
		apiVersion string
		output     string
		exitCode   string
		stderr     string
		wantToken  string
		wantCert   bool
		wantErr    string
	}{
		{name: "v1 token", apiVersion: v1, output: tokenCredential(v1, "tok"), wantToken: "tok"},
		{name: "v1beta1 token", apiVersion: v1beta1, output: tokenCredential(v1beta1, "tok"), wantToken: "tok"},
		{name: "yaml output", apiVersion: v1, output: "apiVersion: " + v1 + "\nkind: ExecCredential\nstatus:\n  token: tok\n", wantToken: "tok"},
		{name: "cert and key", apiVersion: v1, output: certCredential(v1, certPEM, keyPEM), wantCert: true},
		{name: "token and cert", apiVersion: v1, output: credential(v1, map[string]any{"token": "tok", "clientCertificateData": string(certPEM), "clientKeyData": string(keyPEM)}), wantToken: "tok", wantCert: true},
		{
			name: "wrong apiVersion", apiVersion: v1, output: tokenCredential(v1beta1, secret),
			wantErr: "exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin returned version client.authentication.k8s.io/v1beta1",
		},
		{
			name: "unknown apiVersion", apiVersion: v1beta1, output: tokenCredential(v1alpha1, secret),
			wantErr: "exec plugin is configured to use API version client.authentication.k8s.io/v1beta1, plugin returned version client.authentication.k8s.io/v1alpha1",
		},
		{name: "wrong kind", apiVersion: v1, output: `{"apiVersion":"` + v1 + `","kind":"Pod","status":{"token":"` + secret + `"}}`, wantErr: `decoding stdout: exec plugin returned kind "Pod", want "ExecCredential"`},
		{name: "no kind", apiVersion: v1, output: `{"status":{"token":"` + secret + `"}}`, wantErr: "decoding stdout: exec plugin output has no kind"},
		{name: "yaml garbage with secret", apiVersion: v1, output: "token: " + secret + "\n", wantErr: "decoding stdout: exec plugin output has no kind"},
		{name: "garbage", apiVersion: v1, output: "{{{ " + secret + " :::\n\t- [", wantErr: "decoding stdout: exec plugin output is neither JSON nor YAML"},
		{name: "plain string", apiVersion: v1, output: secret, wantErr: "decoding stdout: exec plugin output has a string where"},
		{name: "number token", apiVersion: v1, output: `{"apiVersion":"` + v1 + `","kind":"ExecCredential","status":{"token":12345}}`, wantErr: `decoding stdout: exec plugin output has a number where string is expected at field "status.token"`},
		{name: "empty output", apiVersion: v1, output: "", wantErr: "decoding stdout: exec plugin output has no kind"},
		{name: "no status", apiVersion: v1, output: credential(v1, nil), wantErr: "exec plugin didn't return a status field"},
		{name: "empty status", apiVersion: v1, output: credential(v1, map[string]any{}), wantErr: "exec plugin didn't return a token or cert/key pair"},
		{name: "cert without key", apiVersion: v1, output: credential(v1, map[string]any{"clientCertificateData": string(certPEM)}), wantErr: "exec plugin returned only certificate or key, not both"},
		{name: "key without cert", apiVersion: v1, output: credential(v1, map[string]any{"token": "t", "clientKeyData": string(keyPEM)}), wantErr: "exec plugin returned only certificate or key, not both"},
		{name: "mismatched cert and key", apiVersion: v1, output: certCredential(v1, otherCertPEM, keyPEM), wantErr: "failed parsing client key/certificate: "},
		{name: "exits non-zero", apiVersion: v1, output: tokenCredential(v1, secret), exitCode: "3", stderr: "boom: login required\n", wantErr: "exec: executable %PLUGIN% failed with exit code 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newFakePlugin(t)
			p.output(tt.output)
			if tt.exitCode != "" {
				p.write("exit", tt.exitCode)
			}
			if tt.stderr != "" {
				p.write("stderr", tt.stderr)
			}
			a, stderr := testAuthenticator(t, p.config(tt.apiVersion), nil, false)

			creds, err := a.getCreds(context.Background())
			assert.Equal(t, 1, p.runs())
			assert.Equal(t, tt.stderr, stderr.String(), "plugin stderr is passed through")
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), strings.ReplaceAll(tt.wantErr, "%PLUGIN%", p.path))
				assert.NotContains(t, err.Error(), secret, "plugin output must not leak into errors")
				assert.NotContains(t, err.Error(), "PRIVATE KEY")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantToken, creds.token)
			if !tt.wantCert {
				assert.Nil(t, creds.cert)
				return
			}
			require.NotNil(t, creds.cert)
			require.NotNil(t, creds.cert.Leaf)
			assert.Contains(t, creds.cert.Leaf.Subject.CommonName, "plugin-client")

			got, err := a.cert()
			require.NoError(t, err)
			assert.Same(t, creds.cert, got)
			assert.Equal(t, 1, p.runs(), "cert callback uses the cache")
		})
	}
}

func must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

func TestMissingExecutable(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		command  string
		hint     string
		wantCmd  string
		wantHint bool
	}{
		{name: "absolute path with hint", command: filepath.Join(dir, "nope"), hint: "install nope with: apt-get install nope", wantCmd: filepath.Join(dir, "nope"), wantHint: true},
		{name: "name on PATH without hint", command: "kclient-no-such-plugin", wantCmd: "kclient-no-such-plugin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := &api.ExecConfig{Command: tt.command, APIVersion: v1, InstallHint: tt.hint, InteractiveMode: api.NeverExecInteractiveMode}
			a, _ := testAuthenticator(t, cfg, nil, false)
			_, err := a.getCreds(context.Background())
			require.Error(t, err)
			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, "exec: executable "+tt.wantCmd+" not found"), msg)
			assert.Contains(t, msg, "It looks like you are trying to use a client-go credential plugin that is not installed.")
			if tt.wantHint {
				assert.True(t, strings.HasSuffix(msg, "\n\n"+tt.hint), msg)
			}
		})
	}
}

func TestInstallHintIsRateLimited(t *testing.T) {
	cfg := &api.ExecConfig{Command: filepath.Join(t.TempDir(), "nope"), APIVersion: v1, InstallHint: "HINT", InteractiveMode: api.NeverExecInteractiveMode}
	a, _ := testAuthenticator(t, cfg, nil, false)
	now := time.Unix(1000, 0)
	a.hintLimiter.now = func() time.Time { return now }

	withHint := 0
	for range 12 {
		_, err := a.getCreds(context.Background())
		require.Error(t, err)
		if strings.Contains(err.Error(), "HINT") {
			withHint++
		}
	}
	assert.Equal(t, 10, withHint, "at most 10 hints an hour")

	now = now.Add(time.Hour)
	_, err := a.getCreds(context.Background())
	require.ErrorContains(t, err, "HINT", "a new window shows the hint again")
}

func TestPluginEnvironment(t *testing.T) {
	ca := []byte("-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n")
	cluster := &clientauthentication.Cluster{
		Server:                   "https://cluster.example:6443",
		TLSServerName:            "sni.example",
		CertificateAuthorityData: ca,
		ProxyURL:                 "http://proxy.example:3128",
		Config:                   &runtime.Unknown{Raw: []byte(`{"audience":"aud-1"}`)},
	}
	t.Setenv("KCLIENT_PARENT_VAR", "from-parent")

	tests := []struct {
		name        string
		apiVersion  string
		provide     bool
		wantCluster map[string]any
	}{
		{name: "v1 without cluster info", apiVersion: v1},
		{name: "v1beta1 without cluster info", apiVersion: v1beta1},
		{
			name: "v1 with cluster info", apiVersion: v1, provide: true,
			wantCluster: map[string]any{
				"server":                     "https://cluster.example:6443",
				"tls-server-name":            "sni.example",
				"certificate-authority-data": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCmNhCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K",
				"proxy-url":                  "http://proxy.example:3128",
				"config":                     map[string]any{"audience": "aud-1"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newFakePlugin(t)
			p.output(tokenCredential(tt.apiVersion, "tok"))
			cfg := p.config(tt.apiVersion)
			cfg.Env = append(cfg.Env, api.ExecEnvVar{Name: "EXTRA", Value: "x=y"})
			cfg.Args = []string{"--flag"}
			cfg.ProvideClusterInfo = tt.provide
			a, _ := testAuthenticator(t, cfg, cluster, false)

			_, err := a.getCreds(context.Background())
			require.NoError(t, err)
			env := p.env(1)
			assert.Equal(t, "x=y", env["EXTRA"])
			assert.Equal(t, "from-parent", env["KCLIENT_PARENT_VAR"], "caller's environment is inherited")

			info := p.execInfo(1)
			assert.Equal(t, tt.apiVersion, info["apiVersion"])
			assert.Equal(t, "ExecCredential", info["kind"])
			spec, ok := info["spec"].(map[string]any)
			require.True(t, ok, "spec: %v", info)
			assert.Equal(t, false, spec["interactive"])
			if tt.wantCluster == nil {
				assert.NotContains(t, spec, "cluster")
			} else {
				assert.Equal(t, tt.wantCluster, spec["cluster"])
			}
			assert.NotContains(t, info, "status")
		})
	}
}

func TestInteractiveMode(t *testing.T) {
	tests := []struct {
		name            string
		mode            api.ExecInteractiveMode
		terminal        bool
		stdinUnavail    bool
		unavailMsg      string
		wantInteractive bool
		wantErr         string
	}{
		{name: "never on terminal", mode: api.NeverExecInteractiveMode, terminal: true},
		{name: "if available, terminal", mode: api.IfAvailableExecInteractiveMode, terminal: true, wantInteractive: true},
		{name: "if available, no terminal", mode: api.IfAvailableExecInteractiveMode},
		{name: "if available, stdin unavailable", mode: api.IfAvailableExecInteractiveMode, terminal: true, stdinUnavail: true},
		{name: "always, terminal", mode: api.AlwaysExecInteractiveMode, terminal: true, wantInteractive: true},
		{name: "always, no terminal", mode: api.AlwaysExecInteractiveMode, wantErr: "exec plugin cannot support interactive mode: standard input is not a terminal"},
		{name: "always, stdin unavailable", mode: api.AlwaysExecInteractiveMode, terminal: true, stdinUnavail: true, wantErr: "exec plugin cannot support interactive mode: standard input is unavailable"},
		{name: "always, stdin unavailable with message", mode: api.AlwaysExecInteractiveMode, terminal: true, stdinUnavail: true, unavailMsg: "used by kubectl apply -f -", wantErr: "exec plugin cannot support interactive mode: standard input is unavailable: used by kubectl apply -f -"},
		{name: "unset", mode: "", wantErr: `exec plugin cannot support interactive mode: unknown interactiveMode: ""`},
		{name: "unknown", mode: "Sometimes", wantErr: `exec plugin cannot support interactive mode: unknown interactiveMode: "Sometimes"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newFakePlugin(t)
			p.output(tokenCredential(v1, "tok"))
			cfg := p.config(v1)
			cfg.InteractiveMode = tt.mode
			cfg.StdinUnavailable = tt.stdinUnavail
			cfg.StdinUnavailableMessage = tt.unavailMsg
			a, _ := testAuthenticator(t, cfg, nil, tt.terminal)

			_, err := a.getCreds(context.Background())
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				assert.Equal(t, 0, p.runs(), "plugin is not run")
				return
			}
			require.NoError(t, err)
			spec := p.execInfo(1)["spec"].(map[string]any)
			assert.Equal(t, tt.wantInteractive, spec["interactive"])
			stdin, err := os.ReadFile(filepath.Join(p.dir, "stdin.1"))
			require.NoError(t, err)
			if tt.wantInteractive {
				assert.Equal(t, "typed by the user", string(stdin), "interactive plugins get stdin")
			} else {
				assert.Empty(t, stdin)
			}
		})
	}
}

func TestCredentialsCachedUntilExpiry(t *testing.T) {
	p := newFakePlugin(t)
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	p.outputFor(1, expiringToken(v1, "first", now.Add(time.Minute)))
	p.outputFor(2, tokenCredential(v1, "second"))
	a, _ := testAuthenticator(t, p.config(v1), nil, false)
	a.now = func() time.Time { return now }

	steps := []struct {
		advance   time.Duration
		wantToken string
		wantRuns  int
	}{
		{wantToken: "first", wantRuns: 1},
		{advance: 30 * time.Second, wantToken: "first", wantRuns: 1},
		{advance: 30 * time.Second, wantToken: "first", wantRuns: 1}, // exactly at expiry: still valid
		{advance: time.Second, wantToken: "second", wantRuns: 2},
		{advance: 1000 * time.Hour, wantToken: "second", wantRuns: 2}, // no expiry: cached forever
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		creds, err := a.getCreds(context.Background())
		require.NoError(t, err, "step %d", i)
		assert.Equal(t, s.wantToken, creds.token, "step %d", i)
		assert.Equal(t, s.wantRuns, p.runs(), "step %d", i)
	}
}

func TestFailedRunIsRetried(t *testing.T) {
	p := newFakePlugin(t)
	p.outputFor(1, "garbage {")
	p.outputFor(2, tokenCredential(v1, "ok"))
	a, _ := testAuthenticator(t, p.config(v1), nil, false)

	_, err := a.getCreds(context.Background())
	require.Error(t, err)
	creds, err := a.getCreds(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "ok", creds.token)
	assert.Equal(t, 2, p.runs())
}

func TestConcurrentCallersShareOneRun(t *testing.T) {
	p := newFakePlugin(t)
	p.output(tokenCredential(v1, "shared"))
	p.write("wait", "")
	a, _ := testAuthenticator(t, p.config(v1), nil, false)

	const callers = 20
	results := make(chan *credentials, callers)
	errs := make(chan error, callers)
	for range callers {
		go func() {
			c, err := a.getCreds(context.Background())
			results <- c
			errs <- err
		}()
	}
	// Let every caller queue up behind the running plugin, then release it.
	require.Eventually(t, func() bool { return p.runs() == 1 }, 5*time.Second, 10*time.Millisecond)
	time.Sleep(100 * time.Millisecond)
	p.write("release", "")

	var first *credentials
	for range callers {
		require.NoError(t, <-errs)
		c := <-results
		if first == nil {
			first = c
		}
		assert.Same(t, first, c)
	}
	assert.Equal(t, "shared", first.token)
	assert.Equal(t, 1, p.runs())
}

func TestHangingPluginHonoursContext(t *testing.T) {
	p := newFakePlugin(t)
	p.output(tokenCredential(v1, "late"))
	p.write("wait", "")
	a, _ := testAuthenticator(t, p.config(v1), nil, false)

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := a.getCreds(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "waiting for exec plugin "+p.path)
	assert.Less(t, time.Since(start), 3*time.Second)

	// The run goes on; once the plugin answers, later callers get its result
	// without a second run.
	p.write("release", "")
	creds, err := a.getCreds(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "late", creds.token)
	assert.Equal(t, 1, p.runs())
}

func TestCertRotationClosesConnections(t *testing.T) {
	cert1, key1 := must2(cert.GenerateSelfSignedCertKey("one", nil, nil))
	cert2, key2 := must2(cert.GenerateSelfSignedCertKey("two", nil, nil))
	p := newFakePlugin(t)
	p.outputFor(1, certCredential(v1, cert1, key1))
	p.outputFor(2, certCredential(v1, cert1, key1))
	p.outputFor(3, tokenCredential(v1, "token-only"))
	p.outputFor(4, certCredential(v1, cert2, key2))
	a, _ := testAuthenticator(t, p.config(v1), nil, false)

	var reported []*time.Time
	saved := certExpiries
	certExpiries = &expiryTracker{byAuth: map[*Authenticator]time.Time{}, report: func(t *time.Time) { reported = append(reported, t) }}
	t.Cleanup(func() { certExpiries = saved })

	conn := &countingConn{}
	a.connTracker.Track(conn)
	steps := []struct {
		wantCN     string
		wantCloses int
	}{
		{wantCN: "one", wantCloses: 0}, // first credentials: nothing to close
		{wantCN: "one", wantCloses: 0}, // same certificate: keep connections
		{wantCN: "", wantCloses: 1},    // certificate gone
		{wantCN: "two", wantCloses: 1}, // new certificate (the conn was already closed)
	}
	for i, s := range steps {
		c, err := a.getCreds(context.Background())
		require.NoError(t, err, "step %d", i)
		if s.wantCN == "" {
			assert.Nil(t, c.cert)
			assert.Nil(t, reported[len(reported)-1], "no certificate: no expiry")
		} else {
			assert.True(t, strings.HasPrefix(c.cert.Leaf.Subject.CommonName, s.wantCN))
			require.NotNil(t, reported[len(reported)-1])
			assert.Equal(t, c.cert.Leaf.NotAfter, *reported[len(reported)-1])
		}
		assert.Equal(t, s.wantCloses, conn.closes(), "step %d", i)
		a.invalidate(c)
	}
	assert.Equal(t, 4, p.runs())
}

func TestCertCallbackError(t *testing.T) {
	p := newFakePlugin(t)
	p.write("exit", "1")
	a, _ := testAuthenticator(t, p.config(v1), nil, false)
	c, err := a.getCert.GetCert()
	require.EqualError(t, err, "exec: executable "+p.path+" failed with exit code 1")
	assert.Nil(t, c)
}

// countingConn is a net.Conn that only counts Close calls.
type countingConn struct {
	net.Conn
	mu sync.Mutex
	n  int
}

func (c *countingConn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return nil
}

func (c *countingConn) closes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
