package rest

import (
	"fmt"
	"strings"
)

// NameMayNotBe specifies strings that cannot be used as names specified as
// path segments (like the REST API or etcd store)
var NameMayNotBe = []string{".", ".."}

// NameMayNotContain specifies substrings that cannot be used in names
// specified as path segments (like the REST API or etcd store)
var NameMayNotContain = []string{"/", "%"}

// IsValidPathSegmentName validates the name can be safely encoded as a path
// segment. It returns one message per problem, or nil.
func IsValidPathSegmentName(name string) []string {
	for _, illegal := range NameMayNotBe {
		if name == illegal {
			return []string{fmt.Sprintf(`may not be '%s'`, illegal)}
		}
	}
	return IsValidPathSegmentPrefix(name)
}

// IsValidPathSegmentPrefix validates the name can be used as a prefix for a
// name which will be encoded as a path segment It does not check for exact
// matches with disallowed names, since an arbitrary suffix might make the name
// valid
func IsValidPathSegmentPrefix(name string) []string {
	var errs []string
	for _, illegal := range NameMayNotContain {
		if strings.Contains(name, illegal) {
			errs = append(errs, fmt.Sprintf(`may not contain '%s'`, illegal))
		}
	}
	return errs
}

// ValidatePathSegmentName validates the name can be safely encoded as a path
// segment; with prefix set only the substring rules apply.
func ValidatePathSegmentName(name string, prefix bool) []string {
	if prefix {
		return IsValidPathSegmentPrefix(name)
	}
	return IsValidPathSegmentName(name)
}
