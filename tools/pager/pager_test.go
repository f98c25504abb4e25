package pager

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kruntime "k8s.io/apimachinery/pkg/runtime"
)

// fakeLister serves n ConfigMaps in pages and records every request.
type fakeLister struct {
	mu           sync.Mutex
	n            int
	expireOnPage int // if > 0, the request for this page (1-based) fails with Expired
	calls        []metav1.ListOptions
}

func (f *fakeLister) list(_ context.Context, o metav1.ListOptions) (kruntime.Object, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, o)
	start := 0
	if o.Continue != "" {
		start, _ = strconv.Atoi(o.Continue)
	}
	if f.expireOnPage > 0 && len(f.calls) == f.expireOnPage {
		return nil, apierrors.NewResourceExpired("expired")
	}
	end := f.n
	if o.Limit > 0 && start+int(o.Limit) < end {
		end = start + int(o.Limit)
	}
	list := &v1.ConfigMapList{ListMeta: metav1.ListMeta{ResourceVersion: "42"}}
	for i := start; i < end; i++ {
		list.Items = append(list.Items, v1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprint("cm", i)}})
	}
	if end < f.n {
		list.Continue = strconv.Itoa(end)
	}
	return list, nil
}

func names(t *testing.T, obj kruntime.Object) []string {
	t.Helper()
	var out []string
	switch l := obj.(type) {
	case *v1.ConfigMapList:
		for _, cm := range l.Items {
			out = append(out, cm.Name)
		}
	case *metainternalversion.List:
		for _, o := range l.Items {
			out = append(out, o.(*v1.ConfigMap).Name)
		}
	default:
		t.Fatalf("unexpected list %T", obj)
	}
	return out
}

func TestListPagerList(t *testing.T) {
	tests := []struct {
		name          string
		n             int
		pageSize      int64
		expireOnPage  int
		fullIfExpired bool
		wantItems     int
		wantCalls     int
		wantPaginated bool
		wantErr       bool
	}{
		{"single page", 3, 10, 0, true, 3, 1, false, false},
		{"several pages", 25, 10, 0, true, 25, 3, true, false},
		{"no paging", 25, 0, 0, true, 25, 1, false, false},
		{"expired continuation falls back to a full list", 25, 10, 2, true, 25, 3, true, false},
		{"expired continuation without fallback fails", 25, 10, 2, false, 0, 2, true, true},
		{"expired first page fails", 25, 10, 1, true, 0, 1, false, true},
	}
	for _, tt := range tests {
		for _, alloc := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/alloc=%v", tt.name, alloc), func(t *testing.T) {
				f := &fakeLister{n: tt.n, expireOnPage: tt.expireOnPage}
				p := New(f.list)
				p.PageSize = tt.pageSize
				p.FullListIfExpired = tt.fullIfExpired
				list := p.List
				if alloc {
					list = p.ListWithAlloc
				}
				obj, paginated, err := list(context.Background(), metav1.ListOptions{ResourceVersion: "0", LabelSelector: "a=b"})
				assert.Len(t, f.calls, tt.wantCalls)
				assert.Equal(t, tt.wantPaginated, paginated)
				if tt.wantErr {
					require.Error(t, err)
					return
				}
				require.NoError(t, err)
				assert.Len(t, names(t, obj), tt.wantItems)
				for i, c := range f.calls {
					assert.Equal(t, "a=b", c.LabelSelector, "selectors are kept")
					if c.Continue != "" {
						assert.Empty(t, c.ResourceVersion, "call %d: continuations name no version", i)
					}
				}
				if tt.expireOnPage > 0 {
					last := f.calls[len(f.calls)-1]
					assert.Equal(t, metav1.ListOptions{ResourceVersion: "0", LabelSelector: "a=b"}, last, "the fallback is a full list at the requested version")
				}
			})
		}
	}
}

func TestListPagerEachListItem(t *testing.T) {
	for _, alloc := range []bool{false, true} {
		t.Run(fmt.Sprint("alloc=", alloc), func(t *testing.T) {
			f := &fakeLister{n: 23}
			p := New(f.list)
			p.PageSize = 5
			each := p.EachListItem
			if alloc {
				each = p.EachListItemWithAlloc
			}
			var got []string
			require.NoError(t, each(context.Background(), metav1.ListOptions{}, func(o kruntime.Object) error {
				got = append(got, o.(*v1.ConfigMap).Name)
				return nil
			}))
			assert.Len(t, got, 23)
			assert.Equal(t, "cm22", got[22])

			stop := errors.New("stop")
			n := 0
			err := each(context.Background(), metav1.ListOptions{}, func(kruntime.Object) error {
				n++
				if n == 7 {
					return stop
				}
				return nil
			})
			assert.ErrorIs(t, err, stop)
			assert.Equal(t, 7, n)

			f.expireOnPage = len(f.calls) + 2
			err = each(context.Background(), metav1.ListOptions{}, func(kruntime.Object) error { return nil })
			assert.True(t, apierrors.IsResourceExpired(err), "got %v", err)

			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			err = each(ctx, metav1.ListOptions{}, func(kruntime.Object) error { return nil })
			assert.Error(t, err)

			assert.Eventually(t, func() bool { return fetchers() == 0 }, 5*time.Second, 5*time.Millisecond, "the page fetcher stops")
		})
	}
}

// fetchers counts running page-fetching goroutines.
func fetchers() int {
	buf := make([]byte, 1<<20)
	return strings.Count(string(buf[:runtime.Stack(buf, true)]), "(*ListPager).eachListItem.func")
}

func TestSimplePageFuncAndMissingPageFn(t *testing.T) {
	f := &fakeLister{n: 2}
	fn := SimplePageFunc(func(o metav1.ListOptions) (kruntime.Object, error) { return f.list(context.Background(), o) })
	obj, err := fn(context.Background(), metav1.ListOptions{})
	require.NoError(t, err)
	assert.Len(t, names(t, obj), 2)

	_, _, err = (&ListPager{}).List(context.Background(), metav1.ListOptions{})
	require.Error(t, err)
	err = (&ListPager{}).EachListItem(context.Background(), metav1.ListOptions{}, nil)
	require.Error(t, err)
	_, _, err = New(func(context.Context, metav1.ListOptions) (kruntime.Object, error) { return &v1.ConfigMap{}, nil }).List(context.Background(), metav1.ListOptions{})
	require.True(t, err != nil && strings.Contains(err.Error(), "list"), "a non-list page is an error: %v", err)
}

// A pager fetches a large collection page by page.
func ExampleListPager_List() {
	f := &fakeLister{n: 1200}
	p := New(f.list) // pages of 500
	list, paginated, err := p.List(context.Background(), metav1.ListOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(list.(*metainternalversion.List).Items), paginated, len(f.calls))
	// Output: 1200 true 3
}
