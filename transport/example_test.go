package transport_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/kclient/kclient/transport"
)

// New builds the whole stack from a Config: here a bearer token, a user agent
// and impersonation on top of a shared base transport.
func ExampleNew() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "auth=%q agent=%q as=%q", r.Header.Get("Authorization"), r.Header.Get("User-Agent"), r.Header.Get(transport.ImpersonateUserHeader))
	}))
	defer srv.Close()

	rt, err := transport.New(&transport.Config{
		BearerToken: "my-token",
		UserAgent:   "example/1.0",
		Impersonate: transport.ImpersonationConfig{UserName: "jane"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := (&http.Client{Transport: rt}).Get(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(string(body))
	// Output: auth="Bearer my-token" agent="example/1.0" as="jane"
}

// Config.Wrap appends middleware to WrapTransport; it runs closest to the
// base transport, below authentication and the user agent.
func ExampleConfig_Wrap() {
	config := &transport.Config{BearerToken: "t"}
	config.Wrap(func(rt http.RoundTripper) http.RoundTripper {
		return printingRoundTripper{}
	})
	rt, err := transport.HTTPWrappersForConfig(config, http.DefaultTransport)
	if err != nil {
		fmt.Println(err)
		return
	}
	req, _ := http.NewRequest(http.MethodGet, "https://example.invalid/", nil)
	_, _ = rt.RoundTrip(req)
	// Output: the wrapper sees Authorization: Bearer t
}

// printingRoundTripper prints the Authorization header and answers 200.
type printingRoundTripper struct{}

func (printingRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	fmt.Println("the wrapper sees Authorization:", req.Header.Get("Authorization"))
	return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Request: req}, nil
}
