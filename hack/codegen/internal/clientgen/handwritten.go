package clientgen

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// handwritten is what the generator needs to know about the hand-written
// files of one output package.
type handwritten struct {
	// expansions are the <Kind>Expansion interfaces declared by hand.
	expansions map[string]bool
	// apiImports are the API packages (under APIPrefix) hand-written files
	// import: their types travel through this package's clients, so they join
	// its scheme.
	apiImports []string
}

// isGenerated reports whether the file at path starts with Header.
func isGenerated(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && line == "" {
		return false, nil
	}
	return strings.TrimRight(line, "\r\n") == Header, nil
}

// scanHandwritten parses the non-generated, non-test Go files of dir. A
// missing dir has no hand-written files.
func scanHandwritten(dir, apiPrefix string) (*handwritten, error) {
	hw := &handwritten{expansions: map[string]bool{}}
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return hw, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading output directory: %w", err)
	}
	seen := map[string]bool{}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		path := filepath.Join(dir, name)
		gen, err := isGenerated(path)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
		if gen {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("parsing hand-written %s: %w", path, err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(p, apiPrefix+"/") && !seen[p] {
				seen[p] = true
				hw.apiImports = append(hw.apiImports, p)
			}
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				ts := s.(*ast.TypeSpec)
				if _, ok := ts.Type.(*ast.InterfaceType); ok && strings.HasSuffix(ts.Name.Name, "Expansion") {
					hw.expansions[strings.TrimSuffix(ts.Name.Name, "Expansion")] = true
				}
			}
		}
	}
	sort.Strings(hw.apiImports)
	return hw, nil
}

// applyTypes lists the <Kind>ApplyConfiguration struct types declared in
// dir; a missing dir has none.
func applyTypes(dir string) (map[string]bool, error) {
	out := map[string]bool{}
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading apply configurations: %w", err)
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("parsing apply configurations: %w", err)
		}
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				for _, s := range gd.Specs {
					if n := s.(*ast.TypeSpec).Name.Name; strings.HasSuffix(n, "ApplyConfiguration") {
						out[strings.TrimSuffix(n, "ApplyConfiguration")] = true
					}
				}
			}
		}
	}
	return out, nil
}
