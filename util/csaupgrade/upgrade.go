// Package csaupgrade moves field ownership recorded by client-side apply
// (Update operations by a manager such as "kubectl-client-side-apply") to a
// server-side apply manager, so that a later server-side apply by that
// manager can remove fields the client-side applier once set.
//
// Without the upgrade, the fields owned by the old Update entry stay owned by
// it forever: a server-side apply that omits them leaves them in place.
package csaupgrade

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/sets"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

// FindFieldsOwners returns the entries of managedFields with the given
// operation whose field set contains every field in fields. Entries whose
// field set cannot be decoded are skipped, not reported.
func FindFieldsOwners(
	managedFields []metav1.ManagedFieldsEntry,
	operation metav1.ManagedFieldsOperationType,
	fields *fieldpath.Set,
) []metav1.ManagedFieldsEntry {
	var owners []metav1.ManagedFieldsEntry
	for _, e := range managedFields {
		if e.Operation != operation {
			continue
		}
		owned, err := decodeFields(e)
		if err != nil {
			continue
		}
		if fields == nil || fields.Difference(owned).Empty() {
			owners = append(owners, e)
		}
	}
	return owners
}

// UpgradeManagedFields rewrites obj's managed fields in place so that the
// fields owned by the Update entries of csaManagerNames belong to an Apply
// entry of ssaManagerName, and the Update entries are gone.
//
// If ssaManagerName already has an Apply entry, the client-side fields are
// merged into it (only from an Update entry with the same apiVersion; fields
// recorded under another apiVersion are dropped, and the apiserver will
// recompute defaults). Otherwise the first client-side entry found becomes the
// Apply entry. Managers with no Update entry are ignored. The change cannot be
// undone: which fields the client-side applier owned is lost.
//
// To send the change to the server without overwriting concurrent changes,
// use UpgradeManagedFieldsPatch instead of updating the whole object.
func UpgradeManagedFields(
	obj runtime.Object,
	csaManagerNames sets.Set[string],
	ssaManagerName string,
	opts ...Option,
) error {
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return err
	}
	upgraded, err := upgrade(accessor.GetManagedFields(), csaManagerNames, ssaManagerName, newOptions(opts))
	if err != nil {
		return err
	}
	accessor.SetManagedFields(upgraded)
	return nil
}

// UpgradeManagedFieldsPatch computes the same change as UpgradeManagedFields
// without modifying obj, and returns it as a JSON patch (RFC 6902) that
// replaces metadata.managedFields and pins metadata.resourceVersion, so the
// server rejects it with a conflict if the object changed since obj was read.
// It returns nil, nil when there is nothing to upgrade.
func UpgradeManagedFieldsPatch(
	obj runtime.Object,
	csaManagerNames sets.Set[string],
	ssaManagerName string,
	opts ...Option,
) ([]byte, error) {
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return nil, err
	}
	before := accessor.GetManagedFields()
	after, err := upgrade(before, csaManagerNames, ssaManagerName, newOptions(opts))
	if err != nil {
		return nil, err
	}
	if reflect.DeepEqual(before, after) {
		return nil, nil
	}
	type op struct {
		Op    string      `json:"op"`
		Path  string      `json:"path"`
		Value interface{} `json:"value"`
	}
	return json.Marshal([]op{
		{Op: "replace", Path: "/metadata/managedFields", Value: after},
		{Op: "replace", Path: "/metadata/resourceVersion", Value: accessor.GetResourceVersion()},
	})
}

// upgrade returns a new list of entries with each client-side manager folded
// into the server-side one. entries itself is not modified. Managers are
// processed in sorted order so the result does not depend on map iteration.
func upgrade(entries []metav1.ManagedFieldsEntry, csaManagers sets.Set[string], ssaManager string, o options) ([]metav1.ManagedFieldsEntry, error) {
	if entries == nil {
		return nil, nil
	}
	out := slices.Clone(entries)
	for _, csa := range sets.List(csaManagers) {
		var err error
		if out, err = foldManager(out, csa, ssaManager, o.subresource); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// foldManager moves the fields of csa's Update entry into ssa's Apply entry
// (creating it from the Update entry when there is none) and drops the
// Update entry. entries may be modified; FieldsV1 values are replaced, never
// written through, because they may be shared with the caller's object.
func foldManager(entries []metav1.ManagedFieldsEntry, csa, ssa, subresource string) ([]metav1.ManagedFieldsEntry, error) {
	isUpdateBy := func(e metav1.ManagedFieldsEntry) bool {
		return e.Manager == csa && e.Operation == metav1.ManagedFieldsOperationUpdate && e.Subresource == subresource
	}
	target := slices.IndexFunc(entries, func(e metav1.ManagedFieldsEntry) bool {
		return e.Manager == ssa && e.Operation == metav1.ManagedFieldsOperationApply && e.Subresource == subresource
	})
	if target < 0 {
		target = slices.IndexFunc(entries, isUpdateBy)
		if target < 0 {
			return entries, nil // nothing recorded by this manager
		}
		entries[target].Manager = ssa
		entries[target].Operation = metav1.ManagedFieldsOperationApply
	}

	merged, err := decodeFields(entries[target])
	if err != nil {
		return nil, fmt.Errorf("failed to convert fields to set: managed fields of %q: %w", entries[target].Manager, err)
	}
	apiVersion := entries[target].APIVersion
	if src := slices.IndexFunc(entries, func(e metav1.ManagedFieldsEntry) bool {
		return isUpdateBy(e) && e.APIVersion == apiVersion
	}); src >= 0 {
		extra, err := decodeFields(entries[src])
		if err != nil {
			return nil, fmt.Errorf("failed to convert fields to set: managed fields of %q: %w", csa, err)
		}
		merged = merged.Union(extra)
	}
	raw, err := merged.ToJSON()
	if err != nil {
		return nil, fmt.Errorf("failed to encode field set: %w", err)
	}
	entries[target].FieldsV1 = &metav1.FieldsV1{}
	entries[target].FieldsV1.SetRawBytes(raw)

	kept := slices.DeleteFunc(entries, isUpdateBy)
	if len(kept) == 0 {
		return nil, nil
	}
	return kept, nil
}

// decodeFields parses an entry's field set; an entry without one has an
// empty set.
func decodeFields(e metav1.ManagedFieldsEntry) (*fieldpath.Set, error) {
	s := &fieldpath.Set{}
	raw := e.FieldsV1.GetRawBytes()
	if len(bytes.TrimSpace(raw)) == 0 {
		return s, nil
	}
	if err := s.FromJSON(bytes.NewReader(raw)); err != nil {
		return nil, err
	}
	return s, nil
}
