//go:build !kclient_rest

package main

import (
	"fmt"

	"github.com/kclient/kclient/hack/bench/internal/benchenv"
)

// newKclient reports that kclient's rest package is not built in: build with
// -tags kclient_rest once it compiles.
func newKclient(access benchenv.Access, contentType string) (getConfigMap, error) {
	return nil, fmt.Errorf("kclient's rest package is not built in yet (build with -tags kclient_rest): %w", errUnavailable)
}
