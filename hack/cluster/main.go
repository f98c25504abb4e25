// Command cluster manages the local etcd + kube-apiserver that kclient's
// integration tests and demos run against.
//
//	go run ./hack/cluster binaries               # find or build the binaries, print their paths
//	go run ./hack/cluster up [-dir DIR]          # start a cluster that keeps running
//	go run ./hack/cluster down [-dir DIR]        # stop it and remove its state
//	go run ./hack/cluster run [-dir DIR] -- CMD  # run CMD against a fresh cluster
//
// See README.md next to this file.
package main

import (
	"context"
	"fmt"
	"os"
	"sort"
)

// command is one subcommand; run returns the process exit code.
type command struct {
	summary string
	run     func(ctx context.Context, args []string) int
}

// commands lists the subcommands by name.
var commands = map[string]command{
	"binaries": {"find or build etcd and kube-apiserver, print their paths", runBinaries},
	"up":       {"start a cluster that keeps running after this command exits", runUp},
	"down":     {"stop the cluster started by up and remove its state", runDown},
	"run":      {"start a cluster, run a command against it, stop the cluster", runRun},
}

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	cmd, ok := commands[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "cluster: unknown command %q\n", os.Args[1])
		usage()
		os.Exit(2)
	}
	os.Exit(cmd.run(context.Background(), os.Args[2:]))
}

// usage prints the list of subcommands to stderr.
func usage() {
	fmt.Fprintln(os.Stderr, "usage: go run ./hack/cluster COMMAND [flags]")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-9s %s\n", n, commands[n].summary)
	}
}

// fail prints an error prefixed with the command name and returns exit code 1.
func fail(err error) int {
	fmt.Fprintf(os.Stderr, "cluster: %v\n", err)
	return 1
}
