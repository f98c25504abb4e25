// Command codegen (kclient-codegen) generates kclient's typed clients and
// their fakes from the API type packages of k8s.io/api.
//
// It reads the +groupName and +genclient tags of every
// k8s.io/api/<group>/<version> package (located through `go list -m`, so
// the version is the one in go.mod), builds the model of
// hack/codegen/internal/model, and writes kubernetes/typed/<group>/<version>,
// the umbrella kubernetes/clientset.go, the fakes in
// kubernetes/typed/<group>/<version>/fake and the fake Clientset in
// kubernetes/fake. Run it from anywhere inside the
// module, usually through `go generate ./kubernetes` or `make generate`:
//
//	go run ./hack/codegen [-root DIR] [-api-dir DIR] [-apply auto|off] [-v]
//
// Apply methods are emitted for the types whose apply configurations exist
// under applyconfigurations/ (-apply auto, the default).
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

	"github.com/kclient/kclient/hack/codegen/internal/clientgen"
	"github.com/kclient/kclient/hack/codegen/internal/fakegen"
	"github.com/kclient/kclient/hack/codegen/internal/model"
)

// excluded are API packages with +genclient types that client-go's
// clientset leaves out (ImageReview is only ever sent by the apiserver).
var excluded = []string{"imagepolicy/v1alpha1"}

const (
	module    = "github.com/kclient/kclient"
	apiModule = "k8s.io/api"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "kclient-codegen:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("kclient-codegen", flag.ContinueOnError)
	root := fs.String("root", "", "module root (default: found from the working directory)")
	apiDir := fs.String("api-dir", "", "directory of the k8s.io/api module (default: from `go list -m`)")
	apply := fs.String("apply", string(clientgen.ApplyAuto), "emit apply methods: auto (where apply configurations exist) or off")
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
	if *apiDir == "" {
		if *apiDir, err = moduleDir(*root, apiModule); err != nil {
			return err
		}
	}
	files, err := generate(*root, *apiDir, clientgen.ApplyMode(*apply))
	if err != nil {
		return err
	}
	changed, err := clientgen.Write(*root, files, "kubernetes/typed", "kubernetes/fake")
	if *verbose {
		for _, p := range changed {
			fmt.Println(p)
		}
	}
	return err
}

// generate renders kclient's typed clients and their fakes for the API
// packages in apiDir into memory; root is the module root (for hand-written
// files and apply configurations).
func generate(root, apiDir string, apply clientgen.ApplyMode) (map[string][]byte, error) {
	api, err := model.Load(apiDir, model.Options{ImportPrefix: apiModule, Exclude: excluded})
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", apiModule, err)
	}
	opts := clientgen.Options{
		Root:                   root,
		Module:                 module,
		APIPrefix:              apiModule,
		TypedDir:               "kubernetes/typed",
		ClientsetDir:           "kubernetes",
		DiscoveryImport:        module + "/discovery",
		ApplyConfigurationsDir: "applyconfigurations",
		Apply:                  apply,
	}
	files, err := clientgen.Generate(api, opts)
	if err != nil {
		return nil, err
	}
	fakes, err := fakegen.Generate(api, fakegen.Options{
		Client:              opts,
		HelperImport:        module + "/kubernetes/internal/fakeclient",
		ClientsetDir:        "kubernetes/fake",
		FakeDiscoveryImport: module + "/discovery/fake",
		TypeConverterImport: module + "/applyconfigurations",
	})
	if err != nil {
		return nil, err
	}
	for p, src := range fakes {
		files[p] = src
	}
	return files, nil
}

// findRoot walks up from the working directory to the go.mod of module.
func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
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
