package csaupgrade_test

import (
	"encoding/json"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"

	"github.com/kclient/kclient/util/csaupgrade"
)

// Prepare an object that kubectl once applied client-side for server-side
// apply by the "kubectl" field manager. The patch is sent with
// client.CoreV1().ConfigMaps(ns).Patch(ctx, name, types.JSONPatchType, patch, ...).
func ExampleUpgradeManagedFieldsPatch() {
	live := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{
		Name:            "settings",
		ResourceVersion: "1234",
		ManagedFields: []metav1.ManagedFieldsEntry{{
			Manager:    "kubectl-client-side-apply",
			Operation:  metav1.ManagedFieldsOperationUpdate,
			APIVersion: "v1",
			FieldsType: "FieldsV1",
			FieldsV1:   metav1.NewFieldsV1(`{"f:data":{"f:color":{}}}`),
		}},
	}}
	patch, err := csaupgrade.UpgradeManagedFieldsPatch(live, sets.New("kubectl-client-side-apply"), "kubectl")
	if err != nil {
		fmt.Println(err)
		return
	}
	var ops []struct {
		Op, Path string
		Value    json.RawMessage
	}
	_ = json.Unmarshal(patch, &ops)
	for _, op := range ops {
		fmt.Println(op.Op, op.Path)
	}
	var entries []metav1.ManagedFieldsEntry
	_ = json.Unmarshal(ops[0].Value, &entries)
	fmt.Println(entries[0].Manager, entries[0].Operation)
	// Output:
	// replace /metadata/managedFields
	// replace /metadata/resourceVersion
	// kubectl Apply
}
