package dynamic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/rest"
)

// errNameRequired is returned by the methods that address one object when
// no name is given.
var errNameRequired = errors.New("name is required")

// resourceClient is the ResourceInterface for one resource and namespace.
type resourceClient struct {
	client    rest.Interface
	resource  schema.GroupVersionResource
	namespace string
}

func (c *resourceClient) Namespace(ns string) ResourceInterface {
	cp := *c
	cp.namespace = ns
	return &cp
}

// path returns the URL path segments for the collection or, with a name, for
// one object, followed by the subresources.
func (c *resourceClient) path(name string, subresources ...string) []string {
	segs := make([]string, 0, 8+len(subresources))
	if c.resource.Group == "" {
		segs = append(segs, "api")
	} else {
		segs = append(segs, "apis", c.resource.Group)
	}
	segs = append(segs, c.resource.Version)
	if c.namespace != "" {
		segs = append(segs, "namespaces", c.namespace)
	}
	segs = append(segs, c.resource.Resource)
	if name != "" {
		segs = append(segs, name)
	}
	return append(segs, subresources...)
}

// validate checks that the namespace and, when given, the name can be used
// as path segments.
func (c *resourceClient) validate(name ...string) error {
	if msgs := rest.IsValidPathSegmentName(c.namespace); len(msgs) != 0 {
		return fmt.Errorf("invalid namespace %q: %v", c.namespace, msgs)
	}
	for _, n := range name {
		if msgs := rest.IsValidPathSegmentName(n); len(msgs) != 0 {
			return fmt.Errorf("invalid resource name %q: %v", n, msgs)
		}
	}
	return nil
}

// decode turns a response body into an Unstructured object.
func decode(body []byte) (*unstructured.Unstructured, error) {
	obj, err := runtime.Decode(unstructured.UnstructuredJSONScheme, body)
	if err != nil {
		return nil, err
	}
	u, ok := obj.(*unstructured.Unstructured)
	if !ok {
		return nil, fmt.Errorf("expected a single object in the response, got %T", obj)
	}
	return u, nil
}

// result finishes a request that returns one object. Undecodable bodies
// (an HTML page from a proxy, say) give an error naming the URL.
func result(ctx context.Context, req *rest.Request) (*unstructured.Unstructured, error) {
	body, err := req.Do(ctx).Raw()
	if err != nil {
		return nil, err
	}
	obj, err := decode(body)
	if err != nil {
		return nil, fmt.Errorf("decoding the response from %s: %w", req.URL().Redacted(), err)
	}
	return obj, nil
}

func (c *resourceClient) Create(ctx context.Context, obj *unstructured.Unstructured, opts metav1.CreateOptions, subresources ...string) (*unstructured.Unstructured, error) {
	body, err := runtime.Encode(unstructured.UnstructuredJSONScheme, obj)
	if err != nil {
		return nil, err
	}
	name := ""
	if len(subresources) > 0 {
		if name = obj.GetName(); name == "" {
			return nil, errNameRequired
		}
		if err := c.validate(name); err != nil {
			return nil, err
		}
	} else if err := c.validate(); err != nil {
		return nil, err
	}
	return result(ctx, c.client.Post().AbsPath(c.path(name, subresources...)...).
		SetHeader("Content-Type", runtime.ContentTypeJSON).Body(body).
		SpecificallyVersionedParams(&opts, parameterCodec, versionV1))
}

func (c *resourceClient) Update(ctx context.Context, obj *unstructured.Unstructured, opts metav1.UpdateOptions, subresources ...string) (*unstructured.Unstructured, error) {
	name := obj.GetName()
	if name == "" {
		return nil, errNameRequired
	}
	if err := c.validate(name); err != nil {
		return nil, err
	}
	body, err := runtime.Encode(unstructured.UnstructuredJSONScheme, obj)
	if err != nil {
		return nil, err
	}
	return result(ctx, c.client.Put().AbsPath(c.path(name, subresources...)...).
		SetHeader("Content-Type", runtime.ContentTypeJSON).Body(body).
		SpecificallyVersionedParams(&opts, parameterCodec, versionV1))
}

func (c *resourceClient) UpdateStatus(ctx context.Context, obj *unstructured.Unstructured, opts metav1.UpdateOptions) (*unstructured.Unstructured, error) {
	return c.Update(ctx, obj, opts, "status")
}

// deleteBody encodes DeleteOptions the way the server expects them in a
// DELETE body.
func deleteBody(opts metav1.DeleteOptions) ([]byte, error) {
	opts.APIVersion, opts.Kind = "v1", "DeleteOptions"
	return json.Marshal(&opts)
}

func (c *resourceClient) Delete(ctx context.Context, name string, opts metav1.DeleteOptions, subresources ...string) error {
	if name == "" {
		return errNameRequired
	}
	if err := c.validate(name); err != nil {
		return err
	}
	body, err := deleteBody(opts)
	if err != nil {
		return err
	}
	return c.client.Delete().AbsPath(c.path(name, subresources...)...).
		SetHeader("Content-Type", runtime.ContentTypeJSON).Body(body).Do(ctx).Error()
}

func (c *resourceClient) DeleteCollection(ctx context.Context, opts metav1.DeleteOptions, listOpts metav1.ListOptions) error {
	if err := c.validate(); err != nil {
		return err
	}
	body, err := deleteBody(opts)
	if err != nil {
		return err
	}
	return c.client.Delete().AbsPath(c.path("")...).
		SetHeader("Content-Type", runtime.ContentTypeJSON).Body(body).
		SpecificallyVersionedParams(&listOpts, parameterCodec, versionV1).Do(ctx).Error()
}

func (c *resourceClient) Get(ctx context.Context, name string, opts metav1.GetOptions, subresources ...string) (*unstructured.Unstructured, error) {
	if name == "" {
		return nil, errNameRequired
	}
	if err := c.validate(name); err != nil {
		return nil, err
	}
	return result(ctx, c.client.Get().AbsPath(c.path(name, subresources...)...).
		SpecificallyVersionedParams(&opts, parameterCodec, versionV1))
}

func (c *resourceClient) List(ctx context.Context, opts metav1.ListOptions) (*unstructured.UnstructuredList, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	req := c.client.Get().AbsPath(c.path("")...).
		SpecificallyVersionedParams(&opts, parameterCodec, versionV1)
	body, err := req.Do(ctx).Raw()
	if err != nil {
		return nil, err
	}
	obj, err := runtime.Decode(unstructured.UnstructuredJSONScheme, body)
	if err != nil {
		return nil, fmt.Errorf("decoding the response from %s: %w", req.URL().Redacted(), err)
	}
	switch o := obj.(type) {
	case *unstructured.UnstructuredList:
		return o, nil
	case *unstructured.Unstructured:
		return o.ToList()
	default:
		return nil, fmt.Errorf("expected a list in the response, got %T", obj)
	}
}

func (c *resourceClient) Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	opts.Watch = true
	return c.client.Get().AbsPath(c.path("")...).
		SpecificallyVersionedParams(&opts, parameterCodec, versionV1).Watch(ctx)
}

func (c *resourceClient) Patch(ctx context.Context, name string, pt types.PatchType, data []byte, opts metav1.PatchOptions, subresources ...string) (*unstructured.Unstructured, error) {
	if name == "" {
		return nil, errNameRequired
	}
	if err := c.validate(name); err != nil {
		return nil, err
	}
	return result(ctx, c.client.Patch(pt).AbsPath(c.path(name, subresources...)...).Body(data).
		SpecificallyVersionedParams(&opts, parameterCodec, versionV1))
}

func (c *resourceClient) Apply(ctx context.Context, name string, obj *unstructured.Unstructured, opts metav1.ApplyOptions, subresources ...string) (*unstructured.Unstructured, error) {
	if name == "" {
		return nil, errNameRequired
	}
	if err := c.validate(name); err != nil {
		return nil, err
	}
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return nil, err
	}
	if len(accessor.GetManagedFields()) > 0 {
		return nil, errors.New("cannot apply an object with managed fields already set: " +
			"extract the field manager's apply configuration first and apply that")
	}
	body, err := runtime.Encode(unstructured.UnstructuredJSONScheme, obj)
	if err != nil {
		return nil, err
	}
	patchOpts := opts.ToPatchOptions()
	return result(ctx, c.client.Patch(types.ApplyPatchType).AbsPath(c.path(name, subresources...)...).Body(body).
		SpecificallyVersionedParams(&patchOpts, parameterCodec, versionV1))
}

func (c *resourceClient) ApplyStatus(ctx context.Context, name string, obj *unstructured.Unstructured, opts metav1.ApplyOptions) (*unstructured.Unstructured, error) {
	return c.Apply(ctx, name, obj, opts, "status")
}
