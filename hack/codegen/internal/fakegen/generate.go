package fakegen

import (
	"fmt"
	"go/format"
	"path"

	"github.com/kclient/kclient/hack/codegen/internal/clientgen"
	"github.com/kclient/kclient/hack/codegen/internal/model"
)

// Generate renders the fake typed packages of every group-version of api
// and, with opts.ClientsetDir, the fake Clientset. The result maps
// slash-separated paths relative to opts.Client.Root to gofmt-ed contents,
// ready for clientgen.Write.
func Generate(api *model.API, opts Options) (map[string][]byte, error) {
	co := opts.Client
	if co.Apply == "" {
		co.Apply = clientgen.ApplyAuto
	}
	if co.Apply != clientgen.ApplyAuto && co.Apply != clientgen.ApplyOff {
		return nil, fmt.Errorf("unknown apply mode %q (want %q or %q)", co.Apply, clientgen.ApplyAuto, clientgen.ApplyOff)
	}
	if co.Module == "" || co.APIPrefix == "" || co.TypedDir == "" || (opts.HelperImport == "" && !co.External()) {
		return nil, fmt.Errorf("options Client.Module, Client.APIPrefix, Client.TypedDir and HelperImport are required")
	}
	opts.Client = co
	applies := clientgen.NewApplyIndex(co)
	out := map[string][]byte{}
	add := func(p, src string) error {
		b, err := format.Source([]byte(src))
		if err != nil {
			return fmt.Errorf("generated %s does not parse (generator bug): %w\n%s", p, err, src)
		}
		out[p] = b
		return nil
	}
	for _, gv := range api.GroupVersions {
		g := &gvFake{opts: &opts, applies: applies, gv: gv}
		files, err := g.render()
		if err != nil {
			return nil, err
		}
		dir := path.Join(co.TypedDir, gv.Dir(), "fake")
		for name, src := range files {
			if err := add(path.Join(dir, name), src); err != nil {
				return nil, err
			}
		}
	}
	if opts.ClientsetDir != "" {
		for name, src := range clientsetFiles(api, &opts) {
			if err := add(path.Join(opts.ClientsetDir, name), src); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
