package v1_test

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	corev1client "github.com/kclient/kclient/kubernetes/typed/core/v1"
	"github.com/kclient/kclient/rest"
)

// Importing only this package keeps a program small: it links the core/v1
// API types, not every built-in group.
func ExampleNewForConfig() {
	client, err := corev1client.NewForConfig(&rest.Config{Host: "https://127.0.0.1:6443", BearerToken: "token"})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "settings"}, Data: map[string]string{"mode": "fast"}}
	_, err = client.ConfigMaps("default").Create(ctx, cm, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		_, err = client.ConfigMaps("default").Update(ctx, cm, metav1.UpdateOptions{})
	}
	if err != nil {
		fmt.Println(err)
	}
}
