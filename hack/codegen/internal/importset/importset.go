// Package importset collects the imports of one generated Go file and
// renders them as a gofmt-style import block. The code generators under
// hack/codegen share it.
package importset

import (
	"fmt"
	"sort"
	"strings"
)

// Set is the imports of one file, by import path. The zero value is not
// usable; call New.
type Set struct {
	byPath map[string]string
}

// New returns an empty Set.
func New() *Set { return &Set{byPath: map[string]string{}} }

// Add records path under alias and returns the name to qualify its
// identifiers with; an empty alias means the last path element.
func (s *Set) Add(path, alias string) string {
	s.byPath[path] = alias
	if alias == "" {
		return LastElem(path)
	}
	return alias
}

// Remove forgets path.
func (s *Set) Remove(path string) { delete(s.byPath, path) }

// Len is the number of imports.
func (s *Set) Len() int { return len(s.byPath) }

// Render returns the import block: standard library first, then the rest,
// each group sorted. Aliases equal to the last path element are left out.
func (s *Set) Render() string {
	var std, other []string
	for p, a := range s.byPath {
		line := fmt.Sprintf("\t%s %q", a, p)
		if a == "" || a == LastElem(p) {
			line = fmt.Sprintf("\t%q", p)
		}
		if strings.Contains(strings.SplitN(p, "/", 2)[0], ".") {
			other = append(other, line)
		} else {
			std = append(std, line)
		}
	}
	sort.Strings(std)
	sort.Strings(other)
	var b strings.Builder
	b.WriteString("import (\n")
	b.WriteString(strings.Join(std, "\n"))
	if len(std) > 0 && len(other) > 0 {
		b.WriteString("\n\n")
	}
	b.WriteString(strings.Join(other, "\n"))
	b.WriteString("\n)\n")
	return b.String()
}

// LastElem returns the last element of a slash-separated import path.
func LastElem(p string) string {
	return p[strings.LastIndex(p, "/")+1:]
}
