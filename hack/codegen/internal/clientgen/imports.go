package clientgen

import (
	"fmt"
	"sort"
	"strings"
)

// imports collects the imports of one generated file.
type imports struct {
	byPath map[string]string
}

func newImports() *imports { return &imports{byPath: map[string]string{}} }

// add records path under alias and returns the name to qualify its
// identifiers with; an empty alias means the last path element.
func (im *imports) add(path, alias string) string {
	im.byPath[path] = alias
	if alias == "" {
		return lastElem(path)
	}
	return alias
}

// render returns the import block, standard library first.
func (im *imports) render() string {
	var std, other []string
	for p, a := range im.byPath {
		line := fmt.Sprintf("\t%s %q", a, p)
		if a == "" || a == lastElem(p) {
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

func lastElem(p string) string {
	return p[strings.LastIndex(p, "/")+1:]
}
