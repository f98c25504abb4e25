package informergen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
)

// handWrittenTypes returns the type names declared by the hand-written Go
// files (those not starting with header) in root/dir. A missing directory
// has none.
func handWrittenTypes(root, dir, header string) (map[string]bool, error) {
	names := map[string]bool{}
	if root == "" {
		return names, nil
	}
	full := filepath.Join(root, filepath.FromSlash(dir))
	entries, err := os.ReadDir(full)
	if os.IsNotExist(err) {
		return names, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading hand-written files in %s: %w", dir, err)
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(full, name))
		if err != nil {
			return nil, fmt.Errorf("reading %s/%s: %w", dir, name, err)
		}
		if bytes.HasPrefix(src, []byte(strings.TrimSpace(header))) {
			continue
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("parsing hand-written %s/%s: %w", dir, name, err)
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				names[spec.(*ast.TypeSpec).Name.Name] = true
			}
		}
	}
	return names, nil
}
