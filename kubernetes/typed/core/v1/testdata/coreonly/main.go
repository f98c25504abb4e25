// Command coreonly is a program that uses only the core/v1 typed client; the
// linking test checks which API packages it depends on.
package main

import (
	"context"
	"fmt"
	"os"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	corev1client "github.com/kclient/kclient/kubernetes/typed/core/v1"
	"github.com/kclient/kclient/rest"
)

func main() {
	client, err := corev1client.NewForConfig(&rest.Config{Host: os.Getenv("KUBE_HOST")})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pods, err := client.Pods("default").List(context.Background(), metav1.ListOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(len(pods.Items))
}
