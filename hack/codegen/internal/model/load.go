package model

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Options controls Load.
type Options struct {
	// ImportPrefix is the import path of the root directory ("k8s.io/api").
	ImportPrefix string
	// Exclude lists "<group>/<version>" directories to skip even if they have
	// +genclient types.
	Exclude []string
}

var versionDir = regexp.MustCompile(`^v[0-9]+((alpha|beta)[0-9]+)?$`)

// Load scans root/<group>/<version> for API packages and returns those with
// at least one +genclient type, sorted by directory.
func Load(root string, opts Options) (*API, error) {
	groups, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("reading API root: %w", err)
	}
	api := &API{}
	for _, g := range groups {
		if !g.IsDir() || strings.HasPrefix(g.Name(), ".") || g.Name() == "testdata" {
			continue
		}
		versions, err := os.ReadDir(filepath.Join(root, g.Name()))
		if err != nil {
			return nil, fmt.Errorf("reading API group directory: %w", err)
		}
		for _, v := range versions {
			rel := g.Name() + "/" + v.Name()
			if !v.IsDir() || !versionDir.MatchString(v.Name()) || slices.Contains(opts.Exclude, rel) {
				continue
			}
			gv, err := LoadPackage(filepath.Join(root, g.Name(), v.Name()), strings.TrimSuffix(opts.ImportPrefix, "/")+"/"+rel)
			if err != nil {
				return nil, err
			}
			if len(gv.Types) > 0 {
				api.GroupVersions = append(api.GroupVersions, gv)
			}
		}
	}
	sort.Slice(api.GroupVersions, func(i, j int) bool { return api.GroupVersions[i].Dir() < api.GroupVersions[j].Dir() })
	return api, nil
}

// skipFile reports files that never carry client tags: tests and generated
// code (protobuf files are large and slow to parse).
func skipFile(name string) bool {
	return !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") ||
		strings.HasPrefix(name, "generated.") || strings.HasPrefix(name, "zz_generated") ||
		strings.HasSuffix(name, "_generated.go")
}

// LoadPackage parses the API package in dir, whose import path is
// importPath. A package without +genclient types gives a GroupVersion with
// no Types and no error.
func LoadPackage(dir, importPath string) (*GroupVersion, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading API package: %w", err)
	}
	gv := &GroupVersion{
		Version:      filepath.Base(dir),
		PackageGroup: filepath.Base(filepath.Dir(dir)),
		ImportPath:   importPath,
		AllTypeNames: map[string]bool{},
	}
	fset := token.NewFileSet()
	var groupName, groupGoName *string
	type candidate struct {
		spec *ast.TypeSpec
		tags []tag
		file string
	}
	var candidates []candidate
	for _, e := range entries {
		if e.IsDir() || skipFile(e.Name()) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("parsing %s: %w", path, err)
		}
		for _, cg := range f.Comments {
			for _, t := range parseTags(commentLines(cg)) {
				v := t.value
				switch t.name {
				case "groupName":
					groupName = &v
				case "groupGoName":
					groupGoName = &v
				}
			}
		}
		for _, c := range typeComments(f) {
			if c.spec.Name.IsExported() {
				gv.AllTypeNames[c.spec.Name.Name] = true
			}
			candidates = append(candidates, candidate{c.spec, parseTags(c.lines), path})
		}
	}
	for _, c := range candidates {
		ct, err := readClientTags(c.tags)
		if err != nil {
			return nil, fmt.Errorf("%s: type %s: %w", c.file, c.spec.Name.Name, err)
		}
		if !ct.genclient {
			continue
		}
		t, err := newType(c.spec, ct)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.file, err)
		}
		gv.Types = append(gv.Types, t)
	}
	if len(gv.Types) == 0 {
		return gv, nil
	}
	// Without +groupName the group is the directory name, as for apps.
	gv.Group = gv.PackageGroup
	if groupName != nil {
		gv.Group = *groupName
	}
	gv.GoGroup = goGroupName(gv.Group)
	if groupGoName != nil && *groupGoName != "" {
		gv.GoGroup = *groupGoName
	}
	sort.Slice(gv.Types, func(i, j int) bool { return gv.Types[i].Name < gv.Types[j].Name })
	return gv, nil
}

// newType builds the model of a +genclient type.
func newType(spec *ast.TypeSpec, ct clientTags) (*Type, error) {
	st, ok := spec.Type.(*ast.StructType)
	if !ok || spec.TypeParams != nil {
		return nil, fmt.Errorf("type %s is tagged +genclient but is not a plain struct", spec.Name.Name)
	}
	hasStatus := false
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			if n.Name == "Status" {
				hasStatus = true
			}
		}
	}
	t := &Type{
		Name:       spec.Name.Name,
		Plural:     Plural(spec.Name.Name),
		Namespaced: !ct.nonNamespaced,
		HasStatus:  hasStatus && !ct.noStatus,
		Verbs:      ct.verbs(hasStatus),
	}
	t.Resource = strings.ToLower(t.Plural)
	if ct.resourceName != "" {
		t.Resource = ct.resourceName
	}
	for _, e := range ct.methods {
		if e.Result.Name == "" {
			e.Result = TypeRef{Name: t.Name}
		}
		if e.Input == nil && (e.Verb == "create" || e.Verb == "update" || e.Verb == "apply" || e.Verb == "patch") {
			e.Input = &TypeRef{Name: t.Name}
		}
		t.Extensions = append(t.Extensions, e)
	}
	return t, nil
}

// typeComment is a type declaration with the comment lines that precede it.
type typeComment struct {
	spec  *ast.TypeSpec
	lines []string
}

// typeComments pairs every type spec with all comment lines between the
// previous declaration and its own: tags may sit in the doc comment or in a
// separate comment block above it.
func typeComments(f *ast.File) []typeComment {
	var out []typeComment
	prevEnd := f.Name.End()
	ci := 0
	for _, d := range f.Decls {
		var lines []string
		for ; ci < len(f.Comments) && f.Comments[ci].End() <= d.Pos(); ci++ {
			if f.Comments[ci].Pos() >= prevEnd {
				lines = append(lines, commentLines(f.Comments[ci])...)
			}
		}
		prevEnd = d.End()
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, s := range gd.Specs {
			ts := s.(*ast.TypeSpec)
			specLines := lines
			if len(gd.Specs) > 1 || gd.Lparen.IsValid() {
				specLines = commentLines(ts.Doc)
			}
			out = append(out, typeComment{spec: ts, lines: specLines})
		}
	}
	return out
}

func commentLines(cg *ast.CommentGroup) []string {
	if cg == nil {
		return nil
	}
	out := make([]string, 0, len(cg.List))
	for _, c := range cg.List {
		out = append(out, c.Text)
	}
	return out
}
