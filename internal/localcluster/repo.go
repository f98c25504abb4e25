package localcluster

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ModulePath is the Go module path of the kclient repository.
const ModulePath = "github.com/kclient/kclient"

// RepoRootEnv names the environment variable that, when set, overrides the
// search for the kclient repository root.
const RepoRootEnv = "KCLIENT_REPO_ROOT"

// FindRepoRoot returns the root directory of the kclient repository: the value
// of $KCLIENT_REPO_ROOT if set, otherwise the nearest directory at or above the
// working directory whose go.mod declares module github.com/kclient/kclient.
func FindRepoRoot() (string, error) {
	if dir := os.Getenv(RepoRootEnv); dir != "" {
		ok, err := isRepoRoot(dir)
		if err != nil {
			return "", fmt.Errorf("checking $%s=%s: %w", RepoRootEnv, dir, err)
		}
		if !ok {
			return "", fmt.Errorf("$%s=%s has no go.mod for module %s", RepoRootEnv, dir, ModulePath)
		}
		return filepath.Abs(dir)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the kclient repository: %w", err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		ok, err := isRepoRoot(dir)
		if err != nil {
			return "", fmt.Errorf("finding the kclient repository: %w", err)
		}
		if ok {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", fmt.Errorf("no go.mod for module %s at or above %s; run from the kclient repository or set $%s", ModulePath, wd, RepoRootEnv)
		}
	}
}

// isRepoRoot reports whether dir holds the go.mod of the kclient module.
func isRepoRoot(dir string) (bool, error) {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reading go.mod: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 2 && fields[0] == "module" {
			return strings.Trim(fields[1], `"`) == ModulePath, nil
		}
	}
	return false, nil
}
