package rest

import (
	"fmt"
	"strings"
)

// NameMayNotBe lists the exact names a path segment (a namespace, resource
// or object name in a URL or storage key) must not have.
var NameMayNotBe = []string{".", ".."}

// NameMayNotContain lists the characters no path segment may contain
// anywhere.
var NameMayNotContain = []string{"/", "%"}

// IsValidPathSegmentName checks name against NameMayNotBe and
// NameMayNotContain and describes each violation; nil means name can be used
// as one URL path segment as is.
func IsValidPathSegmentName(name string) []string {
	for _, illegal := range NameMayNotBe {
		if name == illegal {
			return []string{fmt.Sprintf(`may not be '%s'`, illegal)}
		}
	}
	return IsValidPathSegmentPrefix(name)
}

// IsValidPathSegmentPrefix checks only NameMayNotContain, for strings that
// will have more appended (such as generateName): "." is a fine start for
// a name even though it is not a fine name.
func IsValidPathSegmentPrefix(name string) []string {
	var errs []string
	for _, illegal := range NameMayNotContain {
		if strings.Contains(name, illegal) {
			errs = append(errs, fmt.Sprintf(`may not contain '%s'`, illegal))
		}
	}
	return errs
}

// ValidatePathSegmentName is IsValidPathSegmentPrefix when prefix is true,
// IsValidPathSegmentName otherwise.
func ValidatePathSegmentName(name string, prefix bool) []string {
	if prefix {
		return IsValidPathSegmentPrefix(name)
	}
	return IsValidPathSegmentName(name)
}
