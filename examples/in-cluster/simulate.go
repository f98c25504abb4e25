package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/clientcmd"
)

const serviceAccountName = "pod-lister"

// runSimulation does, with the kubeconfig's admin rights, what the cluster
// does for a pod: a namespace, a service account with a Role to read pods, a
// token for it and the mounted files; then it runs this program as the "pod".
func runSimulation(ctx context.Context, kubeconfig string) error {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = kubeconfig
	admin, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		return fmt.Errorf("loading kubeconfig: %w", err)
	}
	host, port, err := serviceHostPort(admin.Host)
	if err != nil {
		return err
	}
	if err := rest.LoadTLSFiles(admin); err != nil {
		return fmt.Errorf("reading the kubeconfig's CA file: %w", err)
	}
	if len(admin.CAData) == 0 {
		return errors.New("the kubeconfig names no certificate authority; a pod always has one (ca.crt), so the simulation needs one too")
	}
	clientset, err := kubernetes.NewForConfig(admin)
	if err != nil {
		return fmt.Errorf("creating the clientset: %w", err)
	}

	namespace := fmt.Sprintf("in-cluster-demo-%d", time.Now().UnixNano()%100000)
	if err := setUpServiceAccount(ctx, clientset, namespace); err != nil {
		return err
	}
	defer func() {
		// Deleting the namespace deletes the service account, which also
		// invalidates its token.
		err := clientset.CoreV1().Namespaces().Delete(context.Background(), namespace, metav1.DeleteOptions{})
		fmt.Printf("deleted namespace %s (err=%v)\n", namespace, err)
	}()

	// The kubelet would mount these three files into the pod.
	expiry := int64(600) // the shortest the API server accepts
	tr, err := clientset.CoreV1().ServiceAccounts(namespace).CreateToken(ctx, serviceAccountName,
		&authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: &expiry}}, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("requesting a token for service account %s: %w", serviceAccountName, err)
	}
	fmt.Printf("requested a token for service account %s/%s, valid until %s\n", namespace, serviceAccountName, tr.Status.ExpirationTimestamp.UTC().Format(time.RFC3339))
	dir, err := os.MkdirTemp("", "in-cluster-demo-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	files := map[string][]byte{"token": []byte(tr.Status.Token), "ca.crt": admin.CAData, "namespace": []byte(namespace)}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			return fmt.Errorf("writing the simulated pod's %s: %w", name, err)
		}
	}
	fmt.Printf("wrote token, ca.crt and namespace to %s (in a pod: %s)\n", dir, podServiceAccountDir)

	// The "pod": this program again, with the environment a pod gets and no
	// kubeconfig, so it cannot fall back to the admin credentials.
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding this program to run it as the pod: %w", err)
	}
	cmd := exec.CommandContext(ctx, self, "-simulated-pod-files", dir)
	cmd.Env = append(podEnv(os.Environ()), "KUBERNETES_SERVICE_HOST="+host, "KUBERNETES_SERVICE_PORT="+port)
	cmd.Stdout, cmd.Stderr = &indent{w: os.Stdout}, &indent{w: os.Stderr}
	fmt.Printf("running the simulated pod with KUBERNETES_SERVICE_HOST=%s KUBERNETES_SERVICE_PORT=%s\n", host, port)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("the simulated pod failed: %w", err)
	}
	return nil
}

// setUpServiceAccount creates namespace with two pods, the service account and
// a Role binding it to read pods, and waits until RBAC lets it list pods.
func setUpServiceAccount(ctx context.Context, clientset kubernetes.Interface, namespace string) error {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace}}
	if _, err := clientset.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating namespace %s: %w", namespace, err)
	}
	fmt.Printf("created namespace %s\n", namespace)
	for _, name := range []string{"default", serviceAccountName} {
		sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: name}}
		if _, err := clientset.CoreV1().ServiceAccounts(namespace).Create(ctx, sa, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("creating service account %s: %w", name, err)
		}
	}
	for _, name := range []string{"frontend", "backend"} {
		pod := &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Name: name},
			Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: name, Image: "busybox:1.37"}}},
		}
		if _, err := clientset.CoreV1().Pods(namespace).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("creating pod %s: %w", name, err)
		}
	}
	role := &rbacv1.Role{
		ObjectMeta: metav1.ObjectMeta{Name: "pod-reader"},
		Rules:      []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"pods"}, Verbs: []string{"get", "list", "watch"}}},
	}
	if _, err := clientset.RbacV1().Roles(namespace).Create(ctx, role, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating role %s: %w", role.Name, err)
	}
	binding := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "pod-lister-reads-pods"},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: role.Name},
		Subjects:   []rbacv1.Subject{{Kind: rbacv1.ServiceAccountKind, Name: serviceAccountName, Namespace: namespace}},
	}
	if _, err := clientset.RbacV1().RoleBindings(namespace).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating role binding %s: %w", binding.Name, err)
	}
	fmt.Printf("created service account %s, role %s and binding %s; pods frontend and backend\n", serviceAccountName, role.Name, binding.Name)

	// The authorizer learns about new bindings from its own cache a moment
	// later; ask it until it agrees.
	user := "system:serviceaccount:" + namespace + ":" + serviceAccountName
	sar := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
		User:               user,
		Groups:             []string{"system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated"},
		ResourceAttributes: &authorizationv1.ResourceAttributes{Namespace: namespace, Verb: "list", Resource: "pods"},
	}}
	err := wait.PollUntilContextTimeout(ctx, 50*time.Millisecond, 10*time.Second, true, func(ctx context.Context) (bool, error) {
		got, err := clientset.AuthorizationV1().SubjectAccessReviews().Create(ctx, sar, metav1.CreateOptions{})
		return err == nil && got.Status.Allowed, err
	})
	if err != nil {
		return fmt.Errorf("waiting until RBAC allows %s to list pods: %w", user, err)
	}
	return nil
}

// runSimulatedPod is the child: it runs the in-pod code path, then, since the
// files are not at the in-pod paths, builds the same configuration from the
// simulated directory.
func runSimulatedPod(ctx context.Context, dir string) error {
	_, err := rest.InClusterConfig()
	switch {
	case err == nil:
		// The machine running the demo is itself a pod (CI in Kubernetes):
		// its own credentials do not belong to the demo's API server.
		fmt.Printf("rest.InClusterConfig() found this machine's own service account files in %s; the simulation uses %s instead\n", podServiceAccountDir, dir)
	case errors.Is(err, rest.ErrNotInCluster):
		return fmt.Errorf("the simulated pod's environment lacks KUBERNETES_SERVICE_HOST/PORT: %w", err)
	default:
		fmt.Printf("rest.InClusterConfig() saw KUBERNETES_SERVICE_HOST/PORT and then stopped: %v\n", err)
		fmt.Printf("building the same configuration from %s instead\n", dir)
	}
	config, err := configFromPodFiles(dir)
	if err != nil {
		return err
	}
	namespace, err := os.ReadFile(filepath.Join(dir, "namespace"))
	if err != nil {
		return fmt.Errorf("reading the pod's namespace: %w", err)
	}
	return work(ctx, config, string(namespace), "system:serviceaccount:"+string(namespace)+":"+serviceAccountName)
}

// configFromPodFiles builds what rest.InClusterConfig builds, with the token
// and CA read from dir instead of the fixed in-pod directory: the API server
// from the service environment variables, the token re-read from its file
// as it rotates, and the service account CA as the only trusted root.
func configFromPodFiles(dir string) (*rest.Config, error) {
	host, port := os.Getenv("KUBERNETES_SERVICE_HOST"), os.Getenv("KUBERNETES_SERVICE_PORT")
	if host == "" || port == "" {
		return nil, rest.ErrNotInCluster
	}
	tokenFile := filepath.Join(dir, "token")
	token, err := os.ReadFile(tokenFile)
	if err != nil {
		return nil, fmt.Errorf("reading the service account token: %w", err)
	}
	return &rest.Config{
		Host:            "https://" + net.JoinHostPort(host, port),
		BearerToken:     string(token),
		BearerTokenFile: tokenFile,
		TLSClientConfig: rest.TLSClientConfig{CAFile: filepath.Join(dir, "ca.crt")},
	}, nil
}

// serviceHostPort splits an https API server URL into what the
// KUBERNETES_SERVICE_HOST and _PORT variables hold.
func serviceHostPort(server string) (string, string, error) {
	u, err := url.Parse(server)
	if err != nil || u.Scheme != "https" || u.Hostname() == "" {
		return "", "", fmt.Errorf("the kubeconfig's server %q is not an https URL; in-cluster configuration always uses https", server)
	}
	port := u.Port()
	if port == "" {
		port = "443"
	}
	return u.Hostname(), port, nil
}

// podEnv drops from env what a pod would not have: a kubeconfig, and any
// service variables of a cluster this machine itself may be running in.
func podEnv(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if strings.HasPrefix(kv, "KUBECONFIG=") || strings.HasPrefix(kv, "KUBERNETES_SERVICE_") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// indent prefixes each write with the simulated pod's marker. The child writes
// whole lines, so a write-level prefix is enough.
type indent struct{ w *os.File }

func (i *indent) Write(p []byte) (int, error) {
	lines := strings.SplitAfter(string(p), "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			b.WriteString("    [pod] " + l)
		}
	}
	if _, err := i.w.WriteString(b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}
