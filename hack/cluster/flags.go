package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kclient/kclient/internal/localcluster"
)

// stringList is a repeatable string flag.
type stringList []string

// String implements flag.Value.
func (s *stringList) String() string { return strings.Join(*s, " ") }

// Set implements flag.Value.
func (s *stringList) Set(v string) error {
	*s = append(*s, v)
	return nil
}

// clusterFlags are the flags shared by up and run.
type clusterFlags struct {
	dir          string
	apiserverArg stringList
	timeout      time.Duration
	verbose      bool
}

// register adds the flags to fs; defaultDir describes the default in the help text.
func (f *clusterFlags) register(fs *flag.FlagSet, defaultDir string) {
	fs.StringVar(&f.dir, "dir", "", "directory for the cluster state (default "+defaultDir+")")
	fs.Var(&f.apiserverArg, "apiserver-arg", "extra kube-apiserver flag, e.g. --etcd-compaction-interval=10s (repeatable)")
	fs.DurationVar(&f.timeout, "timeout", localcluster.DefaultStartTimeout, "how long to wait for the apiserver to become ready")
	fs.BoolVar(&f.verbose, "v", false, "copy etcd and kube-apiserver output to stderr (run only)")
}

// newFlagSet returns a FlagSet for a subcommand whose errors print usage and exit 2.
func newFlagSet(name, argsHelp string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ExitOnError)
	fs.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: go run ./hack/cluster %s [flags]%s\n", name, argsHelp)
		fs.PrintDefaults()
	}
	return fs
}

// defaultStateDir returns <repo>/.cluster.
func defaultStateDir() (string, error) {
	root, err := localcluster.FindRepoRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, ".cluster"), nil
}

// stateDir returns dir, or the default state dir when dir is empty.
func stateDir(dir string) (string, error) {
	if dir != "" {
		return filepath.Abs(dir)
	}
	return defaultStateDir()
}
