package pager_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/pager"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

func TestListPagerOverManyPagesOnCluster(t *testing.T) {
	c := testcluster.Get(t)
	cs, err := kubernetes.NewForConfig(&rest.Config{Host: c.Host, TLSClientConfig: rest.TLSClientConfig{
		CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData}})
	require.NoError(t, err)
	ctx := context.Background()
	ns, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "pager-"}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.CoreV1().Namespaces().Delete(context.Background(), ns.Name, metav1.DeleteOptions{}) })
	var want []string
	for i := range 7 {
		name := fmt.Sprintf("cm-%d", i)
		want = append(want, name)
		_, err := cs.CoreV1().ConfigMaps(ns.Name).Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
		require.NoError(t, err)
	}

	var requests atomic.Int32
	p := pager.New(func(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error) {
		requests.Add(1)
		return cs.CoreV1().ConfigMaps(ns.Name).List(ctx, opts)
	})
	p.PageSize = 3

	list, paginated, err := p.List(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	assert.True(t, paginated)
	assert.Equal(t, int32(3), requests.Load(), "7 items in pages of 3")
	items, err := meta.ExtractList(list)
	require.NoError(t, err)
	var got []string
	for _, item := range items {
		got = append(got, item.(*corev1.ConfigMap).Name)
	}
	sort.Strings(got)
	assert.Equal(t, want, got)

	var each []string
	require.NoError(t, p.EachListItem(ctx, metav1.ListOptions{}, func(obj runtime.Object) error {
		each = append(each, obj.(*corev1.ConfigMap).Name)
		return nil
	}))
	sort.Strings(each)
	assert.Equal(t, want, each)
}
