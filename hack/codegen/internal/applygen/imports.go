package applygen

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kclient/kclient/hack/codegen/internal/model"
)

// imports collects the imports of one generated file and hands out their
// names.
type imports struct {
	// self is the import path of the file's own package.
	self   string
	byPath map[string]string
	byName map[string]string
}

// newImports starts the import list of a file in package self.
func newImports(self string) *imports {
	return &imports{self: self, byPath: map[string]string{}, byName: map[string]string{}}
}

// qualify returns how the file refers to name declared in importPath,
// registering the import. applyPkg marks a generated apply-configuration
// package, whose name gets the "apply" prefix so it never clashes with the
// API package of the same group-version.
func (im *imports) qualify(importPath, name string, applyPkg bool) string {
	if importPath == "" || importPath == im.self {
		return name
	}
	return im.add(importPath, applyPkg) + "." + name
}

// add registers importPath and returns its name in the file.
func (im *imports) add(importPath string, applyPkg bool) string {
	if n, ok := im.byPath[importPath]; ok {
		return n
	}
	base := importPath[strings.LastIndex(importPath, "/")+1:]
	if len(base) > 1 && base[0] == 'v' && base[1] >= '0' && base[1] <= '9' && strings.Count(importPath, "/") >= 2 {
		// Versioned packages ("k8s.io/api/core/v1") are named after their
		// last two elements, as client-go does ("corev1").
		base = model.PackageAlias(importPath)
	}
	if applyPkg {
		base = "apply" + base
	}
	name := base
	for i := 2; im.byName[name] != ""; i++ {
		name = fmt.Sprintf("%s%d", base, i)
	}
	im.byPath[importPath] = name
	im.byName[name] = importPath
	return name
}

// block renders the import declaration, sorted by path.
func (im *imports) block() string {
	if len(im.byPath) == 0 {
		return ""
	}
	paths := make([]string, 0, len(im.byPath))
	for p := range im.byPath {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var b strings.Builder
	b.WriteString("import (\n")
	for _, p := range paths {
		fmt.Fprintf(&b, "\t%s %q\n", im.byPath[p], p)
	}
	b.WriteString(")\n")
	return b.String()
}
