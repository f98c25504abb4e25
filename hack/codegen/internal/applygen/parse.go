package applygen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// exprKind says what shape a Go type expression has.
type exprKind int

// The shapes of type expressions found in API structs.
const (
	kindNamed   exprKind = iota // a predeclared or named type, possibly from another package
	kindPointer                 // *Elem
	kindSlice                   // []Elem
	kindMap                     // map[Key]Elem
)

// typeExpr is a parsed field type with package references resolved to
// import paths.
type typeExpr struct {
	kind exprKind
	// pkg is the import path of a named type; "" for predeclared types.
	pkg string
	// name is the name of a named or predeclared type.
	name string
	key  *typeExpr
	elem *typeExpr
}

// field is one field of an API struct.
type field struct {
	// goName is the Go field name (the type name for embedded fields).
	goName string
	// jsonName is the name in the json tag; empty for inlined fields.
	jsonName string
	// embedded is true for anonymous fields.
	embedded bool
	// inline is true when the json tag inlines the field.
	inline bool
	// deprecated is true when the API field's documentation has a
	// "Deprecated:" paragraph.
	deprecated bool
	typ        *typeExpr
}

// structType is an exported struct type of an API package.
type structType struct {
	pkg    string
	name   string
	fields []field
	// deprecated is true when the type's documentation has a
	// "Deprecated:" paragraph.
	deprecated bool
	// bad says why the struct cannot get an apply configuration (a field
	// type the generator does not handle); nil when it can.
	bad error
}

// apiPackage is every exported type declared in one API package.
type apiPackage struct {
	path    string
	structs map[string]*structType
	// named are the exported non-struct named types, with their underlying
	// expression.
	named map[string]*typeExpr
	// aliases are the exported alias declarations ("type Rule = v1.Rule").
	aliases map[string]*typeExpr
}

// parsePackage reads the exported type declarations of the Go package in
// dir, whose import path is importPath. Test files are skipped.
func parsePackage(dir, importPath string) (*apiPackage, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading API package %s: %w", importPath, err)
	}
	p := &apiPackage{path: importPath, structs: map[string]*structType{}, named: map[string]*typeExpr{}, aliases: map[string]*typeExpr{}}
	fset := token.NewFileSet()
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution|parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("parsing %s: %w", importPath, err)
		}
		imports, err := fileImports(f)
		if err != nil {
			return nil, fmt.Errorf("parsing %s/%s: %w", importPath, n, err)
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				ts := s.(*ast.TypeSpec)
				if !ts.Name.IsExported() || ts.TypeParams != nil {
					continue
				}
				doc := ts.Doc
				if doc == nil && len(gd.Specs) == 1 {
					doc = gd.Doc
				}
				if err := p.addType(ts, doc, importPath, imports); err != nil {
					return nil, fmt.Errorf("%s.%s: %w", importPath, ts.Name.Name, err)
				}
			}
		}
	}
	return p, nil
}

// addType records one type declaration.
func (p *apiPackage) addType(ts *ast.TypeSpec, doc *ast.CommentGroup, importPath string, imports map[string]string) error {
	if ts.Assign.IsValid() {
		if te, err := resolveExpr(ts.Type, importPath, imports); err == nil {
			p.aliases[ts.Name.Name] = te
		}
		return nil
	}
	st, ok := ts.Type.(*ast.StructType)
	if !ok {
		te, err := resolveExpr(ts.Type, importPath, imports)
		if err != nil {
			// Function, interface and channel types never appear in API
			// fields; leave them out of the package.
			return nil
		}
		p.named[ts.Name.Name] = te
		return nil
	}
	s := &structType{pkg: importPath, name: ts.Name.Name, deprecated: isDeprecated(doc)}
	for _, f := range st.Fields.List {
		te, err := resolveExpr(f.Type, importPath, imports)
		if err != nil {
			s.bad = err
			break
		}
		tag := ""
		if f.Tag != nil {
			raw, err := strconv.Unquote(f.Tag.Value)
			if err != nil {
				return fmt.Errorf("bad struct tag %s: %w", f.Tag.Value, err)
			}
			tag = reflect.StructTag(raw).Get("json")
		}
		jsonName, opts, _ := strings.Cut(tag, ",")
		if jsonName == "-" && opts == "" {
			continue
		}
		inline := strings.Contains(","+opts+",", ",inline,")
		if len(f.Names) == 0 {
			s.fields = append(s.fields, field{goName: te.baseName(), jsonName: jsonName, embedded: true, inline: inline || jsonName == "", typ: te, deprecated: isDeprecated(f.Doc)})
			continue
		}
		for _, n := range f.Names {
			if !n.IsExported() {
				continue
			}
			jn := jsonName
			if jn == "" && !inline {
				jn = n.Name
			}
			s.fields = append(s.fields, field{goName: n.Name, jsonName: jn, inline: inline, typ: te, deprecated: isDeprecated(f.Doc)})
		}
	}
	p.structs[s.name] = s
	return nil
}

// applyConfigurationsIn returns the names T of the struct types
// TApplyConfiguration declared by the Go files in dir; a missing directory
// declares none.
func applyConfigurationsIn(dir string) (map[string]bool, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	fset := token.NewFileSet()
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				ts := s.(*ast.TypeSpec)
				if _, isStruct := ts.Type.(*ast.StructType); !isStruct || ts.Assign.IsValid() {
					continue
				}
				if t, ok := strings.CutSuffix(ts.Name.Name, "ApplyConfiguration"); ok && t != "" {
					names[t] = true
				}
			}
		}
	}
	return names, nil
}

// fileImports maps the names a file uses for its imports to import paths.
// An import without an explicit name is known by its last path element,
// which is what every API package uses.
func fileImports(f *ast.File) (map[string]string, error) {
	out := map[string]string{}
	for _, is := range f.Imports {
		p, err := strconv.Unquote(is.Path.Value)
		if err != nil {
			return nil, fmt.Errorf("bad import %s: %w", is.Path.Value, err)
		}
		name := p[strings.LastIndex(p, "/")+1:]
		if is.Name != nil {
			name = is.Name.Name
		}
		out[name] = p
	}
	return out, nil
}

// resolveExpr converts a type expression of a file in package pkg.
func resolveExpr(e ast.Expr, pkg string, imports map[string]string) (*typeExpr, error) {
	switch e := e.(type) {
	case *ast.Ident:
		if predeclared[e.Name] {
			return &typeExpr{kind: kindNamed, name: e.Name}, nil
		}
		return &typeExpr{kind: kindNamed, pkg: pkg, name: e.Name}, nil
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		if !ok {
			return nil, fmt.Errorf("unsupported qualified type %T", e.X)
		}
		p, ok := imports[x.Name]
		if !ok {
			return nil, fmt.Errorf("unknown package %s", x.Name)
		}
		return &typeExpr{kind: kindNamed, pkg: p, name: e.Sel.Name}, nil
	case *ast.StarExpr:
		el, err := resolveExpr(e.X, pkg, imports)
		if err != nil {
			return nil, err
		}
		return &typeExpr{kind: kindPointer, elem: el}, nil
	case *ast.ArrayType:
		if e.Len != nil {
			return nil, fmt.Errorf("arrays are not supported")
		}
		el, err := resolveExpr(e.Elt, pkg, imports)
		if err != nil {
			return nil, err
		}
		return &typeExpr{kind: kindSlice, elem: el}, nil
	case *ast.MapType:
		k, err := resolveExpr(e.Key, pkg, imports)
		if err != nil {
			return nil, err
		}
		v, err := resolveExpr(e.Value, pkg, imports)
		if err != nil {
			return nil, err
		}
		return &typeExpr{kind: kindMap, key: k, elem: v}, nil
	}
	return nil, fmt.Errorf("unsupported field type %T", e)
}

// baseName is the name an embedded field of type t gets.
func (t *typeExpr) baseName() string {
	for t.kind == kindPointer {
		t = t.elem
	}
	return t.name
}

// predeclared are Go's predeclared type names that appear in API structs.
var predeclared = map[string]bool{
	"bool": true, "string": true, "byte": true, "rune": true,
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true,
	"float32": true, "float64": true, "any": true,
}

// isDeprecated reports whether doc has a line starting with "Deprecated:",
// the Go convention for deprecation notices.
func isDeprecated(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	for _, line := range strings.Split(doc.Text(), "\n") {
		if strings.HasPrefix(line, "Deprecated:") {
			return true
		}
	}
	return false
}
