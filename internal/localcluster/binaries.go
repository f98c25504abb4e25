package localcluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// Environment variables read by EnsureBinaries.
const (
	// CacheDirEnv overrides the cache directory (default: os.UserCacheDir()/kclient).
	CacheDirEnv = "KCLIENT_CACHE_DIR"
	// EtcdBinaryEnv points at an existing etcd binary to use instead of the cache.
	EtcdBinaryEnv = "KCLIENT_ETCD_BIN"
	// KubeAPIServerBinaryEnv points at an existing kube-apiserver binary to use
	// instead of the cache.
	KubeAPIServerBinaryEnv = "KCLIENT_KUBE_APISERVER_BIN"
)

// Binaries holds absolute paths of the executables a cluster runs.
type Binaries struct {
	// Etcd is the etcd server binary.
	Etcd string
	// KubeAPIServer is the kube-apiserver binary.
	KubeAPIServer string
}

// BuildOptions configures EnsureBinaries. The zero value is ready to use.
type BuildOptions struct {
	// CacheDir is where binaries are cached; empty means $KCLIENT_CACHE_DIR or
	// os.UserCacheDir()/kclient.
	CacheDir string
	// RepoRoot is the kclient repository holding the wrapper modules under
	// hack/cluster; empty means FindRepoRoot. Only needed when building.
	RepoRoot string
	// Progress, if set, receives one line before each (slow) build.
	Progress io.Writer
}

// binarySpec describes how to build one cached binary.
type binarySpec struct {
	name    string // file name, e.g. "etcd"
	version string
	env     string   // override variable
	wrapper string   // wrapper module dir, relative to the repo root
	pkg     string   // main package to build
	ldflags []string // extra -ldflags
	approx  string   // approximate build time, for the progress line
}

// specs returns the binaries EnsureBinaries manages, etcd first.
func specs() []binarySpec {
	return []binarySpec{
		{
			name: "etcd", version: EtcdVersion, env: EtcdBinaryEnv,
			wrapper: filepath.Join("hack", "cluster", "etcd"),
			pkg:     "go.etcd.io/etcd/server/v3",
			approx:  "about a minute",
		},
		{
			name: "kube-apiserver", version: KubeAPIServerVersion, env: KubeAPIServerBinaryEnv,
			wrapper: filepath.Join("hack", "cluster", "kube-apiserver"),
			pkg:     "k8s.io/kubernetes/cmd/kube-apiserver",
			ldflags: []string{
				"-X k8s.io/component-base/version.gitVersion=" + KubeAPIServerVersion,
				"-X k8s.io/component-base/version.gitMajor=1",
				"-X k8s.io/component-base/version.gitMinor=37",
				"-X k8s.io/component-base/version.gitTreeState=clean",
				"-X k8s.io/component-base/version.buildDate=" + time.Now().UTC().Format(time.RFC3339),
			},
			approx: "about 5 minutes",
		},
	}
}

// DefaultCacheDir returns $KCLIENT_CACHE_DIR, or os.UserCacheDir()/kclient.
func DefaultCacheDir() (string, error) {
	if dir := os.Getenv(CacheDirEnv); dir != "" {
		return filepath.Abs(dir)
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("locating the user cache directory (set $%s): %w", CacheDirEnv, err)
	}
	return filepath.Join(base, "kclient"), nil
}

// EnsureBinaries returns the etcd and kube-apiserver binaries, building them into
// <cache>/bin/<name>-<version>/<name> from the wrapper modules under hack/cluster
// when they are not cached yet. A cached binary is reused as is.
//
// It is safe to call from several processes at once: builds are serialized with
// a file lock in the cache directory, so each binary is built only once. A
// first build takes minutes (mostly kube-apiserver) and needs the go command on
// PATH; later calls return immediately.
func EnsureBinaries(ctx context.Context, opts BuildOptions) (Binaries, error) {
	cache := opts.CacheDir
	if cache == "" {
		var err error
		if cache, err = DefaultCacheDir(); err != nil {
			return Binaries{}, err
		}
	}
	var paths []string
	for _, spec := range specs() {
		p, err := ensureBinary(ctx, cache, spec, opts)
		if err != nil {
			return Binaries{}, err
		}
		paths = append(paths, p)
	}
	return Binaries{Etcd: paths[0], KubeAPIServer: paths[1]}, nil
}

// ensureBinary returns the path of one binary, building it if needed.
func ensureBinary(ctx context.Context, cache string, spec binarySpec, opts BuildOptions) (string, error) {
	if p := os.Getenv(spec.env); p != "" {
		if err := checkExecutable(p); err != nil {
			return "", fmt.Errorf("$%s: %w", spec.env, err)
		}
		return filepath.Abs(p)
	}
	dir := filepath.Join(cache, "bin", spec.name+"-"+spec.version)
	target := filepath.Join(dir, spec.name)
	if checkExecutable(target) == nil {
		return target, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("creating cache directory for %s: %w", spec.name, err)
	}
	lock, err := lockFile(ctx, filepath.Join(cache, "bin", ".build.lock"))
	if err != nil {
		return "", fmt.Errorf("building %s: %w", spec.name, err)
	}
	defer func() { _ = lock.unlock() }()
	// Another process may have built it while we waited for the lock.
	if checkExecutable(target) == nil {
		return target, nil
	}
	if err := build(ctx, spec, target, opts); err != nil {
		return "", err
	}
	return target, nil
}

// build compiles spec into a temporary file next to target and renames it into place.
func build(ctx context.Context, spec binarySpec, target string, opts BuildOptions) error {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return fmt.Errorf("building %s %s: the go command is not on PATH: %w", spec.name, spec.version, err)
	}
	root := opts.RepoRoot
	if root == "" {
		if root, err = FindRepoRoot(); err != nil {
			return fmt.Errorf("building %s %s: %w", spec.name, spec.version, err)
		}
	}
	wrapper := filepath.Join(root, spec.wrapper)
	if _, err := os.Stat(filepath.Join(wrapper, "go.mod")); err != nil {
		return fmt.Errorf("building %s %s: wrapper module missing: %w", spec.name, spec.version, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+spec.name+"-*.tmp")
	if err != nil {
		return fmt.Errorf("building %s: creating temp file: %w", spec.name, err)
	}
	tmpPath := tmp.Name()
	_ = tmp.Close()
	defer func() { _ = os.Remove(tmpPath) }() // no-op after the rename

	if opts.Progress != nil {
		_, _ = fmt.Fprintf(opts.Progress, "localcluster: building %s %s into %s (%s, once)\n", spec.name, spec.version, target, spec.approx)
	}
	ldflags := "-s -w"
	for _, f := range spec.ldflags {
		ldflags += " " + f
	}
	cmd := exec.CommandContext(ctx, goBin, "build", "-trimpath", "-ldflags", ldflags, "-o", tmpPath, spec.pkg)
	cmd.Dir = wrapper
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly", "CGO_ENABLED=0")
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building %s %s in %s failed: %w\n%s", spec.name, spec.version, wrapper, err, tailLines(out.Bytes(), 50))
	}
	if err := os.Chmod(tmpPath, 0o755); err != nil {
		return fmt.Errorf("building %s: %w", spec.name, err)
	}
	if err := os.Rename(tmpPath, target); err != nil {
		return fmt.Errorf("installing %s into the cache: %w", spec.name, err)
	}
	return nil
}

// checkExecutable returns an error unless path is a regular, executable, non-empty file.
func checkExecutable(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() || st.Mode().Perm()&0o111 == 0 || st.Size() == 0 {
		return errors.New(path + " is not an executable file")
	}
	return nil
}
