package gentype_test

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/gentype"
	"github.com/kclient/kclient/rest"
)

// A typed client for one resource is a gentype client with the resource's
// object and list types; generated packages wrap exactly this.
func ExampleNewClientWithList() {
	rc, err := rest.RESTClientFor(&rest.Config{
		Host:          "https://127.0.0.1:6443",
		APIPath:       "/api",
		ContentConfig: rest.ContentConfig{GroupVersion: &corev1.SchemeGroupVersion, NegotiatedSerializer: testCodecs.WithoutConversion()},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	secrets := gentype.NewClientWithList("secrets", rc, testParameterCodec, "default",
		func() *corev1.Secret { return &corev1.Secret{} },
		func() *corev1.SecretList { return &corev1.SecretList{} },
		gentype.PrefersProtobuf[*corev1.Secret]())
	list, err := secrets.List(context.Background(), metav1.ListOptions{LabelSelector: "app=web"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(list.Items))
}
