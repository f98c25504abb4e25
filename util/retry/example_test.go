package retry_test

import (
	"errors"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/util/retry"
)

func ExampleRetryOnConflict() {
	attempts := 0
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		attempts++
		// A real caller would Get the object, modify it and Update it here.
		if attempts < 3 {
			return apierrors.NewConflict(schema.GroupResource{Resource: "configmaps"}, "cfg", errors.New("stale"))
		}
		return nil
	})
	fmt.Println(attempts, err)
	// Output: 3 <nil>
}
