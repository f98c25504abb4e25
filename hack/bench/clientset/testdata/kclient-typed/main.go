// Command kclient-typed lists the pods of one namespace through
// kclient's typed core/v1 client and nothing else. hack/bench/clientset builds
// it stripped to measure what that costs in binary size and build time; its
// twin clientgo-typed does the same with the other library, line for line.
//
// It reads the API server and credentials from the environment (BENCH_HOST,
// BENCH_CA_FILE, BENCH_CERT_FILE, BENCH_KEY_FILE, BENCH_TOKEN) and the
// namespace from BENCH_NAMESPACE, and prints the number of pods listed.
package main

import (
	"context"
	"fmt"
	"os"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	corev1 "github.com/kclient/kclient/kubernetes/typed/core/v1"
	"github.com/kclient/kclient/rest"
)

func main() {
	cfg := &rest.Config{
		Host:        os.Getenv("BENCH_HOST"),
		BearerToken: os.Getenv("BENCH_TOKEN"),
		TLSClientConfig: rest.TLSClientConfig{
			CAFile:   os.Getenv("BENCH_CA_FILE"),
			CertFile: os.Getenv("BENCH_CERT_FILE"),
			KeyFile:  os.Getenv("BENCH_KEY_FILE"),
		},
	}
	client, err := corev1.NewForConfig(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "build client:", err)
		os.Exit(1)
	}
	pods, err := client.Pods(os.Getenv("BENCH_NAMESPACE")).List(context.Background(), metav1.ListOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "list pods:", err)
		os.Exit(1)
	}
	fmt.Printf("%d pods\n", len(pods.Items))
}
