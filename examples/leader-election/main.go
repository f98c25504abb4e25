// Command leader-election shows two processes contending for one Lease with
// tools/leaderelection and resourcelock.LeaseLock. Only the leader does
// work; when it goes away another candidate takes over.
//
// Run without -candidate, the program is the demo driver: it starts copies of
// itself as candidate processes and watches the Lease. It kills the first
// leader with SIGKILL (no chance to clean up: the others wait for the lease
// to expire), starts a fresh candidate, then stops the second leader with
// SIGTERM (it releases the Lease on the way out, so the hand-over is
// immediate), and prints who led when and how long each hand-over took.
//
// It reads the kubeconfig named by -kubeconfig, or $KUBECONFIG, or
// ~/.kube/config. `make demo` runs it against the embedded local cluster.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/clientcmd"
)

const leaseName = "demo-lock"

func main() {
	kubeconfig := flag.String("kubeconfig", "", "path to a kubeconfig (default: $KUBECONFIG or ~/.kube/config)")
	candidate := flag.Bool("candidate", false, "run as one candidate (the demo driver starts these)")
	id := flag.String("id", "", "candidate: identity written into the Lease")
	namespace := flag.String("namespace", "", "candidate: namespace of the Lease")
	maxRun := flag.Duration("max-run", time.Minute, "candidate: exit after this long even if never stopped")
	flag.Parse()

	config, err := loadConfig(*kubeconfig)
	if err == nil {
		if *candidate {
			err = candidateMain(config, *namespace, *id, *maxRun)
		} else {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			err = run(ctx, config, *kubeconfig)
			cancel()
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "leader-election:", err)
		os.Exit(1)
	}
}

func loadConfig(kubeconfig string) (*rest.Config, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = kubeconfig
	config, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("loading kubeconfig: %w", err)
	}
	return config, nil
}

func candidateMain(config *rest.Config, namespace, id string, maxRun time.Duration) error {
	if id == "" || namespace == "" {
		return errors.New("-candidate needs -id and -namespace")
	}
	return runCandidate(config, namespace, leaseName, id, maxRun)
}

func run(ctx context.Context, config *rest.Config, kubeconfig string) error {
	clientset, err := kubernetes.NewForConfig(config)
	if err != nil {
		return fmt.Errorf("creating the clientset: %w", err)
	}
	namespace := fmt.Sprintf("leader-election-demo-%d", time.Now().UnixNano()%100000)
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace}}
	if _, err := clientset.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating namespace %s: %w", namespace, err)
	}
	fmt.Printf("created namespace %s\n", namespace)
	defer func() {
		err := clientset.CoreV1().Namespaces().Delete(context.Background(), namespace, metav1.DeleteOptions{})
		fmt.Printf("deleted namespace %s (err=%v)\n", namespace, err)
	}()

	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding this program to start candidates: %w", err)
	}
	candidates := map[string]*exec.Cmd{}
	out := &lockedOutput{}
	start := func(id string) error {
		cmd := exec.Command(self, "-candidate", "-id", id, "-namespace", namespace, "-kubeconfig", kubeconfig)
		cmd.Stdout = out.prefixed(id)
		cmd.Stderr = out.prefixed(id)
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("starting candidate %s: %w", id, err)
		}
		candidates[id] = cmd
		fmt.Printf("started candidate %s (pid %d)\n", id, cmd.Process.Pid)
		return nil
	}
	defer func() {
		// Whatever happened, stop every candidate still running.
		for _, cmd := range candidates {
			_ = cmd.Process.Signal(syscall.SIGTERM)
		}
		for _, cmd := range candidates {
			_ = cmd.Wait()
		}
	}()
	leases := clientset.CoordinationV1().Leases(namespace)
	// leaderOtherThan waits until the Lease names a holder that is neither
	// empty nor previous.
	leaderOtherThan := func(previous string) (string, time.Duration, error) {
		began := time.Now()
		var holder string
		err := wait.PollUntilContextTimeout(ctx, 50*time.Millisecond, 15*time.Second, true, func(ctx context.Context) (bool, error) {
			lease, err := leases.Get(ctx, leaseName, metav1.GetOptions{})
			if apierrors.IsNotFound(err) {
				return false, nil
			}
			if err != nil {
				return false, err
			}
			if lease.Spec.HolderIdentity != nil {
				holder = *lease.Spec.HolderIdentity
			}
			return holder != "" && holder != previous, nil
		})
		if err != nil {
			return "", 0, fmt.Errorf("waiting for a leader other than %q: %w", previous, err)
		}
		return holder, time.Since(began), nil
	}

	// Round 1: two candidates, one wins.
	for _, id := range []string{"candidate-a", "candidate-b"} {
		if err := start(id); err != nil {
			return err
		}
	}
	first, took, err := leaderOtherThan("")
	if err != nil {
		return err
	}
	fmt.Printf(">>> %s leads (elected %v after start)\n", first, took.Round(time.Millisecond))
	time.Sleep(1500 * time.Millisecond) // let it do some work

	// Round 2: kill the leader outright. It cannot release the Lease, so the
	// other candidate takes over only once the lease has expired.
	fmt.Printf(">>> killing %s with SIGKILL\n", first)
	if err := candidates[first].Process.Kill(); err != nil {
		return fmt.Errorf("killing %s: %w", first, err)
	}
	_ = candidates[first].Wait()
	delete(candidates, first)
	second, took, err := leaderOtherThan(first)
	if err != nil {
		return err
	}
	fmt.Printf(">>> %s took over %v after the kill (lease duration %v)\n", second, took.Round(time.Millisecond), leaseDuration)

	// Round 3: a new candidate joins; stop the leader politely. With
	// ReleaseOnCancel it clears the Lease before exiting, so the hand-over
	// takes about one retry period instead of a lease duration.
	if err := start("candidate-c"); err != nil {
		return err
	}
	time.Sleep(time.Second) // let candidate-c find the Lease held
	fmt.Printf(">>> stopping %s with SIGTERM\n", second)
	if err := candidates[second].Process.Signal(syscall.SIGTERM); err != nil {
		return fmt.Errorf("stopping %s: %w", second, err)
	}
	third, took, err := leaderOtherThan(second)
	if err != nil {
		return err
	}
	fmt.Printf(">>> %s took over %v after the SIGTERM (retry period %v)\n", third, took.Round(time.Millisecond), retryPeriod)
	if err := candidates[second].Wait(); err != nil {
		return fmt.Errorf("%s did not exit cleanly after SIGTERM: %w", second, err)
	}
	delete(candidates, second)
	time.Sleep(1500 * time.Millisecond)

	// Shut down the last leader.
	fmt.Printf(">>> stopping %s with SIGTERM\n", third)
	_ = candidates[third].Process.Signal(syscall.SIGTERM)
	if err := candidates[third].Wait(); err != nil {
		return fmt.Errorf("%s did not exit cleanly after SIGTERM: %w", third, err)
	}
	delete(candidates, third)
	lease, err := leases.Get(ctx, leaseName, metav1.GetOptions{})
	if err != nil {
		return fmt.Errorf("reading the Lease: %w", err)
	}
	holder := ""
	if lease.Spec.HolderIdentity != nil {
		holder = *lease.Spec.HolderIdentity
	}
	transitions := int32(0)
	if lease.Spec.LeaseTransitions != nil {
		transitions = *lease.Spec.LeaseTransitions
	}
	fmt.Printf("leaders in turn: %s, %s, %s; the Lease records %d transitions and holder %q after the last release\n",
		first, second, third, transitions, holder)
	return nil
}

// lockedOutput serialises the candidates' output onto stdout, one whole line
// at a time, each prefixed with the candidate's identity.
type lockedOutput struct{ mu sync.Mutex }

func (o *lockedOutput) prefixed(id string) *prefixWriter {
	return &prefixWriter{out: o, prefix: "    [" + id + "] "}
}

type prefixWriter struct {
	out    *lockedOutput
	prefix string
	buf    []byte
}

func (w *prefixWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		w.out.mu.Lock()
		_, err := fmt.Fprintf(os.Stdout, "%s%s\n", w.prefix, w.buf[:i])
		w.out.mu.Unlock()
		w.buf = w.buf[i+1:]
		if err != nil {
			return len(p), err
		}
	}
}
