package fakegen

import "github.com/kclient/kclient/hack/codegen/internal/clientgen"

// Options configures Generate.
type Options struct {
	// Client are the options the real typed clients are generated with;
	// the fakes implement exactly the interfaces those produce.
	Client clientgen.Options
	// HelperImport is the package of the helpers generated fakes call
	// ("<module>/kubernetes/internal/fakeclient"); it must be importable
	// from both the typed fakes and the fake clientset. Unused (and not
	// required) for External client options, whose fakes call only public
	// kclient packages.
	HelperImport string
	// ClientsetDir receives the fake Clientset ("kubernetes/fake"); empty
	// skips it.
	ClientsetDir string
	// FakeDiscoveryImport is the package of FakeDiscovery
	// ("<module>/discovery/fake"); Discovery is left out of the fake
	// Clientset when it or Client.DiscoveryImport is empty.
	FakeDiscoveryImport string
	// TypeConverterImport is the package whose
	// NewTypeConverter(*runtime.Scheme) managedfields.TypeConverter gives
	// NewClientset's tracker the API's schema ("<module>/applyconfigurations"),
	// so that Apply merges lists by key as the apiserver does. Empty uses a
	// deduced type converter, under which every list is atomic.
	TypeConverterImport string
}
