// Package localcluster runs a real etcd and a real kube-apiserver on the loopback
// interface, for kclient's integration tests and for developers.
//
// EnsureBinaries finds (or builds once, into a per-version cache outside the
// repository) the etcd and kube-apiserver binaries. Start launches both with a
// fresh certificate authority, an admin client certificate, a static admin
// bearer token and RBAC enabled, waits until the apiserver reports ready and
// returns a Cluster that describes how to reach it. Stop tears everything down.
//
//	bins, err := localcluster.EnsureBinaries(ctx, localcluster.BuildOptions{})
//	if err != nil { ... }
//	c, err := localcluster.Start(ctx, localcluster.Options{Binaries: bins})
//	if err != nil { ... }
//	defer c.Stop()
//	// c.Host, c.CAData, c.ClientCertData, c.ClientKeyData, c.Token, c.KubeconfigPath
//
// The cluster has no controller-manager, scheduler or kubelet: objects are
// stored and served, but nothing reconciles them (namespaces stay Terminating,
// no garbage collection, no default service accounts). The ServiceAccount
// admission plugin is disabled so that pods can be created without one.
//
// Processes started for a test are tied to the test process: on Linux they
// receive SIGKILL when it dies, even if it panics or is killed.
//
// This package imports nothing from kclient.
package localcluster
