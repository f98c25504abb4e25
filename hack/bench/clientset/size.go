package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/kclient/kclient/hack/bench/internal/benchenv"
)

// mib is a mebibyte, the unit sizes print in.
const mib = 1 << 20

// measureSizes builds each test program stripped (with the warm build
// cache: only the output matters here), runs it once against the cluster,
// and prints a report of binary sizes and linked packages.
func measureSizes(ctx context.Context, mod benchModule, access benchenv.Access) error {
	tmp, err := os.MkdirTemp("", "kclient-bench-size-")
	if err != nil {
		return fmt.Errorf("make a temporary directory: %w", err)
	}
	defer os.RemoveAll(tmp)
	env, err := programEnv(tmp, access)
	if err != nil {
		return err
	}

	fmt.Printf("size: stripped binaries (go build %s) of a program listing pods\n", strings.Join(buildFlags, " "))
	var rep report
	for _, api := range []string{"typed", "umbrella"} {
		sizes := map[string]float64{}
		deps := map[string]float64{}
		for _, lib := range []string{clientGo, kclient} {
			p := program{library: lib, api: api}
			bin := filepath.Join(tmp, lib+"-"+api)
			if _, _, err := mod.build(ctx, p, bin, nil); err != nil {
				return err
			}
			fi, err := os.Stat(bin)
			if err != nil {
				return fmt.Errorf("stat the binary of %s: %w", p.pkg(), err)
			}
			sizes[lib] = float64(fi.Size())
			_, nonStd, err := mod.dependencies(ctx, p)
			if err != nil {
				return err
			}
			deps[lib] = float64(nonStd)
			if err := runProgram(ctx, bin, env); err != nil {
				return fmt.Errorf("%s: %w", p.pkg(), err)
			}
		}
		if api == "typed" {
			rep.addTarget(api, "stripped MiB", sizes[clientGo]/mib, sizes[kclient]/mib, 2, "≤ 0.50", func(r float64) bool { return r <= 0.5 })
		} else {
			rep.add(api, "stripped MiB", sizes[clientGo]/mib, sizes[kclient]/mib, 2)
		}
		rep.add(api, "bytes", sizes[clientGo], sizes[kclient], 0)
		rep.add(api, "non-std packages", deps[clientGo], deps[kclient], 0)
	}
	if err := rep.print(os.Stdout); err != nil {
		return err
	}
	fmt.Println()
	return nil
}

// programEnv writes access's certificates into dir and returns the
// environment the test programs read their configuration from. The
// namespace is "default", which every cluster has.
func programEnv(dir string, access benchenv.Access) ([]string, error) {
	env := []string{"BENCH_HOST=" + access.Host, "BENCH_TOKEN=" + access.BearerToken, "BENCH_NAMESPACE=default"}
	for _, f := range []struct {
		name, env string
		data      []byte
	}{
		{"ca.crt", "BENCH_CA_FILE", access.CAData},
		{"client.crt", "BENCH_CERT_FILE", access.CertData},
		{"client.key", "BENCH_KEY_FILE", access.KeyData},
	} {
		if len(f.data) == 0 {
			continue
		}
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, f.data, 0o600); err != nil {
			return nil, fmt.Errorf("write %s: %w", path, err)
		}
		env = append(env, f.env+"="+path)
	}
	return env, nil
}

// runProgram runs a test program once and checks that it listed pods, so
// that a binary cannot look small by not working.
func runProgram(ctx context.Context, bin string, env []string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("run the built program: %w\n%s", err, out.Bytes())
	}
	var n int
	if _, err := fmt.Sscanf(out.String(), "%d pods", &n); err != nil {
		return fmt.Errorf("the built program printed %q, want \"N pods\"", out.String())
	}
	return nil
}
