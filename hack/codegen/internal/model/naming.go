package model

import "strings"

// pluralExceptions are kinds whose plural is not derived by the English
// rules below.
var pluralExceptions = map[string]string{
	"Endpoints": "Endpoints",
}

// Plural returns the exported Go plural of a kind: "Pod" → "Pods",
// "NetworkPolicy" → "NetworkPolicies", "Ingress" → "Ingresses".
func Plural(kind string) string {
	if p, ok := pluralExceptions[kind]; ok {
		return p
	}
	switch {
	case kind == "":
		return ""
	case strings.HasSuffix(kind, "s"), strings.HasSuffix(kind, "x"), strings.HasSuffix(kind, "z"),
		strings.HasSuffix(kind, "ch"), strings.HasSuffix(kind, "sh"):
		return kind + "es"
	case strings.HasSuffix(kind, "y") && len(kind) > 1 && !strings.ContainsRune("aeiouAEIOU", rune(kind[len(kind)-2])):
		return kind[:len(kind)-1] + "ies"
	default:
		return kind + "s"
	}
}

// goGroupName derives the Go name of an API group: the first DNS label,
// capitalised, with "core" standing for the empty group.
func goGroupName(group string) string {
	first, _, _ := strings.Cut(group, ".")
	if first == "" {
		first = "core"
	}
	var b strings.Builder
	upper := true
	for _, r := range first {
		if r == '-' || r == '_' {
			upper = true
			continue
		}
		if upper {
			b.WriteString(strings.ToUpper(string(r)))
			upper = false
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
