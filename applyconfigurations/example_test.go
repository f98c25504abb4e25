package applyconfigurations_test

import (
	"encoding/json"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/applyconfigurations"
	applyappsv1 "github.com/kclient/kclient/applyconfigurations/apps/v1"
	applycorev1 "github.com/kclient/kclient/applyconfigurations/core/v1"
)

// An apply configuration sends only what it sets: here replicas: 0 is
// sent because it was set, and nothing else of the spec is.
func Example() {
	deploy := applyappsv1.Deployment("web", "default").
		WithSpec(applyappsv1.DeploymentSpec().WithReplicas(0))
	body, _ := json.Marshal(deploy)
	fmt.Println(string(body))
	// Output:
	// {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","namespace":"default"},"spec":{"replicas":0}}
}

// Extract returns what one field manager applied, read back from the
// object's managed fields, ready to be changed and applied again.
func Example_extract() {
	live := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{
			Name: "settings", Namespace: "default",
			ManagedFields: []metav1.ManagedFieldsEntry{{
				Manager: "my-controller", Operation: metav1.ManagedFieldsOperationApply, FieldsType: "FieldsV1",
				FieldsV1: &metav1.FieldsV1{Raw: []byte(`{"f:data":{"f:mode":{}}}`)},
			}},
		},
		Data: map[string]string{"mode": "fast", "owner": "someone-else"},
	}
	cfg, err := applycorev1.ExtractConfigMap(live, "my-controller")
	if err != nil {
		panic(err)
	}
	body, _ := json.Marshal(cfg.WithData(map[string]string{"mode": "slow"}))
	fmt.Println(string(body))
	// Output:
	// {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"settings","namespace":"default"},"data":{"mode":"slow"}}
}

func ExampleForKind() {
	cfg := applyconfigurations.ForKind(schema.GroupVersionKind{Group: "apps", Version: "v1", Kind: "Deployment"})
	fmt.Printf("%T\n", cfg)
	// Output:
	// *v1.DeploymentApplyConfiguration
}
