// Package clientgen renders kclient's typed clients from a model.API:
// for every group-version a package under <TypedDir>/<group>/<version> with
// the <Group><Version>Client, one client per +genclient type over
// internal/gentypecore (the implementation behind gentype, which typed
// clients must not import: it links package testing for its fakes), the
// <Kind>Expansion interfaces that no hand-written file declares, and a
// private scheme holding only the API groups the package uses; and the
// umbrella Clientset in <ClientsetDir>.
//
// Output is a pure function of the model, the options and the hand-written
// files already in the output directories, so generating twice gives the
// same bytes.
package clientgen
