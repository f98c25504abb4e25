package informergen

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"path"
	"sort"
	"strings"

	"github.com/kclient/kclient/hack/codegen/internal/model"
)

// Generate renders the listers and informers for api. The result maps
// slash-separated paths relative to Options.Root to gofmt-ed sources.
func Generate(api *model.API, o Options) (map[string][]byte, error) {
	if o.Module == "" || o.Generator == "" || o.ListersDir == "" || o.InformersDir == "" || o.ClientsetImport == "" {
		return nil, errors.New("informergen: Module, Generator, ListersDir, InformersDir and ClientsetImport are required")
	}
	versions := plan(api, o)
	files := map[string][]byte{}
	templates, informerTmpl := tmpl, "informer"
	if o.External {
		templates, informerTmpl = externalTmpl, "ext-informer"
	}
	informers := path.Join(o.Module, o.InformersDir)
	emit := func(file, name string, data any) error {
		var buf bytes.Buffer
		buf.WriteString(o.header())
		if err := templates.ExecuteTemplate(&buf, name, data); err != nil {
			return fmt.Errorf("rendering %s: %w", file, err)
		}
		src, err := format.Source(buf.Bytes())
		if err != nil {
			return fmt.Errorf("formatting %s: %w\n%s", file, err, buf.Bytes())
		}
		files[file] = src
		return nil
	}
	type kindData struct {
		V               *version
		K               kind
		Module          string
		Runtime         string
		Informers       string
		ClientsetImport string
	}
	for _, v := range versions {
		listerDir := path.Join(o.ListersDir, v.GV.Dir())
		declared, err := handWrittenTypes(o.Root, listerDir, o.header())
		if err != nil {
			return nil, err
		}
		var expansions []string
		for _, k := range v.Kinds {
			d := kindData{V: v, K: k, Module: o.Module, Runtime: o.runtime(), Informers: informers, ClientsetImport: o.ClientsetImport}
			if k.Lister {
				if err := emit(path.Join(listerDir, strings.ToLower(k.Name)+".go"), "lister", d); err != nil {
					return nil, err
				}
				names := []string{k.Name + "ListerExpansion"}
				if k.Namespaced {
					names = append(names, k.Name+"NamespaceListerExpansion")
				}
				for _, n := range names {
					if !declared[n] {
						expansions = append(expansions, n)
					}
				}
			}
			if k.Informer {
				if err := emit(path.Join(o.InformersDir, v.GV.Dir(), strings.ToLower(k.Name)+".go"), informerTmpl, d); err != nil {
					return nil, err
				}
			}
		}
		if len(expansions) > 0 {
			sort.Strings(expansions)
			if err := emit(path.Join(listerDir, "expansion_generated.go"), "expansions", struct {
				V     *version
				Names []string
			}{v, expansions}); err != nil {
				return nil, err
			}
		}
		if v.has(func(k kind) bool { return k.Informer }) {
			if err := emit(path.Join(o.InformersDir, v.GV.Dir(), "interface.go"), "version", kindData{V: v, Module: o.Module, Informers: informers}); err != nil {
				return nil, err
			}
		}
	}
	gs := groups(versions)
	for _, g := range gs {
		if err := emit(path.Join(o.InformersDir, g.PackageGroup, "interface.go"), "group", struct {
			G         *group
			Informers string
		}{g, informers}); err != nil {
			return nil, err
		}
	}
	top := struct {
		Groups          []*group
		Versions        []*version
		Module          string
		Runtime         string
		Informers       string
		Package         string
		ClientsetImport string
	}{gs, versions, o.Module, o.runtime(), informers, path.Base(o.InformersDir), o.ClientsetImport}
	if o.External {
		for file, name := range map[string]string{
			"factory.go": "ext-factory",
			"generic.go": "ext-generic",
			"internalinterfaces/factory_interfaces.go": "ext-internalinterfaces",
		} {
			if err := emit(path.Join(o.InformersDir, file), name, top); err != nil {
				return nil, err
			}
		}
		return files, nil
	}
	if err := emit(path.Join(o.InformersDir, "factory_groups.go"), "factory", top); err != nil {
		return nil, err
	}
	if err := emit(path.Join(o.InformersDir, "resources.go"), "resources", top); err != nil {
		return nil, err
	}
	return files, nil
}
