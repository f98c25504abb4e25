package clientgen

import (
	"fmt"
	"path"
	"strings"

	"github.com/kclient/kclient/hack/codegen/internal/importset"
	"github.com/kclient/kclient/hack/codegen/internal/model"
)

// clientsetFile renders the umbrella Clientset with one accessor per
// group-version.
func clientsetFile(api *model.API, opts *Options) string {
	im := importset.New()
	im.Add("fmt", "")
	im.Add("net/http", "")
	im.Add(opts.RuntimeModule()+"/rest", "")
	im.Add(opts.RuntimeModule()+"/util/flowcontrol", "")
	disc := ""
	if opts.DiscoveryImport != "" {
		disc = im.Add(opts.DiscoveryImport, "")
	}
	type entry struct{ alias, name, field string }
	var entries []entry
	for _, gv := range api.GroupVersions {
		alias := im.Add(opts.Module+"/"+path.Join(opts.TypedDir, gv.Dir()), gv.Alias())
		entries = append(entries, entry{alias, gv.GoName(), model.LowerFirst(gv.GoName())})
	}
	pkg := path.Base(opts.ClientsetDir)

	var b strings.Builder
	b.WriteString(Header + "\n\npackage " + pkg + "\n\n" + im.Render() + "\n")
	if opts.External() {
		b.WriteString("// Interface gives access to the typed client of every API group-version\n// of this clientset.\ntype Interface interface {\n")
	} else {
		b.WriteString("// Interface gives access to the typed client of every built-in API\n// group-version.\ntype Interface interface {\n")
	}
	if disc != "" {
		fmt.Fprintf(&b, "\tDiscovery() %s.DiscoveryInterfaces\n", disc)
	}
	for _, e := range entries {
		fmt.Fprintf(&b, "\t%s() %s.%sInterface\n", e.name, e.alias, e.name)
	}
	b.WriteString("}\n\n")
	b.WriteString(`// Clientset implements Interface. All group-version clients share one HTTP
// client (and so one connection pool and rate limiter). It is safe for
// concurrent use.
type Clientset struct {
`)
	if disc != "" {
		fmt.Fprintf(&b, "\t*%s.DiscoveryClient\n", disc)
	}
	for _, e := range entries {
		fmt.Fprintf(&b, "\t%s *%s.%sClient\n", e.field, e.alias, e.name)
	}
	b.WriteString("}\n\n")
	if disc != "" {
		fmt.Fprintf(&b, "// Discovery returns the discovery client; nil for a nil Clientset.\nfunc (cs *Clientset) Discovery() %s.DiscoveryInterfaces {\n\tif cs == nil {\n\t\treturn nil\n\t}\n\treturn cs.DiscoveryClient\n}\n\n", disc)
	}
	for _, e := range entries {
		fmt.Fprintf(&b, "// %[1]s returns the %[1]s client.\nfunc (cs *Clientset) %[1]s() %[2]s.%[1]sInterface {\n\treturn cs.%[3]s\n}\n\n", e.name, e.alias, e.field)
	}
	b.WriteString(`// NewForConfig returns a Clientset for config. One HTTP client, built by
// rest.HTTPClientFor, is shared by every group-version. config is not
// modified; an empty UserAgent gets the default.
func NewForConfig(c *rest.Config) (*Clientset, error) {
	if c == nil {
		return nil, fmt.Errorf("clientset: nil *rest.Config")
	}
	config := *c
	if config.UserAgent == "" {
		config.UserAgent = rest.DefaultKubernetesUserAgent()
	}
	httpClient, err := rest.HTTPClientFor(&config)
	if err != nil {
		return nil, fmt.Errorf("clientset: %w", err)
	}
	return NewForConfigAndClient(&config, httpClient)
}

// NewForConfigAndClient returns a Clientset whose group-version clients send
// requests through httpClient. Unless config.RateLimiter is set, one token
// bucket of config.QPS and config.Burst is shared by all of them; QPS > 0
// with Burst <= 0 is an error.
func NewForConfigAndClient(c *rest.Config, httpClient *http.Client) (*Clientset, error) {
	if c == nil {
		return nil, fmt.Errorf("clientset: nil *rest.Config")
	}
	config := *c
	if config.RateLimiter == nil && config.QPS > 0 {
		if config.Burst <= 0 {
			return nil, fmt.Errorf("clientset: burst must be greater than 0 when QPS is greater than 0 and no RateLimiter is set")
		}
		config.RateLimiter = flowcontrol.NewTokenBucketRateLimiter(config.QPS, config.Burst)
	}
	var cs Clientset
	var err error
`)
	for _, e := range entries {
		fmt.Fprintf(&b, "\tif cs.%s, err = %s.NewForConfigAndClient(&config, httpClient); err != nil {\n\t\treturn nil, err\n\t}\n", e.field, e.alias)
	}
	if disc != "" {
		fmt.Fprintf(&b, "\tif cs.DiscoveryClient, err = %s.NewDiscoveryClientForConfigAndClient(&config, httpClient); err != nil {\n\t\treturn nil, err\n\t}\n", disc)
	}
	b.WriteString(`	return &cs, nil
}

// NewForConfigOrDie is NewForConfig that panics on error.
func NewForConfigOrDie(c *rest.Config) *Clientset {
	cs, err := NewForConfig(c)
	if err == nil {
		return cs
	}
	panic(err)
}

// New returns a Clientset whose group-version clients all send requests
// through c, which must be able to encode and decode every group's types.
func New(c rest.Interface) *Clientset {
	return &Clientset{
`)
	for _, e := range entries {
		fmt.Fprintf(&b, "\t\t%s: %s.New(c),\n", e.field, e.alias)
	}
	if disc != "" {
		fmt.Fprintf(&b, "\t\tDiscoveryClient: %s.NewDiscoveryClient(c),\n", disc)
	}
	b.WriteString("\t}\n}\n")
	return b.String()
}

// schemeFiles renders the scheme package of External output: one Scheme
// with every group-version of api, its codecs, and AddToScheme for callers
// composing their own scheme (for example to record Events about their
// objects).
func schemeFiles(api *model.API, opts *Options) map[string]string {
	pkg := path.Base(opts.SchemeDir)
	im := importset.New()
	im.Add("k8s.io/apimachinery/pkg/apis/meta/v1", "metav1")
	im.Add("k8s.io/apimachinery/pkg/runtime", "")
	im.Add("k8s.io/apimachinery/pkg/runtime/schema", "")
	im.Add("k8s.io/apimachinery/pkg/runtime/serializer", "")
	im.Add("k8s.io/apimachinery/pkg/util/runtime", "utilruntime")
	var b strings.Builder
	b.WriteString(`// Scheme knows the Go types of every group-version of the clientset; the
// typed clients encode and decode through it.
var Scheme = runtime.NewScheme()

// Codecs are the serializers over Scheme.
var Codecs = serializer.NewCodecFactory(Scheme)

// ParameterCodec turns option structs into query parameters.
var ParameterCodec = runtime.NewParameterCodec(Scheme)

// localSchemeBuilder registers every group-version of the clientset.
var localSchemeBuilder = runtime.SchemeBuilder{
`)
	for _, gv := range api.GroupVersions {
		fmt.Fprintf(&b, "\t%s.AddToScheme,\n", im.Add(gv.ImportPath, gv.Alias()))
	}
	b.WriteString(`}

// AddToScheme adds the types of every group-version of the clientset to a
// scheme, for example kubernetes/scheme.Scheme so that an event recorder
// can refer to these objects.
var AddToScheme = localSchemeBuilder.AddToScheme

func init() {
	metav1.AddToGroupVersion(Scheme, schema.GroupVersion{Version: "v1"})
	utilruntime.Must(AddToScheme(Scheme))
}
`)
	return map[string]string{
		"doc.go": Header + "\n\n// Package " + pkg + " holds the Scheme the clientset's typed clients\n" +
			"// encode and decode with.\npackage " + pkg + "\n",
		"register.go": Header + "\n\npackage " + pkg + "\n\n" + im.Render() + "\n" + b.String(),
	}
}
