package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/kclient/kclient/internal/localcluster"
)

// runDown implements `cluster down`: stop the cluster in the state dir (if any)
// and remove the directory.
func runDown(_ context.Context, args []string) int {
	fs := newFlagSet("down", "")
	dirFlag := fs.String("dir", "", "directory of the cluster state (default <repo>/.cluster)")
	_ = fs.Parse(args)
	dir, err := stateDir(*dirFlag)
	if err != nil {
		return fail(err)
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		fmt.Printf("No local cluster in %s.\n", dir)
		return 0
	}
	c, err := localcluster.Load(dir)
	if err != nil {
		// No usable cluster.json: nothing we can safely kill, just clear the state.
		if err := clearStale(dir); err != nil {
			return fail(err)
		}
		fmt.Printf("No running local cluster in %s; removed its state.\n", dir)
		return 0
	}
	if err := c.Stop(); err != nil {
		return fail(err)
	}
	fmt.Printf("Stopped the local cluster and removed %s.\n", dir)
	return 0
}
