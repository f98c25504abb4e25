package localcluster

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// StateFile is the name of the file, inside a cluster's directory, that
// describes the cluster so that other processes can use it (see Load).
const StateFile = "cluster.json"

// ClusterDirEnv names the environment variable through which `hack/cluster run`
// tells child processes (tests) the directory of the cluster to reuse.
const ClusterDirEnv = "KCLIENT_CLUSTER_DIR"

// state is the content of cluster.json. It holds paths, never key material.
type state struct {
	Host           string `json:"host"`
	EtcdURL        string `json:"etcdURL"`
	CAFile         string `json:"caFile"`
	ClientCertFile string `json:"clientCertFile"`
	ClientKeyFile  string `json:"clientKeyFile"`
	TokenFile      string `json:"tokenFile"`
	KubeconfigPath string `json:"kubeconfig"`
	EtcdPID        int    `json:"etcdPID"`
	APIServerPID   int    `json:"apiserverPID"`
	Detached       bool   `json:"detached"`
	OwnerPID       int    `json:"ownerPID"`
}

// writeState writes cluster.json for c atomically.
func writeState(c *Cluster) error {
	st := state{
		Host: c.Host, EtcdURL: c.EtcdURL,
		CAFile: c.CAFile, ClientCertFile: c.ClientCertFile, ClientKeyFile: c.ClientKeyFile,
		TokenFile: c.TokenFile, KubeconfigPath: c.KubeconfigPath,
		EtcdPID: c.etcd.pid, APIServerPID: c.apiserver.pid,
		Detached: c.lo.detach, OwnerPID: os.Getpid(),
	}
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding %s: %w", StateFile, err)
	}
	tmp := filepath.Join(c.Dir, StateFile+".tmp")
	if err := os.WriteFile(tmp, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("writing %s: %w", StateFile, err)
	}
	if err := os.Rename(tmp, filepath.Join(c.Dir, StateFile)); err != nil {
		return fmt.Errorf("writing %s: %w", StateFile, err)
	}
	return nil
}

// Load attaches to a running cluster described by dir/cluster.json, as written
// by Start (for example by `go run ./hack/cluster up` or `run`).
//
// The returned Cluster does not own the processes: Stop still terminates them
// (by pid, after checking that they belong to dir) and removes dir, but
// RestartAPIServer is refused. Load does not check that the cluster is healthy;
// call WaitReady for that.
func Load(dir string) (*Cluster, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("loading cluster from %s: %w", dir, err)
	}
	data, err := os.ReadFile(filepath.Join(abs, StateFile))
	if err != nil {
		return nil, fmt.Errorf("loading cluster: %w", err)
	}
	var st state
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("loading cluster: parsing %s: %w", filepath.Join(abs, StateFile), err)
	}
	if st.Host == "" || st.CAFile == "" || st.ClientCertFile == "" || st.ClientKeyFile == "" {
		return nil, fmt.Errorf("loading cluster: %s lacks host or credential paths", filepath.Join(abs, StateFile))
	}
	c := &Cluster{
		Host: st.Host, EtcdURL: st.EtcdURL, Dir: abs,
		CAFile: st.CAFile, ClientCertFile: st.ClientCertFile, ClientKeyFile: st.ClientKeyFile,
		KubeconfigPath: st.KubeconfigPath, TokenFile: st.TokenFile,
		etcd:      &process{name: "etcd", pid: st.EtcdPID, marker: abs, logPath: filepath.Join(abs, etcdLog)},
		apiserver: &process{name: "kube-apiserver", pid: st.APIServerPID, marker: abs, logPath: filepath.Join(abs, apiserverLog)},
	}
	for _, f := range []struct {
		path string
		dst  *[]byte
	}{{c.CAFile, &c.CAData}, {c.ClientCertFile, &c.ClientCertData}, {c.ClientKeyFile, &c.ClientKeyData}} {
		if *f.dst, err = os.ReadFile(f.path); err != nil {
			return nil, fmt.Errorf("loading cluster: %w", err)
		}
	}
	if c.TokenFile != "" {
		tok, err := os.ReadFile(c.TokenFile)
		if err != nil {
			return nil, fmt.Errorf("loading cluster: %w", err)
		}
		c.Token = strings.TrimSpace(string(tok))
	}
	return c, nil
}
