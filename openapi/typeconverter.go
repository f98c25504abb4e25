package openapi

import (
	"encoding/json"
	"fmt"
	"sync"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/managedfields"
	"k8s.io/kube-openapi/pkg/spec3"
	"k8s.io/kube-openapi/pkg/validation/spec"
)

// NewTypeConverter builds a managedfields.TypeConverter (used for
// server-side-apply style field management and extraction) from every
// OpenAPI v3 document client lists. The documents are fetched concurrently;
// any failure fails the whole call. preserveUnknownFields keeps fields the
// schemas do not describe.
func NewTypeConverter(client Client, preserveUnknownFields bool) (managedfields.TypeConverter, error) {
	paths, err := client.Paths()
	if err != nil {
		return nil, fmt.Errorf("listing OpenAPI v3 documents: %w", err)
	}
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		firstErr error
		schemas  = map[string]*spec.Schema{}
	)
	for path, gv := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data, err := gv.Schema(runtime.ContentTypeJSON)
			var doc spec3.OpenAPI
			if err == nil {
				err = json.Unmarshal(data, &doc)
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = fmt.Errorf("reading OpenAPI v3 document %s: %w", path, err)
				}
				return
			}
			if doc.Components != nil {
				for name, s := range doc.Components.Schemas {
					schemas[name] = s
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return managedfields.NewTypeConverter(schemas, preserveUnknownFields)
}
