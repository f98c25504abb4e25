package main

import (
	"context"
	"fmt"

	authenticationv1 "k8s.io/api/authentication/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
)

// work is what the program does with its in-cluster configuration: say who
// it is authenticated as, list the pods of its namespace, and show that the
// service account may do no more than RBAC grants it. If wantUser is set, the
// authenticated user must be that one.
func work(ctx context.Context, config *rest.Config, namespace, wantUser string) error {
	clientset, err := kubernetes.NewForConfig(config)
	if err != nil {
		return fmt.Errorf("creating the clientset: %w", err)
	}

	review, err := clientset.AuthenticationV1().SelfSubjectReviews().Create(ctx, &authenticationv1.SelfSubjectReview{}, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("asking the API server who we are: %w", err)
	}
	user := review.Status.UserInfo.Username
	fmt.Printf("authenticated to %s as %s (groups %v)\n", config.Host, user, review.Status.UserInfo.Groups)
	if wantUser != "" && user != wantUser {
		return fmt.Errorf("expected to be authenticated as %s, not %s", wantUser, user)
	}

	pods, err := clientset.CoreV1().Pods(namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		return fmt.Errorf("listing pods in namespace %s: %w", namespace, err)
	}
	fmt.Printf("%d pods in namespace %s:\n", len(pods.Items), namespace)
	for _, p := range pods.Items {
		fmt.Printf("  %s (%s)\n", p.Name, p.Status.Phase)
	}

	// Secrets were not granted: the API server must refuse.
	_, err = clientset.CoreV1().Secrets(namespace).List(ctx, metav1.ListOptions{})
	switch {
	case apierrors.IsForbidden(err):
		fmt.Println("listing secrets is forbidden, as RBAC says")
	case err != nil:
		return fmt.Errorf("listing secrets: expected Forbidden, got %w", err)
	case wantUser != "":
		return fmt.Errorf("listing secrets should be forbidden for %s", user)
	default:
		fmt.Println("listing secrets is allowed: this service account has more rights than this program needs")
	}
	return nil
}
