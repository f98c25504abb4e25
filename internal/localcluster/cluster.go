package localcluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultStartTimeout bounds how long Start waits for the cluster to be ready
// when Options.StartTimeout is zero.
const DefaultStartTimeout = 2 * time.Minute

// File names inside a cluster directory.
const (
	etcdLog      = "etcd.log"
	apiserverLog = "kube-apiserver.log"
)

// Options configures Start. The zero value starts a cluster in a fresh temp
// directory, building the binaries if needed.
type Options struct {
	// Binaries to run; zero means EnsureBinaries(ctx, BuildOptions{}).
	Binaries Binaries
	// Dir holds all cluster state (certificates, etcd data, logs, kubeconfig,
	// cluster.json). Empty means a new directory under os.TempDir(). If set, it
	// must be absent or empty. Stop removes it.
	Dir string
	// Logs, if set, receives a copy of etcd's and kube-apiserver's output, each
	// line prefixed with the process name. The output always goes to
	// etcd.log and kube-apiserver.log in Dir. Ignored when Detach is set.
	Logs io.Writer
	// ExtraAPIServerFlags are appended to kube-apiserver's command line, after
	// Start's own flags, so that they override them (for example
	// "--etcd-compaction-interval=10s").
	ExtraAPIServerFlags []string
	// StartTimeout bounds the wait for readiness; zero means DefaultStartTimeout.
	StartTimeout time.Duration
	// Detach starts the processes in their own session so that they outlive this
	// process (used by `hack/cluster up`). Without it they are killed when this
	// process dies, even abruptly.
	Detach bool
}

// Cluster is a running etcd plus kube-apiserver on 127.0.0.1.
//
// The exported fields describe how to reach the apiserver; treat them as read
// only. Methods are safe for concurrent use.
type Cluster struct {
	// Host is the apiserver URL, https://127.0.0.1:PORT.
	Host string
	// CAData is the PEM CA certificate that signed the serving and client certificates.
	CAData []byte
	// CAFile is the path of CAData.
	CAFile string
	// ClientCertData is the PEM admin client certificate (CN kclient-admin, O system:masters).
	ClientCertData []byte
	// ClientKeyData is the PEM private key of ClientCertData.
	ClientKeyData []byte
	// ClientCertFile is the path of ClientCertData.
	ClientCertFile string
	// ClientKeyFile is the path of ClientKeyData.
	ClientKeyFile string
	// Token is a static bearer token for the admin user (group system:masters).
	Token string
	// TokenFile is a file holding Token (one line).
	TokenFile string
	// KubeconfigPath is a kubeconfig file using the admin client certificate,
	// context "kclient-local".
	KubeconfigPath string
	// Dir holds the cluster's state; Stop removes it.
	Dir string
	// EtcdURL is etcd's client URL (plain HTTP on loopback).
	EtcdURL string

	mu        sync.Mutex
	owned     bool // processes were started by this Cluster
	etcd      *process
	apiserver *process
	apiArgs   []string
	apiBinary string
	lo        launchOptions
	timeout   time.Duration

	stopOnce sync.Once
	stopErr  error
}

// Start starts etcd and kube-apiserver on free loopback ports and waits until
// the apiserver is ready (GET /readyz succeeds and the "default" namespace
// exists), typically 10 to 20 seconds.
//
// On failure it stops whatever it started, removes the directory and returns an
// error that ends with the last lines of the apiserver's log (and etcd's, if
// etcd died). The caller owns the returned Cluster and must call Stop.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	bins := opts.Binaries
	if bins.Etcd == "" || bins.KubeAPIServer == "" {
		var err error
		if bins, err = EnsureBinaries(ctx, BuildOptions{}); err != nil {
			return nil, fmt.Errorf("starting local cluster: %w", err)
		}
	}
	dir, err := prepareDir(opts.Dir, opts.Detach)
	if err != nil {
		return nil, fmt.Errorf("starting local cluster: %w", err)
	}
	c := &Cluster{Dir: dir, owned: true, apiBinary: bins.KubeAPIServer, timeout: opts.StartTimeout}
	if c.timeout <= 0 {
		c.timeout = DefaultStartTimeout
	}
	c.lo = launchOptions{detach: opts.Detach, logs: opts.Logs}
	if !opts.Detach {
		c.lo.spawner = newSpawner()
	}
	if err := c.writeCredentials(); err != nil {
		_ = c.Stop()
		return nil, fmt.Errorf("starting local cluster: %w", err)
	}

	const attempts = 3
	for attempt := 1; ; attempt++ {
		err = c.startProcesses(ctx, bins, opts.ExtraAPIServerFlags)
		if err == nil {
			break
		}
		retry := attempt < attempts && ctx.Err() == nil && c.portClash()
		c.stopProcesses()
		if !retry {
			_ = c.Stop()
			return nil, fmt.Errorf("starting local cluster: %w", err)
		}
		// A port we picked was taken before the child bound it: start over.
		for _, p := range []string{filepath.Join(dir, "etcd"), filepath.Join(dir, etcdLog), filepath.Join(dir, apiserverLog)} {
			_ = os.RemoveAll(p)
		}
	}
	if err := writeKubeconfig(c.KubeconfigPath, c); err != nil {
		_ = c.Stop()
		return nil, fmt.Errorf("starting local cluster: %w", err)
	}
	if err := writeState(c); err != nil {
		_ = c.Stop()
		return nil, fmt.Errorf("starting local cluster: %w", err)
	}
	return c, nil
}

// prepareDir creates (or checks) the cluster directory and returns its absolute path.
func prepareDir(dir string, detached bool) (string, error) {
	if dir == "" {
		d, err := newTempDir(detached)
		if err != nil {
			return "", fmt.Errorf("creating cluster directory: %w", err)
		}
		return d, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("cluster directory %s: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return "", fmt.Errorf("creating cluster directory: %w", err)
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return "", fmt.Errorf("reading cluster directory: %w", err)
	}
	if len(entries) > 0 {
		return "", fmt.Errorf("cluster directory %s is not empty (a cluster may still run there; stop it or remove the directory)", abs)
	}
	return abs, nil
}

// writeCredentials generates the PKI and token and writes them under Dir/pki.
func (c *Cluster) writeCredentials() error {
	p, err := newPKI()
	if err != nil {
		return err
	}
	pkiDir := filepath.Join(c.Dir, "pki")
	if err := os.MkdirAll(pkiDir, 0o700); err != nil {
		return fmt.Errorf("creating pki directory: %w", err)
	}
	files := []struct {
		name string
		data []byte
	}{
		{"ca.crt", p.caCert}, {"ca.key", p.caKey},
		{"apiserver.crt", p.servingCert}, {"apiserver.key", p.servingKey},
		{"admin.crt", p.clientCert}, {"admin.key", p.clientKey},
		{"sa.pub", p.saPublic}, {"sa.key", p.saPrivate},
		{"admin-token", []byte(p.token + "\n")},
		// --token-auth-file format: token,user,uid,"group1,group2"
		{"tokens.csv", []byte(p.token + "," + AdminUser + "," + AdminUser + `,"` + AdminGroup + "\"\n")},
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(pkiDir, f.name), f.data, 0o600); err != nil {
			return fmt.Errorf("writing %s: %w", f.name, err)
		}
	}
	c.CAData, c.ClientCertData, c.ClientKeyData, c.Token = p.caCert, p.clientCert, p.clientKey, p.token
	c.CAFile = filepath.Join(pkiDir, "ca.crt")
	c.ClientCertFile = filepath.Join(pkiDir, "admin.crt")
	c.ClientKeyFile = filepath.Join(pkiDir, "admin.key")
	c.TokenFile = filepath.Join(pkiDir, "admin-token")
	c.KubeconfigPath = filepath.Join(c.Dir, "kubeconfig")
	return nil
}

// startProcesses picks ports, starts etcd and kube-apiserver and waits for both.
func (c *Cluster) startProcesses(ctx context.Context, bins Binaries, extra []string) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	ports, err := freePorts(3)
	if err != nil {
		return err
	}
	c.EtcdURL = "http://127.0.0.1:" + strconv.Itoa(ports[0])
	peerURL := "http://127.0.0.1:" + strconv.Itoa(ports[1])
	c.Host = "https://127.0.0.1:" + strconv.Itoa(ports[2])

	etcdArgs := []string{
		"--name=kclient",
		"--data-dir=" + filepath.Join(c.Dir, "etcd"),
		"--listen-client-urls=" + c.EtcdURL,
		"--advertise-client-urls=" + c.EtcdURL,
		"--listen-peer-urls=" + peerURL,
		"--initial-advertise-peer-urls=" + peerURL,
		"--initial-cluster=kclient=" + peerURL,
		"--unsafe-no-fsync=true",
		"--log-level=warn",
		"--heartbeat-interval=50",
		"--election-timeout=250",
	}
	c.etcd, err = launch("etcd", bins.Etcd, etcdArgs, filepath.Join(c.Dir, etcdLog), c.Dir, c.lo)
	if err != nil {
		return err
	}
	if err := waitEtcd(ctx, c.EtcdURL, c.etcd); err != nil {
		return fmt.Errorf("etcd did not become healthy: %w\n--- last lines of %s ---\n%s",
			err, c.etcd.logPath, tailFile(c.etcd.logPath, 50))
	}

	pki := filepath.Join(c.Dir, "pki")
	c.apiArgs = append([]string{
		"--etcd-servers=" + c.EtcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		// The lease reconciler refuses loopback advertise addresses.
		"--endpoint-reconciler-type=none",
		"--secure-port=" + strconv.Itoa(ports[2]),
		"--cert-dir=" + filepath.Join(c.Dir, "apiserver-certs"),
		"--tls-cert-file=" + filepath.Join(pki, "apiserver.crt"),
		"--tls-private-key-file=" + filepath.Join(pki, "apiserver.key"),
		"--client-ca-file=" + c.CAFile,
		"--token-auth-file=" + filepath.Join(pki, "tokens.csv"),
		"--service-account-key-file=" + filepath.Join(pki, "sa.pub"),
		"--service-account-signing-key-file=" + filepath.Join(pki, "sa.key"),
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--authorization-mode=Node,RBAC",
		"--service-cluster-ip-range=10.0.0.0/24",
		"--allow-privileged=true",
		"--disable-admission-plugins=ServiceAccount",
		"--profiling=false",
	}, extra...)
	c.apiserver, err = launch("kube-apiserver", c.apiBinary, c.apiArgs, filepath.Join(c.Dir, apiserverLog), c.Dir, c.lo)
	if err != nil {
		return err
	}
	if err := c.waitReady(ctx, c.apiserver, c.etcd); err != nil {
		return c.readyError(err)
	}
	return nil
}

// readyError wraps a readiness failure with the tails of the logs.
func (c *Cluster) readyError(err error) error {
	var b strings.Builder
	fmt.Fprintf(&b, "kube-apiserver at %s did not become ready: %v", c.Host, err)
	fmt.Fprintf(&b, "\n--- last lines of %s ---\n%s", c.apiserver.logPath, tailFile(c.apiserver.logPath, 50))
	if c.etcd != nil && c.etcd.exited() {
		fmt.Fprintf(&b, "\n--- etcd %s; last lines of %s ---\n%s", c.etcd.exitStatus(), c.etcd.logPath, tailFile(c.etcd.logPath, 50))
	}
	return errors.New(b.String())
}

// portClash reports whether a child failed because its port was taken.
func (c *Cluster) portClash() bool {
	for _, p := range []*process{c.etcd, c.apiserver} {
		if p != nil && strings.Contains(tailFile(p.logPath, 50), "address already in use") {
			return true
		}
	}
	return false
}

// RestartAPIServer stops kube-apiserver and starts it again with the same
// flags, port, certificates and etcd, then waits until it is ready (bounded by
// ctx and the start timeout). Watches and connections break meanwhile; data
// in etcd is kept. Only a Cluster returned by Start can restart its apiserver.
func (c *Cluster) RestartAPIServer(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.owned {
		return errors.New("restarting kube-apiserver: this cluster was loaded from " + StateFile + " and is shared; start a dedicated one with Start")
	}
	if c.apiserver == nil || c.etcd == nil || c.etcd.exited() {
		return errors.New("restarting kube-apiserver: cluster is stopped")
	}
	if err := c.apiserver.stop(stopGrace); err != nil {
		return fmt.Errorf("restarting kube-apiserver: %w", err)
	}
	p, err := launch("kube-apiserver", c.apiBinary, c.apiArgs, c.apiserver.logPath, c.Dir, c.lo)
	if err != nil {
		return fmt.Errorf("restarting kube-apiserver: %w", err)
	}
	c.apiserver = p
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	if err := c.waitReady(ctx, c.apiserver, c.etcd); err != nil {
		return fmt.Errorf("restarting kube-apiserver: %w", c.readyError(err))
	}
	if err := writeState(c); err != nil {
		return fmt.Errorf("restarting kube-apiserver: %w", err)
	}
	return nil
}

// stopProcesses stops the apiserver, then etcd, and returns the first error.
func (c *Cluster) stopProcesses() error {
	var errs []error
	for _, p := range []*process{c.apiserver, c.etcd} {
		if p != nil {
			errs = append(errs, p.stop(stopGrace))
		}
	}
	return errors.Join(errs...)
}

// Stop terminates kube-apiserver and etcd (SIGTERM, then SIGKILL after a grace
// period) and removes Dir. It is idempotent; later calls return the first
// call's result.
func (c *Cluster) Stop() error {
	c.stopOnce.Do(func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		err := c.stopProcesses()
		if c.lo.spawner != nil {
			c.lo.spawner.close()
		}
		if rmErr := os.RemoveAll(c.Dir); rmErr != nil {
			err = errors.Join(err, fmt.Errorf("removing cluster directory: %w", rmErr))
		}
		if err != nil {
			c.stopErr = fmt.Errorf("stopping local cluster: %w", err)
		}
	})
	return c.stopErr
}

// Running reports whether both etcd and kube-apiserver processes are alive.
func (c *Cluster) Running() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.etcd != nil && c.apiserver != nil && !c.etcd.exited() && !c.apiserver.exited()
}
