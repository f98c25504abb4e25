package gentypecore

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/rest"
)

// ClientWithList is a Client that can also List and DeleteCollection.
type ClientWithList[T objectWithMeta, L runtime.Object] struct {
	*Client[T]
	Lister[T, L]
}

// Lister carries the collection verbs, List and DeleteCollection, of one
// Client. It is embedded next to the Client it was made for.
type Lister[T objectWithMeta, L runtime.Object] struct {
	client  *Client[T]
	newList func() L
}

// NewLister returns the collection verbs of c; emptyListCreator returns a
// new, empty list object that List decodes into.
func NewLister[T objectWithMeta, L runtime.Object](c *Client[T], emptyListCreator func() L) Lister[T, L] {
	return Lister[T, L]{client: c, newList: emptyListCreator}
}

// NewClientWithList is NewClient plus emptyListCreator, which returns a new,
// empty list object that List decodes into.
func NewClientWithList[T objectWithMeta, L runtime.Object](
	resource string, client rest.Interface, parameterCodec runtime.ParameterCodec, namespace string, emptyObjectCreator func() T,
	emptyListCreator func() L, options ...Option[T],
) *ClientWithList[T, L] {
	c := NewClient(resource, client, parameterCodec, namespace, emptyObjectCreator, options...)
	return &ClientWithList[T, L]{Client: c, Lister: NewLister(c, emptyListCreator)}
}

// List returns the objects matching opts' label and field selectors. It
// makes exactly one request: when opts.Limit is set the server returns one
// page and the list's continue token (ListMeta.Continue) asks for the next
// with opts.Continue; paging through a whole collection is the caller's
// loop. opts.TimeoutSeconds also bounds the HTTP request.
func (l *Lister[T, L]) List(ctx context.Context, opts metav1.ListOptions) (L, error) {
	out := l.newList()
	err := l.client.start(l.client.client.Get()).
		VersionedParams(&opts, l.client.parameterCodec).
		Timeout(listTimeout(&opts)).
		Do(ctx).
		Into(out)
	return out, err
}

// DeleteCollection deletes every object matching listOpts in the client's
// namespace (or cluster-wide for cluster-scoped clients); opts is sent as
// the request body.
func (l *Lister[T, L]) DeleteCollection(ctx context.Context, opts metav1.DeleteOptions, listOpts metav1.ListOptions) error {
	return l.client.start(l.client.client.Delete()).
		VersionedParams(&listOpts, l.client.parameterCodec).
		Timeout(listTimeout(&listOpts)).
		Body(&opts).
		Do(ctx).
		Error()
}
