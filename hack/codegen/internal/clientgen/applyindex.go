package clientgen

import (
	"path/filepath"
	"strings"
)

// ApplyIndex tells which API types have an apply configuration, by reading
// the <Kind>ApplyConfiguration declarations under
// Root/ApplyConfigurationsDir. The typed clients and their fakes consult the
// same index so they agree on which Apply methods exist. Not safe for
// concurrent use.
type ApplyIndex struct {
	opts  Options
	kinds map[string]map[string]bool // by API import path
}

// NewApplyIndex returns an index for opts; with opts.Apply == ApplyOff it
// reports no apply configurations at all.
func NewApplyIndex(opts Options) *ApplyIndex {
	return &ApplyIndex{opts: opts, kinds: map[string]map[string]bool{}}
}

// Lookup reports whether kind of the API package importPath has an apply
// configuration, and the import path of the package declaring it.
func (x *ApplyIndex) Lookup(importPath, kind string) (pkg string, ok bool, err error) {
	if x.opts.Apply == ApplyOff {
		return "", false, nil
	}
	rel := strings.TrimPrefix(importPath, x.opts.APIPrefix+"/")
	kinds, cached := x.kinds[importPath]
	if !cached {
		kinds, err = applyTypes(filepath.Join(x.opts.Root, filepath.FromSlash(x.opts.ApplyConfigurationsDir), filepath.FromSlash(rel)))
		if err != nil {
			return "", false, err
		}
		x.kinds[importPath] = kinds
	}
	if !kinds[kind] {
		return "", false, nil
	}
	return x.opts.Module + "/" + x.opts.ApplyConfigurationsDir + "/" + rel, true, nil
}
