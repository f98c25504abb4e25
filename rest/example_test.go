package rest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/kubernetes/scheme"
	"github.com/kclient/kclient/rest"
)

// fakeAPIServer answers GET /api/v1/namespaces/demo/configmaps/settings and
// 404s everything else, like a tiny API server.
func fakeAPIServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/api/v1/namespaces/demo/configmaps/settings" {
			fmt.Fprint(w, `{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"settings","namespace":"demo"},"data":{"color":"blue"}}`)
			return
		}
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"message":"configmaps \"other\" not found"}`)
	}))
}

// A RESTClient is bound to one group-version; requests are built fluently and
// sent by Do.
func ExampleRESTClientFor() {
	server := fakeAPIServer()
	defer server.Close()

	config := &rest.Config{
		Host:    server.URL,
		APIPath: "/api",
		ContentConfig: rest.ContentConfig{
			GroupVersion:         &corev1.SchemeGroupVersion,
			NegotiatedSerializer: scheme.Codecs.WithoutConversion(),
		},
	}
	client, err := rest.RESTClientFor(config)
	if err != nil {
		panic(err)
	}

	var cm corev1.ConfigMap
	err = client.Get().Namespace("demo").Resource("configmaps").Name("settings").Do(context.Background()).Into(&cm)
	fmt.Println(cm.Data["color"], err)

	// Failures are *errors.StatusError values: test them with apierrors.
	err = client.Get().Namespace("demo").Resource("configmaps").Name("other").Do(context.Background()).Into(&cm)
	fmt.Println(apierrors.IsNotFound(err), err)
	// Output:
	// blue <nil>
	// true configmaps "other" not found
}

// Request.URL shows where a request would go without sending it.
func ExampleRequest_URL() {
	client, _ := rest.RESTClientFor(&rest.Config{
		Host:    "https://kube.example:6443",
		APIPath: "/api",
		ContentConfig: rest.ContentConfig{
			GroupVersion:         &corev1.SchemeGroupVersion,
			NegotiatedSerializer: scheme.Codecs.WithoutConversion(),
		},
	})
	req := client.Get().Namespace("demo").Resource("pods").
		VersionedParams(&metav1.ListOptions{LabelSelector: "app=web", Limit: 50}, scheme.ParameterCodec)
	fmt.Println(req.URL())
	// Output: https://kube.example:6443/api/v1/namespaces/demo/pods?labelSelector=app%3Dweb&limit=50
}

// Printing a Config never reveals credentials.
func ExampleConfig_String() {
	config := &rest.Config{Host: "https://kube.example", BearerToken: "secret-token"}
	fmt.Println(config.BearerToken != "" && !strings.Contains(config.String(), "secret-token"))
	// Output: true
}
