// Command in-cluster is the program you would put in a container image: it
// configures its client with rest.InClusterConfig, which finds the API server
// through the KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT environment
// variables and authenticates with the pod's service account token, then
// reports who it is and lists the pods in its own namespace.
//
// Outside a pod it says so and exits with status 1, unless -simulate is given
// (`make demo` uses it). Then it plays the part of the cluster for a pod: it
// uses the kubeconfig to create a namespace, a ServiceAccount allowed by RBAC
// to read pods, and a token for it (TokenRequest), writes the files a pod
// would have mounted into a temporary directory and runs itself again as the
// "pod", with only the environment and those files. See README.md for the one
// difference to a real pod: the files are not at the fixed in-pod paths.
//
// The kubeconfig (for -simulate only) is the one named by -kubeconfig, or
// $KUBECONFIG, or ~/.kube/config.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/kclient/kclient/rest"
)

// Where a pod finds its service account's files.
const podServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount"

func main() {
	kubeconfig := flag.String("kubeconfig", "", "-simulate: path to an admin kubeconfig (default: $KUBECONFIG or ~/.kube/config)")
	simulate := flag.Bool("simulate", false, "outside a pod: set up a service account and run this program as a simulated pod")
	simulatedDir := flag.String("simulated-pod-files", "", "internal: the directory holding the simulated pod's service account files")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var err error
	switch {
	case *simulatedDir != "":
		err = runSimulatedPod(ctx, *simulatedDir)
	default:
		err = runInPod(ctx)
		if errors.Is(err, rest.ErrNotInCluster) {
			if !*simulate {
				fmt.Fprintln(os.Stderr, "in-cluster: not running in a pod:", err)
				fmt.Fprintln(os.Stderr, "in-cluster: build this program into an image and run it as a pod, or pass -simulate to try it against the cluster in your kubeconfig")
				os.Exit(1)
			}
			fmt.Printf("not running in a pod (%v)\nsimulating one against the cluster in the kubeconfig\n", err)
			err = runSimulation(ctx, *kubeconfig)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "in-cluster:", err)
		os.Exit(1)
	}
}

// runInPod is the whole program as it runs in a real pod.
func runInPod(ctx context.Context) error {
	config, err := rest.InClusterConfig()
	if err != nil {
		return err
	}
	// The pod's namespace is mounted next to the token.
	namespace, err := os.ReadFile(podServiceAccountDir + "/namespace")
	if err != nil {
		return fmt.Errorf("reading the pod's namespace: %w", err)
	}
	return work(ctx, config, string(namespace), "")
}
