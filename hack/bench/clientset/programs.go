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
)

// benchModulePath is the module the test programs must be built from, so
// that they resolve kclient through its replace directive and client-go at
// the pinned version.
const benchModulePath = "github.com/kclient/kclient/hack/bench"

// benchModule is where the go command builds the test programs.
type benchModule struct {
	// dir is the directory of hack/bench's go.mod.
	dir string
	// kclientDir is the kclient source tree the replace directive points at.
	kclientDir string
}

// program is one of the tiny test programs under testdata.
type program struct {
	// library is clientGo or kclient.
	library string
	// api is "typed" (the core/v1 package only) or "umbrella" (the
	// kubernetes clientset).
	api string
}

// pkg is the program's package path relative to the bench module.
func (p program) pkg() string {
	lib := "clientgo"
	if p.library == kclient {
		lib = "kclient"
	}
	return "./clientset/testdata/" + lib + "-" + p.api
}

// findBenchModule asks the go command for the main module of the working
// directory and refuses to go on unless it is hack/bench.
func findBenchModule(ctx context.Context) (benchModule, error) {
	out, err := goCommand(ctx, "", nil, "list", "-m", "-f", "{{.Path}} {{.Dir}}")
	if err != nil {
		return benchModule{}, fmt.Errorf("find the main module (run from hack/bench): %w", err)
	}
	path, dir, _ := strings.Cut(strings.TrimSpace(out), " ")
	if path != benchModulePath {
		return benchModule{}, fmt.Errorf("the main module is %q; run this from hack/bench (module %s)", path, benchModulePath)
	}
	out, err = goCommand(ctx, dir, nil, "list", "-m", "-f", "{{with .Replace}}{{.Dir}}{{end}}", "github.com/kclient/kclient")
	if err != nil {
		return benchModule{}, fmt.Errorf("find the kclient replacement of %s: %w", benchModulePath, err)
	}
	kclientDir := strings.TrimSpace(out)
	if kclientDir == "" {
		return benchModule{}, fmt.Errorf("%s does not replace github.com/kclient/kclient with a directory; the figures would not be the working tree's", benchModulePath)
	}
	if !filepath.IsAbs(kclientDir) {
		kclientDir = filepath.Join(dir, kclientDir)
	}
	return benchModule{dir: dir, kclientDir: filepath.Clean(kclientDir)}, nil
}

// buildFlags are the flags of every measured build: a stripped,
// path-independent binary, as a release build would make.
var buildFlags = []string{"-ldflags=-s -w", "-trimpath"}

// build builds p into out with buildFlags and extra environment variables
// env (for example GOCACHE), and returns the wall time and the CPU time
// (user plus system) of the go command and the compilers and linker it ran.
func (m benchModule) build(ctx context.Context, p program, out string, env []string) (wall, cpu time.Duration, err error) {
	args := append([]string{"build"}, buildFlags...)
	args = append(args, "-o", out, p.pkg())
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = m.dir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	start := time.Now()
	err = cmd.Run()
	wall = time.Since(start)
	if err != nil {
		return 0, 0, fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	// The rusage of a reaped process includes its reaped children: here the
	// compile, asm and link processes the go command waited for.
	cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return wall, cpu, nil
}

// dependencies returns the number of packages p links, all and outside the
// standard library.
func (m benchModule) dependencies(ctx context.Context, p program) (all, nonStd int, err error) {
	out, err := goCommand(ctx, m.dir, nil, "list", "-deps", "-f", "{{.Standard}}", p.pkg())
	if err != nil {
		return 0, 0, err
	}
	for _, f := range strings.Fields(out) {
		all++
		if f == "false" {
			nonStd++
		}
	}
	return all, nonStd, nil
}

// goCommand runs the go command with args in dir (the working directory
// when empty) and returns its standard output.
func goCommand(ctx context.Context, dir string, env []string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return stdout.String(), nil
}
