package exec_test

import (
	"fmt"
	"net/http"

	"github.com/kclient/kclient/plugin/pkg/client/auth/exec"
	"github.com/kclient/kclient/tools/clientcmd/api"
	"github.com/kclient/kclient/transport"
)

// Wire a credential plugin into a transport by hand; rest.TransportFor does
// the same for a rest.Config with an ExecProvider.
func ExampleGetAuthenticator() {
	a, err := exec.GetAuthenticator(&api.ExecConfig{
		Command:         "my-credential-plugin",
		Args:            []string{"token", "--cluster", "prod"},
		APIVersion:      "client.authentication.k8s.io/v1",
		InteractiveMode: api.IfAvailableExecInteractiveMode,
		InstallHint:     "install my-credential-plugin from https://example.com",
	}, nil)
	if err != nil {
		panic(err)
	}
	cfg := &transport.Config{}
	if err := a.UpdateTransportConfig(cfg); err != nil {
		panic(err)
	}
	rt, err := transport.New(cfg)
	if err != nil {
		panic(err)
	}
	// The plugin runs on the first request made through rt.
	_ = &http.Client{Transport: rt}
	fmt.Println(cfg.TLS.GetCertHolder != nil, cfg.DialHolder != nil)
	// Output: true true
}
