package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"github.com/kclient/kclient/internal/localcluster"
)

// runRun implements `cluster run -- CMD ARGS...`: start a cluster tied to this
// process, run CMD with KUBECONFIG and KCLIENT_CLUSTER_DIR pointing at it, stop
// the cluster and exit with CMD's status.
func runRun(ctx context.Context, args []string) int {
	var f clusterFlags
	fs := newFlagSet("run", " -- CMD [ARGS...]")
	f.register(fs, "a new temporary directory")
	_ = fs.Parse(args)
	cmdArgs := fs.Args()
	if len(cmdArgs) == 0 {
		fs.Usage()
		return 2
	}

	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	startDone := make(chan struct{})
	go func() { // cancel the start on the first signal
		select {
		case <-sigs:
			cancel()
		case <-startDone:
		}
	}()

	opts := localcluster.Options{Dir: f.dir, ExtraAPIServerFlags: f.apiserverArg, StartTimeout: f.timeout}
	if f.verbose {
		opts.Logs = os.Stderr
	}
	bins, err := localcluster.EnsureBinaries(ctx, localcluster.BuildOptions{Progress: os.Stderr})
	if err != nil {
		close(startDone)
		return fail(err)
	}
	opts.Binaries = bins
	c, err := localcluster.Start(ctx, opts)
	close(startDone)
	if err != nil {
		return fail(err)
	}
	defer func() {
		if err := c.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "cluster: %v\n", err)
		}
	}()
	if ctx.Err() != nil {
		return 130
	}
	fmt.Fprintf(os.Stderr, "cluster: local cluster ready at %s (state in %s)\n", c.Host, c.Dir)

	cmd := exec.Command(cmdArgs[0], cmdArgs[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), "KUBECONFIG="+c.KubeconfigPath, localcluster.ClusterDirEnv+"="+c.Dir)
	if err := cmd.Start(); err != nil {
		return fail(fmt.Errorf("starting %s: %w", cmdArgs[0], err))
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	signalled := 0
	for {
		select {
		case sig := <-sigs:
			// A terminal Ctrl-C already reached CMD (same process group); forward
			// anyway for kill(1), and force-kill on the second signal.
			signalled++
			if signalled == 1 {
				_ = cmd.Process.Signal(sig)
			} else {
				_ = cmd.Process.Kill()
			}
		case err := <-waited:
			return exitCode(err)
		}
	}
}

// exitCode maps the result of cmd.Wait to a shell-style exit status.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return ee.ExitCode()
	}
	return fail(err)
}
