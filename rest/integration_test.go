package rest_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/internal/localcluster"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes/scheme"
	"github.com/kclient/kclient/rest"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

// Wire formats the integration tests run with.
var wireFormats = map[string]rest.ContentConfig{
	"json": {ContentType: "application/json"},
	"protobuf": {
		ContentType:        "application/vnd.kubernetes.protobuf",
		AcceptContentTypes: "application/vnd.kubernetes.protobuf,application/json",
	},
}

// adminConfig is a core/v1 config authenticating with the admin client
// certificate and verifying the server against the cluster CA.
func adminConfig(c *localcluster.Cluster, content rest.ContentConfig) *rest.Config {
	content.GroupVersion = &corev1.SchemeGroupVersion
	content.NegotiatedSerializer = scheme.Codecs.WithoutConversion()
	return &rest.Config{
		Host:          c.Host,
		APIPath:       "/api",
		ContentConfig: content,
		TLSClientConfig: rest.TLSClientConfig{
			CAData:   c.CAData,
			CertData: c.ClientCertData,
			KeyData:  c.ClientKeyData,
		},
		QPS:   50,
		Burst: 100,
	}
}

func restClient(t *testing.T, cfg *rest.Config) *rest.RESTClient {
	t.Helper()
	client, err := rest.RESTClientFor(cfg)
	require.NoError(t, err)
	return client
}

// testNamespace creates a uniquely named namespace deleted after the test.
func testNamespace(t *testing.T, client *rest.RESTClient) string {
	t.Helper()
	ctx := context.Background()
	name := fmt.Sprintf("rest-it-%s-%d", strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name())), time.Now().UnixNano()%1e6)
	if len(name) > 63 {
		name = name[len(name)-63:]
		name = strings.TrimLeft(name, "-")
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
	require.NoError(t, client.Post().Resource("namespaces").Body(ns).Do(ctx).Error())
	t.Cleanup(func() {
		_ = client.Delete().Resource("namespaces").Name(name).Do(context.Background()).Error()
	})
	return name
}

func newConfigMap(name string, data map[string]string) *corev1.ConfigMap {
	return &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name}, Data: data}
}

func TestIntegrationConfigMapLifecycle(t *testing.T) {
	cluster := testcluster.Get(t)
	for format, content := range wireFormats {
		t.Run(format, func(t *testing.T) {
			ctx := context.Background()
			client := restClient(t, adminConfig(cluster, content))
			ns := testNamespace(t, client)

			// create
			var created corev1.ConfigMap
			var wasCreated bool
			err := client.Post().Namespace(ns).Resource("configmaps").Body(newConfigMap("cm", map[string]string{"a": "1"})).
				Do(ctx).WasCreated(&wasCreated).Into(&created)
			require.NoError(t, err)
			assert.True(t, wasCreated)
			assert.NotEmpty(t, created.ResourceVersion)

			// create again: AlreadyExists (409)
			err = client.Post().Namespace(ns).Resource("configmaps").Body(newConfigMap("cm", nil)).Do(ctx).Error()
			assert.True(t, apierrors.IsAlreadyExists(err), "%v", err)
			assert.Equal(t, int32(409), apierrors.APIStatus(err.(*apierrors.StatusError)).Status().Code)

			// get
			var got corev1.ConfigMap
			require.NoError(t, client.Get().Namespace(ns).Resource("configmaps").Name("cm").Do(ctx).Into(&got))
			assert.Equal(t, "1", got.Data["a"])

			// update
			got.Data["a"] = "2"
			var updated corev1.ConfigMap
			require.NoError(t, client.Put().Namespace(ns).Resource("configmaps").Name("cm").Body(&got).Do(ctx).Into(&updated))
			assert.Equal(t, "2", updated.Data["a"])

			// update with the stale resourceVersion: Conflict
			got.Data["a"] = "stale"
			err = client.Put().Namespace(ns).Resource("configmaps").Name("cm").Body(&got).Do(ctx).Error()
			assert.True(t, apierrors.IsConflict(err), "%v", err)

			// patches
			patches := []struct {
				pt    types.PatchType
				body  string
				key   string
				value string
			}{
				{types.MergePatchType, `{"data":{"merge":"yes"}}`, "merge", "yes"},
				{types.JSONPatchType, `[{"op":"add","path":"/data/json","value":"yes"}]`, "json", "yes"},
				{types.StrategicMergePatchType, `{"data":{"strategic":"yes"}}`, "strategic", "yes"},
			}
			for _, p := range patches {
				var patched corev1.ConfigMap
				require.NoError(t, client.Patch(p.pt).Namespace(ns).Resource("configmaps").Name("cm").Body([]byte(p.body)).Do(ctx).Into(&patched), p.pt)
				assert.Equal(t, p.value, patched.Data[p.key], p.pt)
				assert.Equal(t, "2", patched.Data["a"], "%s keeps other keys", p.pt)
			}

			// delete, then NotFound
			require.NoError(t, client.Delete().Namespace(ns).Resource("configmaps").Name("cm").Do(ctx).Error())
			err = client.Get().Namespace(ns).Resource("configmaps").Name("cm").Do(ctx).Into(&got)
			assert.True(t, apierrors.IsNotFound(err), "%v", err)
			err = client.Delete().Namespace(ns).Resource("configmaps").Name("cm").Do(ctx).Error()
			assert.True(t, apierrors.IsNotFound(err), "%v", err)
		})
	}
}

func TestIntegrationListPagination(t *testing.T) {
	cluster := testcluster.Get(t)
	for format, content := range wireFormats {
		t.Run(format, func(t *testing.T) {
			ctx := context.Background()
			client := restClient(t, adminConfig(cluster, content))
			ns := testNamespace(t, client)
			for i := range 5 {
				require.NoError(t, client.Post().Namespace(ns).Resource("configmaps").Body(newConfigMap(fmt.Sprintf("cm-%d", i), nil)).Do(ctx).Error())
			}
			var names []string
			opts := metav1.ListOptions{Limit: 2, LabelSelector: ""}
			pages := 0
			for {
				var list corev1.ConfigMapList
				require.NoError(t, client.Get().Namespace(ns).Resource("configmaps").VersionedParams(&opts, scheme.ParameterCodec).Do(ctx).Into(&list))
				pages++
				assert.LessOrEqual(t, len(list.Items), 2)
				for _, item := range list.Items {
					if strings.HasPrefix(item.Name, "cm-") {
						names = append(names, item.Name)
					}
				}
				if list.Continue == "" {
					break
				}
				opts.Continue = list.Continue
			}
			assert.Equal(t, []string{"cm-0", "cm-1", "cm-2", "cm-3", "cm-4"}, names)
			assert.GreaterOrEqual(t, pages, 3)
		})
	}
}

func TestIntegrationWatch(t *testing.T) {
	cluster := testcluster.Get(t)
	for format, content := range wireFormats {
		t.Run(format, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			client := restClient(t, adminConfig(cluster, content))
			ns := testNamespace(t, client)

			var list corev1.ConfigMapList
			require.NoError(t, client.Get().Namespace(ns).Resource("configmaps").Do(ctx).Into(&list))
			w, err := client.Get().Namespace(ns).Resource("configmaps").
				VersionedParams(&metav1.ListOptions{Watch: true, ResourceVersion: list.ResourceVersion, FieldSelector: "metadata.name=watched"}, scheme.ParameterCodec).
				Watch(ctx)
			require.NoError(t, err)
			defer w.Stop()

			var cm corev1.ConfigMap
			require.NoError(t, client.Post().Namespace(ns).Resource("configmaps").Body(newConfigMap("watched", map[string]string{"v": "1"})).Do(ctx).Into(&cm))
			cm.Data["v"] = "2"
			require.NoError(t, client.Put().Namespace(ns).Resource("configmaps").Name("watched").Body(&cm).Do(ctx).Error())
			require.NoError(t, client.Delete().Namespace(ns).Resource("configmaps").Name("watched").Do(ctx).Error())

			var seen []watch.EventType
			for len(seen) < 3 {
				select {
				case e, ok := <-w.ResultChan():
					require.True(t, ok, "the watch ended early after %v", seen)
					obj, isCM := e.Object.(*corev1.ConfigMap)
					require.True(t, isCM, "unexpected %s event object %T: %v", e.Type, e.Object, e.Object)
					assert.Equal(t, "watched", obj.Name)
					seen = append(seen, e.Type)
				case <-ctx.Done():
					t.Fatalf("timed out, saw %v", seen)
				}
			}
			assert.Equal(t, []watch.EventType{watch.Added, watch.Modified, watch.Deleted}, seen)
			w.Stop()
			for range w.ResultChan() {
			}
		})
	}
}

func TestIntegrationAuthErrors(t *testing.T) {
	cluster := testcluster.Get(t)
	ctx := context.Background()

	// a valid bearer token works
	cfg := adminConfig(cluster, wireFormats["json"])
	cfg.CertData, cfg.KeyData = nil, nil
	cfg.BearerToken = cluster.Token
	require.NoError(t, restClient(t, cfg).Get().Resource("namespaces").Name("default").Do(ctx).Error())

	// a wrong one is Unauthorized
	cfg.BearerToken = "not-a-valid-token"
	err := restClient(t, cfg).Get().Resource("namespaces").Name("default").Do(ctx).Error()
	assert.True(t, apierrors.IsUnauthorized(err), "%v", err)
	assert.NotContains(t, err.Error(), "not-a-valid-token")

	// an authenticated user without permissions is Forbidden
	cfg = adminConfig(cluster, wireFormats["json"])
	cfg.Impersonate = rest.ImpersonationConfig{UserName: "nobody@example.com"}
	err = restClient(t, cfg).Get().Resource("namespaces").Name("default").Do(ctx).Error()
	assert.True(t, apierrors.IsForbidden(err), "%v", err)
}

func TestIntegrationTLSVerification(t *testing.T) {
	cluster := testcluster.Get(t)
	ctx := context.Background()

	cfg := adminConfig(cluster, wireFormats["json"])
	require.True(t, rest.IsConfigTransportTLS(*cfg))
	body, err := restClient(t, cfg).Get().AbsPath("/readyz").DoRaw(ctx)
	require.NoError(t, err)
	assert.Equal(t, "ok", string(body))

	cfg.CAData = otherCA(t)
	_, err = restClient(t, cfg).Get().AbsPath("/readyz").MaxRetries(0).DoRaw(ctx)
	require.Error(t, err, "a server certificate not signed by the configured CA is rejected")
	assert.Contains(t, err.Error(), "certificate")

	cfg.CAData = nil
	cfg.CAFile = cluster.CAFile
	cfg.CertData, cfg.KeyData = nil, nil
	cfg.CertFile, cfg.KeyFile = cluster.ClientCertFile, cluster.ClientKeyFile
	_, err = restClient(t, cfg).Get().AbsPath("/readyz").DoRaw(ctx)
	require.NoError(t, err, "files work like inline data")
}

// otherCA returns a freshly generated, unrelated CA certificate.
func otherCA(t *testing.T) []byte {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "unrelated-ca"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}
