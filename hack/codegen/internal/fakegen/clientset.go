package fakegen

import (
	"fmt"
	"path"
	"strings"

	"github.com/kclient/kclient/hack/codegen/internal/clientgen"
	"github.com/kclient/kclient/hack/codegen/internal/importset"
	"github.com/kclient/kclient/hack/codegen/internal/model"
)

// clientsetFiles renders the fake Clientset package by file name.
func clientsetFiles(api *model.API, opts *Options) map[string]string {
	pkg := path.Base(opts.ClientsetDir)
	of := "the kubernetes Clientset"
	if opts.Client.External() && opts.Client.ClientsetDir != "" {
		of = "the " + path.Base(opts.Client.ClientsetDir) + " Clientset"
	}
	return map[string]string{
		"doc.go": clientgen.Header + "\n\n" +
			"// Package " + pkg + " is the test double of " + of + ": a Clientset\n" +
			"// whose every group-version client records its calls on one embedded\n" +
			"// testing.Fake and, unless a reactor says otherwise, answers them from an\n" +
			"// in-memory object tracker. Build one with NewClientset (or\n" +
			"// NewSimpleClientset) and the objects the test starts from.\n" +
			"package " + pkg + "\n",
		"clientset.go": clientsetFile(api, opts, pkg),
		"register.go":  registerFile(api, opts, pkg),
	}
}

func clientsetFile(api *model.API, opts *Options, pkg string) string {
	co := &opts.Client
	im := importset.New()
	im.Add("k8s.io/apimachinery/pkg/runtime", "")
	im.Add(co.RuntimeModule()+"/testing", "")
	helper := ""
	if co.External() {
		im.Add("fmt", "")
		im.Add("k8s.io/apimachinery/pkg/apis/meta/v1", "metav1")
		im.Add("k8s.io/apimachinery/pkg/watch", "")
	} else {
		helper = im.Add(opts.HelperImport, "")
	}
	withDiscovery := co.DiscoveryImport != "" && opts.FakeDiscoveryImport != ""
	var disc, fakeDisc string
	if withDiscovery {
		disc = im.Add(co.DiscoveryImport, "")
		fakeDisc = im.Add(opts.FakeDiscoveryImport, "fakediscovery")
	}
	real := ""
	if co.ClientsetDir != "" {
		real = im.Add(co.Module+"/"+co.ClientsetDir, "")
	}

	var b strings.Builder
	b.WriteString(`// Clientset is a fake of the typed Clientset for unit tests. Every call of
// its group-version clients becomes a testing.Action, recorded on the
// embedded Fake (see Actions) and answered by its reactor chain, which ends
// with the object tracker (see Tracker). Prepend reactors to inject errors or
// canned objects. Embed a Clientset in a struct to override single methods.
//
// It is not an API server: there is no validation, defaulting, admission,
// generateName, finalizer or garbage-collection logic. The zero value has no
// tracker; use NewClientset or NewSimpleClientset.
type Clientset struct {
	testing.Fake
`)
	if withDiscovery {
		fmt.Fprintf(&b, "\tdiscovery *%s.FakeDiscovery\n", fakeDisc)
	}
	b.WriteString("\ttracker testing.ObjectTracker\n}\n\n")
	if real != "" {
		fmt.Fprintf(&b, "var _ %s.Interface = &Clientset{}\n\n", real)
	}
	if opts.TypeConverterImport != "" {
		ac := im.Add(opts.TypeConverterImport, "")
		fmt.Fprintf(&b, `// NewClientset returns a fake Clientset holding objects. Its tracker
// records managed fields and implements server-side Apply with the schema of
// the built-in API types (%[1]s.NewTypeConverter), so Apply merges like
// the apiserver: lists with keys, such as a pod's containers, merge element
// by element, and only atomic fields are replaced whole. Objects that cannot
// be added (unknown kind, duplicates) make it panic.
func NewClientset(objects ...runtime.Object) *Clientset {
	return newClientset(testing.NewFieldManagedObjectTracker(scheme, codecs.UniversalDecoder(), %[1]s.NewTypeConverter(scheme)), objects)
}

`, ac)
	} else {
		im.Add("k8s.io/apimachinery/pkg/util/managedfields", "")
		b.WriteString(`// NewClientset returns a fake Clientset holding objects. Its tracker
// records managed fields and implements server-side Apply. With no OpenAPI
// schema at hand it deduces the structure of objects: maps and structs are
// merged field by field, but lists are atomic (an apply replaces a whole
// list, such as a pod's containers, rather than merging by key). Objects
// that cannot be added (unknown kind, duplicates) make it panic.
func NewClientset(objects ...runtime.Object) *Clientset {
	return newClientset(testing.NewFieldManagedObjectTracker(scheme, codecs.UniversalDecoder(), managedfields.NewDeducedTypeConverter()), objects)
}

`)
	}
	b.WriteString(`// NewSimpleClientset is NewClientset with a tracker that does not manage
// fields: creates, updates and patches are stored as given, and apply
// patches are not supported. Prefer NewClientset in new tests.
func NewSimpleClientset(objects ...runtime.Object) *Clientset {
	return newClientset(testing.NewObjectTracker(scheme, codecs.UniversalDecoder()), objects)
}

`)
	fmt.Fprintf(&b, "func newClientset(tracker testing.ObjectTracker, objects []runtime.Object) *Clientset {\n")
	fmt.Fprintf(&b, "\tcs := &Clientset{tracker: tracker}\n")
	if withDiscovery {
		fmt.Fprintf(&b, "\tcs.discovery = &%s.FakeDiscovery{Fake: &cs.Fake}\n", fakeDisc)
	}
	if co.External() {
		b.WriteString(serveFromTracker)
	} else {
		fmt.Fprintf(&b, "\t%s.ServeFromTracker(&cs.Fake, tracker, objects...)\n\treturn cs\n}\n\n", helper)
	}
	if withDiscovery {
		fmt.Fprintf(&b, "// Discovery returns a fake discovery client sharing this Clientset's Fake:\n")
		fmt.Fprintf(&b, "// it serves Fake.Resources and records its calls as actions too.\n")
		fmt.Fprintf(&b, "func (cs *Clientset) Discovery() %s.DiscoveryInterfaces { return cs.discovery }\n\n", disc)
	}
	b.WriteString(`// Tracker returns the object tracker behind the Clientset, to seed or
// inspect objects without recording actions.
func (cs *Clientset) Tracker() testing.ObjectTracker { return cs.tracker }

// IsWatchListSemanticsUnSupported reports true: the fake's watches never
// send the initial-events bookmark that streaming lists rely on, so
// reflectors fall back to list and watch.
func (cs *Clientset) IsWatchListSemanticsUnSupported() bool { return true }
`)
	for _, gv := range api.GroupVersions {
		dir := co.Module + "/" + path.Join(co.TypedDir, gv.Dir())
		typed := im.Add(dir, "typed"+gv.Alias())
		fake := im.Add(dir+"/fake", "fake"+gv.Alias())
		fmt.Fprintf(&b, "\n// %[1]s returns a fake %[1]s client over the Clientset's Fake.\n", gv.GoName())
		fmt.Fprintf(&b, "func (cs *Clientset) %[1]s() %[2]s.%[1]sInterface { return &%[3]s.Fake%[1]s{Fake: &cs.Fake} }\n", gv.GoName(), typed, fake)
	}
	return clientgen.Header + "\n\npackage " + pkg + "\n\n" + im.Render() + "\n" + b.String()
}

func registerFile(api *model.API, opts *Options, pkg string) string {
	im := importset.New()
	im.Add("k8s.io/apimachinery/pkg/apis/meta/v1", "metav1")
	im.Add("k8s.io/apimachinery/pkg/runtime", "")
	im.Add("k8s.io/apimachinery/pkg/runtime/schema", "")
	im.Add("k8s.io/apimachinery/pkg/runtime/serializer", "")
	im.Add("k8s.io/apimachinery/pkg/util/runtime", "utilruntime")
	var b strings.Builder
	b.WriteString(`// scheme knows every API type of the Clientset; the trackers use it to map
// objects to resources and to build lists.
var scheme = runtime.NewScheme()

// codecs decodes objects for the trackers.
var codecs = serializer.NewCodecFactory(scheme)

// groups registers the types of every group-version of the Clientset.
var groups = runtime.SchemeBuilder{
`)
	for _, gv := range api.GroupVersions {
		fmt.Fprintf(&b, "\t%s.AddToScheme,\n", im.Add(gv.ImportPath, model.PackageAlias(gv.ImportPath)))
	}
	b.WriteString(`}

// AddToScheme registers the API types of every group-version of the
// Clientset with a scheme, for tests that need to encode or decode them
// (or compose the Clientset with another one).
var AddToScheme = groups.AddToScheme

func init() {
	metav1.AddToGroupVersion(scheme, schema.GroupVersion{Version: "v1"})
	utilruntime.Must(AddToScheme(scheme))
}
`)
	return clientgen.Header + "\n\npackage " + pkg + "\n\n" + im.Render() + "\n" + b.String()
}

// serveFromTracker ends newClientset for External output: the seed objects
// go into the tracker, and every action and watch no earlier reactor
// handles is answered from it, using only the public testing package.
const serveFromTracker = `	for _, obj := range objects {
		if err := tracker.Add(obj); err != nil {
			panic(fmt.Sprintf("fake clientset: adding %T to the tracker: %v", obj, err))
		}
	}
	cs.AddReactor("*", "*", testing.ObjectReaction(tracker))
	cs.AddWatchReactor("*", func(action testing.Action) (bool, watch.Interface, error) {
		var opts []metav1.ListOptions
		if wa, ok := action.(interface{ GetListOptions() metav1.ListOptions }); ok {
			opts = append(opts, wa.GetListOptions())
		}
		w, err := tracker.Watch(action.GetResource(), action.GetNamespace(), opts...)
		if err != nil {
			return false, nil, err
		}
		return true, w, nil
	})
	return cs
}

`
