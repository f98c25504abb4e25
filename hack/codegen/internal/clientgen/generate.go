package clientgen

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kclient/kclient/hack/codegen/internal/model"
)

// generator holds state shared by one Generate call.
type generator struct {
	opts  Options
	apply *ApplyIndex
}

// Generate renders every file for api. The result maps slash-separated paths
// relative to opts.Root to gofmt-ed contents.
func Generate(api *model.API, opts Options) (map[string][]byte, error) {
	if opts.Apply == "" {
		opts.Apply = ApplyAuto
	}
	if opts.Apply != ApplyAuto && opts.Apply != ApplyOff {
		return nil, fmt.Errorf("unknown apply mode %q (want %q or %q)", opts.Apply, ApplyAuto, ApplyOff)
	}
	if opts.Module == "" || opts.APIPrefix == "" || opts.TypedDir == "" {
		return nil, fmt.Errorf("options Module, APIPrefix and TypedDir are required")
	}
	g := &generator{opts: opts, apply: NewApplyIndex(opts)}
	out := map[string][]byte{}
	for _, gv := range api.GroupVersions {
		dir := path.Join(opts.TypedDir, gv.Dir())
		hw, err := scanHandwritten(filepath.Join(opts.Root, filepath.FromSlash(dir)), opts.APIPrefix)
		if err != nil {
			return nil, err
		}
		gg := &gvGen{opts: &g.opts, gen: g, gv: gv, hw: hw, dir: dir, pkg: opts.Module + "/" + dir, cname: gv.GoName() + "Client"}
		files, err := gg.render()
		if err != nil {
			return nil, err
		}
		for name, src := range files {
			p := path.Join(dir, name)
			if out[p], err = formatSource(p, src); err != nil {
				return nil, err
			}
		}
	}
	if opts.External() && opts.ClientsetDir != "" {
		p := path.Join(opts.ClientsetDir, "doc.go")
		pkg := path.Base(opts.ClientsetDir)
		doc := Header + "\n\n// Package " + pkg + " is the typed clientset of every API group-version\n" +
			"// generated here: NewForConfig returns a Clientset whose group-version clients\n" +
			"// share one HTTP client.\npackage " + pkg + "\n"
		var err error
		if out[p], err = formatSource(p, doc); err != nil {
			return nil, err
		}
	}
	if opts.External() {
		for name, src := range schemeFiles(api, &g.opts) {
			p := path.Join(opts.SchemeDir, name)
			var err error
			if out[p], err = formatSource(p, src); err != nil {
				return nil, err
			}
		}
	}
	if opts.ClientsetDir != "" {
		p := path.Join(opts.ClientsetDir, "clientset.go")
		var err error
		if out[p], err = formatSource(p, clientsetFile(api, &g.opts)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func formatSource(name, src string) ([]byte, error) {
	b, err := format.Source([]byte(src))
	if err != nil {
		return nil, fmt.Errorf("generated %s does not parse (generator bug): %w\n%s", name, err, src)
	}
	return b, nil
}

// Write stores files under root and deletes generated files (those starting
// with Header) that files no longer contains, in the written directories and
// anywhere below the optional owned directories (so a removed group-version
// disappears too). Files whose content is unchanged are not rewritten. It
// returns the paths written or deleted.
func Write(root string, files map[string][]byte, owned ...string) ([]string, error) {
	dirs := map[string]bool{}
	for p := range files {
		dirs[path.Dir(p)] = true
	}
	for _, o := range owned {
		err := filepath.WalkDir(filepath.Join(root, filepath.FromSlash(o)), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) {
					return filepath.SkipDir
				}
				return err
			}
			if d.IsDir() {
				rel, err := filepath.Rel(root, p)
				if err != nil {
					return err
				}
				dirs[filepath.ToSlash(rel)] = true
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("scanning %s: %w", o, err)
		}
	}
	var changed []string
	for d := range dirs {
		entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(d)))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return changed, fmt.Errorf("reading %s: %w", d, err)
		}
		for _, e := range entries {
			p := path.Join(d, e.Name())
			if _, keep := files[p]; keep || e.IsDir() || !strings.HasSuffix(p, ".go") {
				continue
			}
			full := filepath.Join(root, filepath.FromSlash(p))
			if gen, err := isGenerated(full); err != nil || !gen {
				continue
			}
			if err := os.Remove(full); err != nil {
				return changed, fmt.Errorf("removing stale %s: %w", p, err)
			}
			changed = append(changed, p)
		}
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		full := filepath.Join(root, filepath.FromSlash(p))
		if old, err := os.ReadFile(full); err == nil && bytes.Equal(old, files[p]) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return changed, fmt.Errorf("creating directory for %s: %w", p, err)
		}
		if err := os.WriteFile(full, files[p], 0o644); err != nil {
			return changed, fmt.Errorf("writing %s: %w", p, err)
		}
		changed = append(changed, p)
	}
	sort.Strings(changed)
	return changed, nil
}
