package csaupgrade

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

const (
	csa = "kubectl-client-side-apply"
	ssa = "kubectl"
)

func entry(manager string, op metav1.ManagedFieldsOperationType, apiVersion, subresource, fields string) metav1.ManagedFieldsEntry {
	e := metav1.ManagedFieldsEntry{Manager: manager, Operation: op, APIVersion: apiVersion, Subresource: subresource, FieldsType: "FieldsV1"}
	if fields != "" {
		e.FieldsV1 = &metav1.FieldsV1{}
		e.FieldsV1.SetRawBytes([]byte(fields))
	}
	return e
}

// summary renders entries as "manager/operation/apiVersion/subresource fields" with
// fields re-encoded, so tests compare field sets rather than byte order.
func summary(t *testing.T, entries []metav1.ManagedFieldsEntry) []string {
	t.Helper()
	var out []string
	for _, e := range entries {
		s, err := decodeFields(e)
		require.NoError(t, err)
		raw, err := s.ToJSON()
		require.NoError(t, err)
		out = append(out, e.Manager+"/"+string(e.Operation)+"/"+e.APIVersion+"/"+e.Subresource+" "+string(raw))
	}
	return out
}

const (
	fieldsA  = `{"f:data":{"f:a":{}}}`
	fieldsB  = `{"f:data":{"f:b":{}}}`
	fieldsAB = `{"f:data":{"f:a":{},"f:b":{}}}`
	fieldsL  = `{"f:metadata":{"f:labels":{"f:x":{}}}}`
)

func TestUpgradeManagedFields(t *testing.T) {
	U, A := metav1.ManagedFieldsOperationUpdate, metav1.ManagedFieldsOperationApply
	tests := []struct {
		name     string
		in       []metav1.ManagedFieldsEntry
		managers []string
		opts     []Option
		want     []string // nil: no change expected
	}{
		{
			name:     "no managed fields",
			managers: []string{csa},
		},
		{
			name:     "client-side entry becomes the apply entry",
			in:       []metav1.ManagedFieldsEntry{entry(csa, U, "v1", "", fieldsA), entry("other", U, "v1", "", fieldsL)},
			managers: []string{csa},
			want:     []string{"kubectl/Apply/v1/ " + fieldsA, "other/Update/v1/ " + fieldsL},
		},
		{
			name:     "merged into an existing apply entry",
			in:       []metav1.ManagedFieldsEntry{entry(ssa, A, "v1", "", fieldsB), entry(csa, U, "v1", "", fieldsA)},
			managers: []string{csa},
			want:     []string{"kubectl/Apply/v1/ " + fieldsAB},
		},
		{
			name:     "fields recorded under another apiVersion are dropped",
			in:       []metav1.ManagedFieldsEntry{entry(ssa, A, "v1", "", fieldsB), entry(csa, U, "v1beta1", "", fieldsA)},
			managers: []string{csa},
			want:     []string{"kubectl/Apply/v1/ " + fieldsB},
		},
		{
			name:     "several client-side managers",
			in:       []metav1.ManagedFieldsEntry{entry("csa-2", U, "v1", "", fieldsB), entry(csa, U, "v1", "", fieldsA)},
			managers: []string{csa, "csa-2"},
			want:     []string{"kubectl/Apply/v1/ " + fieldsAB},
		},
		{
			name:     "apply entries of the client-side manager are not touched",
			in:       []metav1.ManagedFieldsEntry{entry(csa, A, "v1", "", fieldsA)},
			managers: []string{csa},
		},
		{
			name:     "other subresources are left alone",
			in:       []metav1.ManagedFieldsEntry{entry(csa, U, "v1", "status", fieldsA)},
			managers: []string{csa},
		},
		{
			name:     "subresource option",
			in:       []metav1.ManagedFieldsEntry{entry(csa, U, "v1", "status", fieldsA), entry(csa, U, "v1", "", fieldsB)},
			managers: []string{csa},
			opts:     []Option{Subresource("status")},
			want:     []string{"kubectl/Apply/v1/status " + fieldsA, csa + "/Update/v1/ " + fieldsB},
		},
		{
			name:     "unknown manager",
			in:       []metav1.ManagedFieldsEntry{entry("other", U, "v1", "", fieldsA)},
			managers: []string{csa},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "cm", ResourceVersion: "42", ManagedFields: tt.in}}
			before := cm.DeepCopy()

			patch, err := UpgradeManagedFieldsPatch(cm, sets.New(tt.managers...), ssa, tt.opts...)
			require.NoError(t, err)
			assert.Equal(t, before, cm, "the patch variant must not modify its input")

			require.NoError(t, UpgradeManagedFields(cm, sets.New(tt.managers...), ssa, tt.opts...))
			if tt.want == nil {
				assert.Nil(t, patch)
				assert.Equal(t, before.ManagedFields, cm.ManagedFields)
				return
			}
			assert.Equal(t, tt.want, summary(t, cm.ManagedFields))

			var ops []struct {
				Op    string          `json:"op"`
				Path  string          `json:"path"`
				Value json.RawMessage `json:"value"`
			}
			require.NoError(t, json.Unmarshal(patch, &ops))
			require.Len(t, ops, 2)
			assert.Equal(t, "replace", ops[0].Op)
			assert.Equal(t, "/metadata/managedFields", ops[0].Path)
			var patched []metav1.ManagedFieldsEntry
			require.NoError(t, json.Unmarshal(ops[0].Value, &patched))
			assert.Equal(t, tt.want, summary(t, patched))
			assert.Equal(t, "/metadata/resourceVersion", ops[1].Path)
			assert.JSONEq(t, `"42"`, string(ops[1].Value))
		})
	}
}

func TestUpgradeErrors(t *testing.T) {
	bad := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{ManagedFields: []metav1.ManagedFieldsEntry{
		entry(csa, metav1.ManagedFieldsOperationUpdate, "v1", "", `not json`),
	}}}
	err := UpgradeManagedFields(bad, sets.New(csa), ssa)
	require.ErrorContains(t, err, "failed to convert fields to set")
	_, err = UpgradeManagedFieldsPatch(bad, sets.New(csa), ssa)
	require.ErrorContains(t, err, "failed to convert fields to set")

	// Status has no object metadata to upgrade.
	_, err = UpgradeManagedFieldsPatch(&metav1.Status{}, sets.New(csa), ssa)
	require.Error(t, err)
	require.Error(t, UpgradeManagedFields(&metav1.Status{}, sets.New(csa), ssa))
}

func TestFindFieldsOwners(t *testing.T) {
	U, A := metav1.ManagedFieldsOperationUpdate, metav1.ManagedFieldsOperationApply
	entries := []metav1.ManagedFieldsEntry{
		entry("a", U, "v1", "", fieldsAB),
		entry("b", U, "v1", "", fieldsB),
		entry("c", A, "v1", "", fieldsAB),
		entry("broken", U, "v1", "", "not json"),
	}
	dataA := fieldpath.NewSet(fieldpath.MakePathOrDie("data", "a"))
	dataB := fieldpath.NewSet(fieldpath.MakePathOrDie("data", "b"))
	both := dataA.Union(dataB)
	tests := []struct {
		name   string
		op     metav1.ManagedFieldsOperationType
		fields *fieldpath.Set
		want   []string
	}{
		{"one field, update", U, dataA, []string{"a"}},
		{"shared field", U, dataB, []string{"a", "b"}},
		{"all fields must be owned", U, both, []string{"a"}},
		{"apply operation", A, dataB, []string{"c"}},
		{"unowned field", U, fieldpath.NewSet(fieldpath.MakePathOrDie("data", "z")), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range FindFieldsOwners(entries, tt.op, tt.fields) {
				got = append(got, e.Manager)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
