// Command applyconfigurations (kclient-applygen) generates kclient's
// server-side apply configurations under applyconfigurations/ from the API
// types of k8s.io/api and k8s.io/apimachinery's meta/v1, in the versions
// go.mod requires. Run it from inside the module, usually through
// `go generate ./applyconfigurations` or `make generate`:
//
//	go run ./hack/codegen/applyconfigurations [-root DIR] [-v]
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/kclient/kclient/hack/codegen/internal/applygen"
	"github.com/kclient/kclient/hack/codegen/internal/model"
)

const (
	module      = "github.com/kclient/kclient"
	generator   = "kclient-applygen"
	outDir      = "applyconfigurations"
	apiModule   = "k8s.io/api"
	machinery   = "k8s.io/apimachinery"
	metaPackage = "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, generator+":", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet(generator, flag.ContinueOnError)
	root := fs.String("root", "", "module root (default: found from the working directory)")
	verbose := fs.Bool("v", false, "print the files written or removed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	if *root == "" {
		if *root, err = findRoot(); err != nil {
			return err
		}
	}
	apiDir, err := moduleDir(*root, apiModule)
	if err != nil {
		return err
	}
	machineryDir, err := moduleDir(*root, machinery)
	if err != nil {
		return err
	}
	// Unlike the clientset, apply configurations cover every API package
	// with client kinds, imagepolicy included.
	api, err := model.Load(apiDir, model.Options{ImportPrefix: apiModule})
	if err != nil {
		return fmt.Errorf("loading %s: %w", apiModule, err)
	}
	files, err := applygen.Generate(api, applygen.Options{
		Module:     module,
		OutDir:     outDir,
		APIPrefix:  apiModule,
		APIDir:     apiDir,
		MetaPath:   metaPackage,
		MetaDir:    filepath.Join(machineryDir, "pkg", "apis", "meta", "v1"),
		MetaTypes:  applygen.DefaultMetaTypes,
		SkipFields: applygen.DefaultSkipFields,
		Generator:  generator,
		// A small JSON walker over managed fields, instead of client-go's
		// embedded OpenAPI schema (see the package documentation).
		ExtractPackage: module + "/" + outDir + "/internal/extract",
	})
	if err != nil {
		return err
	}
	changed, err := applygen.Write(*root, outDir, generator, files)
	if *verbose {
		for _, p := range changed {
			fmt.Println(p)
		}
	}
	return err
}

// findRoot walks up from the working directory to the go.mod of module.
func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the module root: %w", err)
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.Contains(string(data), "module "+module+"\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("not inside the " + module + " module; pass -root")
		}
		dir = parent
	}
}

// moduleDir asks the go command where module's source is.
func moduleDir(root, mod string) (string, error) {
	cmd := exec.Command("go", "list", "-m", "-json", mod)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go list -m %s: %w: %s", mod, err, strings.TrimSpace(stderr.String()))
	}
	var info struct{ Dir string }
	if err := json.Unmarshal(out, &info); err != nil {
		return "", fmt.Errorf("go list -m %s: %w", mod, err)
	}
	if info.Dir == "" {
		return "", fmt.Errorf("module %s is not downloaded; run `go mod download %s`", mod, mod)
	}
	return info.Dir, nil
}
