// Command informers (kclient-informergen) generates kclient's typed listers
// (listers/<group>/<version>) and shared informers (informers/...) from the
// +genclient tags of the k8s.io/api version go.mod requires. Run it from
// inside the module, usually through `go generate ./informers` or
// `make generate`:
//
//	go run ./hack/codegen/informers [-root DIR] [-v]
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
	"github.com/kclient/kclient/hack/codegen/internal/informergen"
	"github.com/kclient/kclient/hack/codegen/internal/model"
)

const (
	module    = "github.com/kclient/kclient"
	generator = "kclient-informergen"
	apiModule = "k8s.io/api"
)

// excluded matches the clientset: informers call typed clients, so they
// cover exactly the API packages the clientset has. Listers need no client
// and cover every +genclient kind.
var excluded = []string{"imagepolicy/v1alpha1"}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, generator+":", err)
		os.Exit(1)
	}
}

func options(root string) informergen.Options {
	return informergen.Options{
		Root:            root,
		Module:          module,
		Generator:       generator,
		ListersDir:      "listers",
		InformersDir:    "informers",
		ClientsetImport: module + "/kubernetes",
		InformerExclude: excluded,
		// Their kinds are create-only reviews; client-go ships no listers
		// for them.
		ListerExcludeGroups: []string{"authentication", "authorization"},
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
	files, err := generate(*root)
	if err != nil {
		return err
	}
	o := options(*root)
	for _, dir := range []string{o.ListersDir, o.InformersDir} {
		part := map[string][]byte{}
		for p, src := range files {
			if strings.HasPrefix(p, dir+"/") {
				part[p] = src
			}
		}
		changed, err := applygen.Write(*root, dir, generator, part)
		if *verbose {
			for _, p := range changed {
				fmt.Println(p)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// generate renders every lister and informer file into memory.
func generate(root string) (map[string][]byte, error) {
	apiDir, err := moduleDir(root, apiModule)
	if err != nil {
		return nil, err
	}
	api, err := model.Load(apiDir, model.Options{ImportPrefix: apiModule})
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", apiModule, err)
	}
	return informergen.Generate(api, options(root))
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
