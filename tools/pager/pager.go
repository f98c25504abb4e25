// Package pager splits large LIST requests into pages of bounded size, so
// that neither the apiserver nor the client has to handle a huge response at
// once, and falls back to one full list when a page's continuation token has
// expired.
package pager

import (
	"context"
	"errors"
	"fmt"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

const (
	defaultPageSize       = 500
	defaultPageBufferSize = 10
)

// ListPageFunc returns one page of a list: a list object for opts.
type ListPageFunc func(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error)

// SimplePageFunc adapts a list function without context to a ListPageFunc.
func SimplePageFunc(fn func(opts metav1.ListOptions) (runtime.Object, error)) ListPageFunc {
	return func(_ context.Context, opts metav1.ListOptions) (runtime.Object, error) {
		return fn(opts)
	}
}

// ListPager lists in pages of at most PageSize items through PageFn, which
// must honour Limit and Continue. It never changes the selectors of the
// options it is given. A ListPager may be used by several goroutines at once
// as long as its fields are not changed.
type ListPager struct {
	// PageSize is the page size used when options.Limit is zero; zero means
	// no paging.
	PageSize int64
	// PageFn fetches one page.
	PageFn ListPageFunc

	// FullListIfExpired makes the pager list everything in one request when
	// a continuation token has expired, instead of failing.
	FullListIfExpired bool

	// PageBufferSize is how many fetched pages may wait ahead of the
	// consumer in the streaming helpers.
	PageBufferSize int32
}

// New returns a ListPager for fn with pages of 500, a buffer of 10 pages, and
// a full list as the last resort when a continuation expires.
func New(fn ListPageFunc) *ListPager {
	return &ListPager{PageSize: defaultPageSize, PageFn: fn, FullListIfExpired: true, PageBufferSize: defaultPageBufferSize}
}

// List returns the whole list as one list object, fetched in pages. The
// bool reports whether the server answered with more than one page. If a
// continuation expires and FullListIfExpired is set, the full list is
// fetched in one request instead. The items of the result alias the pages'
// item slices; use ListWithAlloc to copy them out.
func (p *ListPager) List(ctx context.Context, options metav1.ListOptions) (runtime.Object, bool, error) {
	return p.list(ctx, options, false)
}

// ListWithAlloc is List, but copies each item out of its page so that a
// retained item does not keep the whole page alive.
func (p *ListPager) ListWithAlloc(ctx context.Context, options metav1.ListOptions) (runtime.Object, bool, error) {
	return p.list(ctx, options, true)
}

func (p *ListPager) pageFn() (ListPageFunc, error) {
	if p.PageFn == nil {
		return nil, errors.New("ListPager has no PageFn")
	}
	return p.PageFn, nil
}

func (p *ListPager) list(ctx context.Context, options metav1.ListOptions, alloc bool) (runtime.Object, bool, error) {
	pageFn, err := p.pageFn()
	if err != nil {
		return nil, false, err
	}
	if options.Limit == 0 {
		options.Limit = p.PageSize
	}
	requestedRV := options.ResourceVersion
	requestedMatch := options.ResourceVersionMatch
	var list *metainternalversion.List
	paginated := false
	for {
		if err := ctx.Err(); err != nil {
			return nil, paginated, err
		}
		obj, err := pageFn(ctx, options)
		if err != nil {
			if !p.FullListIfExpired || !apierrors.IsResourceExpired(err) || options.Continue == "" {
				return nil, paginated, err
			}
			// The continuation expired: list everything at once instead.
			options.Limit = 0
			options.Continue = ""
			options.ResourceVersion = requestedRV
			options.ResourceVersionMatch = requestedMatch
			obj, err := pageFn(ctx, options)
			return obj, paginated, err
		}
		m, err := meta.ListAccessor(obj)
		if err != nil {
			return nil, paginated, fmt.Errorf("returned object must be a list: %w", err)
		}
		if m.GetContinue() == "" && list == nil {
			return obj, paginated, nil // a single page
		}
		if list == nil {
			list = &metainternalversion.List{Items: make([]runtime.Object, 0, int(options.Limit)+1)}
		}
		each := meta.EachListItem
		if alloc {
			each = meta.EachListItemWithAlloc
		}
		if err := each(obj, func(o runtime.Object) error {
			list.Items = append(list.Items, o)
			return nil
		}); err != nil {
			return nil, paginated, err
		}
		if m.GetContinue() == "" {
			list.ResourceVersion = m.GetResourceVersion()
			list.SelfLink = m.GetSelfLink()
			return list, paginated, nil
		}
		paginated = true
		options.Continue = m.GetContinue()
		// The token pins the version; continuations must not name one.
		options.ResourceVersion = ""
		options.ResourceVersionMatch = ""
	}
}

// EachListItem calls fn for every item of the list, fetching pages in the
// background (up to PageBufferSize ahead) while fn runs. It stops at, and
// returns, the first error of fn, of a page request, or of ctx. A
// continuation that expires yields an Expired error: the pages are not
// retried as a full list here. Items alias their page's item slice; use
// EachListItemWithAlloc if they are retained for different durations.
func (p *ListPager) EachListItem(ctx context.Context, options metav1.ListOptions, fn func(obj runtime.Object) error) error {
	return p.eachListItem(ctx, options, fn, meta.EachListItem)
}

// EachListItemWithAlloc is EachListItem, but copies each item out of its
// page so that a retained item does not keep the whole page alive.
func (p *ListPager) EachListItemWithAlloc(ctx context.Context, options metav1.ListOptions, fn func(obj runtime.Object) error) error {
	return p.eachListItem(ctx, options, fn, meta.EachListItemWithAlloc)
}

func (p *ListPager) eachListItem(ctx context.Context, options metav1.ListOptions, fn func(runtime.Object) error, each func(runtime.Object, func(runtime.Object) error) error) error {
	pageFn, err := p.pageFn()
	if err != nil {
		return err
	}
	if options.Limit == 0 {
		options.Limit = p.PageSize
	}
	ctx, cancel := context.WithCancel(ctx)
	pages := make(chan runtime.Object, max(p.PageBufferSize, 0))
	var fetchErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(pages)
		for {
			obj, err := pageFn(ctx, options)
			if err != nil {
				fetchErr = err
				return
			}
			m, err := meta.ListAccessor(obj)
			if err != nil {
				fetchErr = fmt.Errorf("returned object must be a list: %w", err)
				return
			}
			select {
			case pages <- obj:
			case <-ctx.Done():
				fetchErr = ctx.Err()
				return
			}
			if m.GetContinue() == "" {
				return
			}
			options.Continue = m.GetContinue()
			options.ResourceVersion = ""
			options.ResourceVersionMatch = ""
		}
	}()
	// Stop and wait for the fetcher however this returns.
	defer func() {
		cancel()
		for range pages {
		}
		wg.Wait()
	}()
	for page := range pages {
		if err := each(page, fn); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	wg.Wait()
	return fetchErr
}
