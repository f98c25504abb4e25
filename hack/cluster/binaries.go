package main

import (
	"context"
	"fmt"
	"os"

	"github.com/kclient/kclient/internal/localcluster"
)

// runBinaries implements `cluster binaries`.
func runBinaries(ctx context.Context, args []string) int {
	fs := newFlagSet("binaries", "")
	_ = fs.Parse(args)
	bins, err := localcluster.EnsureBinaries(ctx, localcluster.BuildOptions{Progress: os.Stderr})
	if err != nil {
		return fail(err)
	}
	fmt.Printf("etcd=%s\nkube-apiserver=%s\n", bins.Etcd, bins.KubeAPIServer)
	return 0
}
