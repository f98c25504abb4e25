package fake

import (
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/testing"
)

// ProxyGet records a proxy get action for the service and returns what the
// proxy reactors answer (nil when none does).
func (c *fakeServices) ProxyGet(scheme, name, port, path string, params map[string]string) rest.ResponseWrapper {
	return c.Fake.InvokesProxy(testing.NewProxyGetAction(c.Resource(), c.Namespace(), scheme, name, port, path, params))
}
