package clientgen

import (
	"fmt"
	"strings"

	"github.com/kclient/kclient/hack/codegen/internal/importset"
	"github.com/kclient/kclient/hack/codegen/internal/model"
)

// gvGen renders the typed package of one group-version.
type gvGen struct {
	opts  *Options
	gen   *generator
	gv    *model.GroupVersion
	hw    *handwritten
	pkg   string // Go import path of the output package
	dir   string // output directory relative to Root
	cname string // "CoreV1Client"
}

// typeRef returns the Go expression of ref, registering its import.
func (g *gvGen) typeRef(im *importset.Set, ref model.TypeRef) string {
	p := ref.ImportPath
	if p == "" {
		p = g.gv.ImportPath
	}
	return im.Add(p, model.PackageAlias(p)) + "." + ref.Name
}

// applyRef returns the apply-configuration type of ref, registering its
// import, or "" when it does not exist (yet).
func (g *gvGen) applyRef(im *importset.Set, ref model.TypeRef) (string, error) {
	p := ref.ImportPath
	if p == "" {
		p = g.gv.ImportPath
	}
	acPkg, ok, err := g.gen.apply.Lookup(p, ref.Name)
	if err != nil || !ok {
		return "", err
	}
	return im.Add(acPkg, "applyconfigurations"+model.PackageAlias(p)) + "." + ref.Name + "ApplyConfiguration", nil
}

func (g *gvGen) file(body string, im *importset.Set) string {
	var b strings.Builder
	b.WriteString(Header + "\n\npackage " + g.gv.Version + "\n\n")
	if im.Len() > 0 {
		b.WriteString(im.Render() + "\n")
	}
	b.WriteString(body)
	return b.String()
}

// render returns the package's files by base name.
func (g *gvGen) render() (map[string]string, error) {
	files := map[string]string{}
	files["doc.go"] = g.docFile()
	files[g.gv.PackageGroup+"_client.go"] = g.clientFile()
	files["generated_expansion.go"] = g.expansionFile()
	if !g.opts.External() {
		files["codecs.go"] = g.codecsFile()
	}
	for _, t := range g.gv.Types {
		src, err := g.typeFile(t)
		if err != nil {
			return nil, fmt.Errorf("%s: type %s: %w", g.gv.ImportPath, t.Name, err)
		}
		files[strings.ToLower(t.Name)+".go"] = src
	}
	return files, nil
}

func (g *gvGen) groupLabel() string {
	if g.gv.Group == "" {
		return "core"
	}
	return g.gv.Group
}

func (g *gvGen) docFile() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", Header)
	fmt.Fprintf(&b, "// Package %s is the typed client of the %s/%s API: %s, built with\n", g.gv.Version, g.groupLabel(), g.gv.Version, g.cname)
	if g.opts.External() {
		fmt.Fprintf(&b, "// NewForConfig, hands out one client per resource. Its types are encoded and\n")
		fmt.Fprintf(&b, "// decoded with the scheme package of this clientset.\n")
	} else {
		fmt.Fprintf(&b, "// NewForConfig, hands out one client per resource. It links only the API\n")
		fmt.Fprintf(&b, "// packages its own clients use, not every built-in group.\n")
	}
	fmt.Fprintf(&b, "package %s\n", g.gv.Version)
	return b.String()
}

func (g *gvGen) clientFile() string {
	im := importset.New()
	im.Add("net/http", "")
	im.Add(g.opts.RuntimeModule()+"/rest", "")
	if g.opts.External() {
		im.Add("fmt", "")
		im.Add(g.opts.SchemeImport(), "")
	} else {
		im.Add(g.opts.Module+"/kubernetes/typed/internal/typedclient", "")
	}
	alias := im.Add(g.gv.ImportPath, g.gv.Alias())
	name := g.gv.GoName()
	c := g.cname

	var b strings.Builder
	fmt.Fprintf(&b, "// %sInterface is the client of the %s/%s API: one getter per resource.\n", name, g.groupLabel(), g.gv.Version)
	fmt.Fprintf(&b, "type %sInterface interface {\n\tRESTClient() rest.Interface\n", name)
	for _, t := range g.gv.Types {
		fmt.Fprintf(&b, "\t%sGetter\n", t.Plural)
	}
	b.WriteString("}\n\n")
	fmt.Fprintf(&b, "// %s implements %sInterface over one rest client. It is safe for\n", c, name)
	fmt.Fprintf(&b, "// concurrent use; resource clients it returns are cheap to create.\n")
	fmt.Fprintf(&b, "type %s struct {\n\trestClient rest.Interface\n}\n\n", c)
	for _, t := range g.gv.Types {
		if t.Namespaced {
			fmt.Fprintf(&b, "// %s returns a client for the %s in namespace (\"\" means all namespaces, for List and Watch).\n", t.Plural, t.Plural)
			fmt.Fprintf(&b, "func (c *%s) %s(namespace string) %sInterface {\n\treturn new%s(c, namespace)\n}\n\n", c, t.Plural, t.Name, t.Plural)
		} else {
			fmt.Fprintf(&b, "// %s returns a client for the cluster-scoped %s.\n", t.Plural, t.Plural)
			fmt.Fprintf(&b, "func (c *%s) %s() %sInterface {\n\treturn new%s(c)\n}\n\n", c, t.Plural, t.Name, t.Plural)
		}
	}
	fmt.Fprintf(&b, `// NewForConfig returns a %[1]s for config, with its own HTTP client
// built by rest.HTTPClientFor. config is not modified. An empty
// config.ContentType means protobuf with JSON accepted.
func NewForConfig(c *rest.Config) (*%[1]s, error) {
	return NewForConfigAndClient(c, nil)
}

// NewForConfigAndClient returns a %[1]s for config that sends requests
// through httpClient, which takes precedence over config's transport
// settings. A nil httpClient is built from config.
func NewForConfigAndClient(c *rest.Config, httpClient *http.Client) (*%[1]s, error) {
%[6]s}

// NewForConfigOrDie is NewForConfig that panics on error; for programs
// whose configuration is known to be valid.
func NewForConfigOrDie(c *rest.Config) *%[1]s {
	client, err := NewForConfig(c)
	if err != nil {
		panic(err)
	}
	return client
}

// New returns a %[1]s over an existing rest client, which must be
// configured for %[4]s/%[5]s with a serializer that knows its types.
func New(c rest.Interface) *%[1]s {
	return &%[1]s{c}
}

// RESTClient returns the rest client requests go through; nil for a nil
// receiver.
func (c *%[1]s) RESTClient() rest.Interface {
	if c == nil {
		return nil
	}
	return c.restClient
}
`, c, alias, g.gv.APIPath(), g.groupLabel(), g.gv.Version, g.newForConfigAndClientBody(alias))
	return g.file(b.String(), im)
}

// newForConfigAndClientBody is the body of NewForConfigAndClient: kclient's
// own clients share typedclient.NewRESTClient; external ones spell the same
// steps out over the public rest package and their scheme package.
func (g *gvGen) newForConfigAndClientBody(alias string) string {
	if !g.opts.External() {
		return fmt.Sprintf(`	rc, err := typedclient.NewRESTClient(c, httpClient, %s.SchemeGroupVersion, %q, codecs)
	if err != nil {
		return nil, err
	}
	return &%s{rc}, nil
`, alias, g.gv.APIPath(), g.cname)
	}
	label := g.groupLabel() + "/" + g.gv.Version
	return fmt.Sprintf(`	if c == nil {
		return nil, fmt.Errorf("%[1]s client: nil *rest.Config")
	}
	config := *c
	if config.UserAgent == "" {
		config.UserAgent = rest.DefaultKubernetesUserAgent()
	}
	config.NegotiatedSerializer = rest.CodecFactoryForGeneratedClient(scheme.Scheme, scheme.Codecs).WithoutConversion()
	gv := %[2]s.SchemeGroupVersion
	config.APIPath, config.GroupVersion = %[3]q, &gv
	if httpClient == nil {
		var err error
		if httpClient, err = rest.HTTPClientFor(&config); err != nil {
			return nil, fmt.Errorf("%[1]s client: %%w", err)
		}
	}
	rc, err := rest.RESTClientForConfigAndClient(&config, httpClient)
	if err != nil {
		return nil, fmt.Errorf("%[1]s client: %%w", err)
	}
	return &%[4]s{rc}, nil
`, label, alias, g.gv.APIPath(), g.cname)
}

func (g *gvGen) expansionFile() string {
	var b strings.Builder
	for _, t := range g.gv.Types {
		if g.hw.expansions[t.Name] {
			continue
		}
		fmt.Fprintf(&b, "// %sExpansion holds extra methods of %sInterface; there are none.\n", t.Name, t.Name)
		fmt.Fprintf(&b, "type %sExpansion interface{}\n\n", t.Name)
	}
	return g.file(b.String(), importset.New())
}

// schemePackages are the API packages whose types this package's clients
// send or receive: its own, those of extension methods, and those imported by
// hand-written files.
func (g *gvGen) schemePackages() []string {
	seen := map[string]bool{g.gv.ImportPath: true}
	out := []string{g.gv.ImportPath}
	add := func(p string) {
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, t := range g.gv.Types {
		for _, e := range t.Extensions {
			add(e.Result.ImportPath)
			if e.Input != nil {
				add(e.Input.ImportPath)
			}
		}
	}
	for _, p := range g.hw.apiImports {
		add(p)
	}
	return out
}

func (g *gvGen) codecsFile() string {
	im := importset.New()
	im.Add(g.opts.Module+"/kubernetes/typed/internal/typedclient", "")
	var adders []string
	for _, p := range g.schemePackages() {
		adders = append(adders, im.Add(p, model.PackageAlias(p))+".AddToScheme")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "// codecs is this package's private scheme, made of only the API packages\n")
	fmt.Fprintf(&b, "// its clients use (built on first use).\n")
	fmt.Fprintf(&b, "var codecs = typedclient.NewCodecs(\n")
	for _, a := range adders {
		fmt.Fprintf(&b, "\t%s,\n", a)
	}
	b.WriteString(")\n")
	return g.file(b.String(), im)
}

func (g *gvGen) typeFile(t *model.Type) (string, error) {
	im := importset.New()
	im.Add("context", "")
	core, params, protobuf := "gentypecore", "codecs.ParameterCodec()", true
	if g.opts.External() {
		// Code outside kclient uses the public generic client and its
		// scheme package; custom resources are served as JSON only.
		im.Add(g.opts.RuntimeModule()+"/gentype", "")
		im.Add(g.opts.SchemeImport(), "")
		core, params, protobuf = "gentype", "scheme.ParameterCodec", false
		if len(t.Extensions) > 0 {
			return "", fmt.Errorf("+genclient:method extensions are not supported for types outside kclient")
		}
	} else {
		im.Add(g.opts.Module+"/internal/gentypecore", "")
	}
	obj := g.typeRef(im, model.TypeRef{Name: t.Name})
	list := ""
	if t.Has(model.List) {
		if !g.gv.AllTypeNames[t.Name+"List"] {
			return "", fmt.Errorf("the list verb needs a %sList type", t.Name)
		}
		list = g.typeRef(im, model.TypeRef{Name: t.Name + "List"})
	}
	applyCfg := ""
	if t.Has(model.Apply) || t.Has(model.ApplyStatus) {
		var err error
		if applyCfg, err = g.applyRef(im, model.TypeRef{Name: t.Name}); err != nil {
			return "", err
		}
	}
	p := t.LowerName()
	impl := model.LowerFirst(t.Plural)
	if impl == p { // e.g. "endpoints": keep the receiver type distinct from the parameter
		impl += "Client"
	}
	var methods []string
	meta := func() string { return im.Add("k8s.io/apimachinery/pkg/apis/meta/v1", "metav1") }
	for _, v := range t.Verbs {
		switch v {
		case model.Create:
			methods = append(methods, fmt.Sprintf("Create(ctx context.Context, %s *%s, opts %s.CreateOptions) (*%s, error)", p, obj, meta(), obj))
		case model.Update:
			methods = append(methods, fmt.Sprintf("Update(ctx context.Context, %s *%s, opts %s.UpdateOptions) (*%s, error)", p, obj, meta(), obj))
		case model.UpdateStatus:
			methods = append(methods, fmt.Sprintf("UpdateStatus(ctx context.Context, %s *%s, opts %s.UpdateOptions) (*%s, error)", p, obj, meta(), obj))
		case model.Delete:
			methods = append(methods, fmt.Sprintf("Delete(ctx context.Context, name string, opts %s.DeleteOptions) error", meta()))
		case model.DeleteCollection:
			methods = append(methods, fmt.Sprintf("DeleteCollection(ctx context.Context, opts %[1]s.DeleteOptions, listOpts %[1]s.ListOptions) error", meta()))
		case model.Get:
			methods = append(methods, fmt.Sprintf("Get(ctx context.Context, name string, opts %s.GetOptions) (*%s, error)", meta(), obj))
		case model.List:
			methods = append(methods, fmt.Sprintf("List(ctx context.Context, opts %s.ListOptions) (*%s, error)", meta(), list))
		case model.Watch:
			w := im.Add("k8s.io/apimachinery/pkg/watch", "")
			methods = append(methods, fmt.Sprintf("Watch(ctx context.Context, opts %s.ListOptions) (%s.Interface, error)", meta(), w))
		case model.Patch:
			ty := im.Add("k8s.io/apimachinery/pkg/types", "")
			methods = append(methods, fmt.Sprintf("Patch(ctx context.Context, name string, pt %s.PatchType, data []byte, opts %s.PatchOptions, subresources ...string) (result *%s, err error)", ty, meta(), obj))
		case model.Apply, model.ApplyStatus:
			if applyCfg != "" {
				methods = append(methods, fmt.Sprintf("%s(ctx context.Context, %s *%s, opts %s.ApplyOptions) (result *%s, err error)", exported(string(v)), p, applyCfg, meta(), obj))
			}
		}
	}

	var ext strings.Builder
	needTarget := g.hw.expansions[t.Name]
	for _, e := range t.Extensions {
		sig, body, err := g.extension(im, t, e)
		if err != nil {
			return "", err
		}
		if sig == "" { // apply extension without apply configurations yet
			continue
		}
		needTarget = true
		methods = append(methods, sig)
		fmt.Fprintf(&ext, "// %s %s the %q subresource of the named %s.\n", e.Method, extVerbDoc(e.Verb), e.Subresource, t.Name)
		fmt.Fprintf(&ext, "func (c *%s) %s {\n\t%s\n}\n\n", impl, sig, body)
	}

	if len(methods) == 0 {
		im.Remove("context")
	}
	embedded, ctor := core+".Client["+"*"+obj+"]", core+".NewClient["+"*"+obj+"]"
	switch {
	case list != "" && applyCfg != "":
		embedded = fmt.Sprintf("%s.ClientWithListAndApply[*%s, *%s, *%s]", core, obj, list, applyCfg)
		ctor = strings.Replace(embedded, "ClientWith", "NewClientWith", 1)
	case list != "":
		embedded = fmt.Sprintf("%s.ClientWithList[*%s, *%s]", core, obj, list)
		ctor = strings.Replace(embedded, "ClientWith", "NewClientWith", 1)
	case applyCfg != "":
		embedded = fmt.Sprintf("%s.ClientWithApply[*%s, *%s]", core, obj, applyCfg)
		ctor = strings.Replace(embedded, "ClientWith", "NewClientWith", 1)
	}

	var b strings.Builder
	fmt.Fprintf(&b, "// %sGetter is implemented by clients that hand out %s clients.\n", t.Plural, t.Name)
	fmt.Fprintf(&b, "type %sGetter interface {\n", t.Plural)
	if t.Namespaced {
		fmt.Fprintf(&b, "\t%s(namespace string) %sInterface\n}\n\n", t.Plural, t.Name)
	} else {
		fmt.Fprintf(&b, "\t%s() %sInterface\n}\n\n", t.Plural, t.Name)
	}
	scope := "namespaced"
	if !t.Namespaced {
		scope = "cluster-scoped"
	}
	fmt.Fprintf(&b, "// %sInterface reads and writes %s objects (resource %q, %s).\n", t.Name, t.Name, t.Resource, scope)
	fmt.Fprintf(&b, "// The verbs behave as documented on gentype.Client; server errors are\n")
	fmt.Fprintf(&b, "// *apierrors.StatusError values, and returned objects belong to the caller.\n")
	fmt.Fprintf(&b, "type %sInterface interface {\n", t.Name)
	for _, m := range methods {
		fmt.Fprintf(&b, "\t%s\n", m)
	}
	fmt.Fprintf(&b, "\t%sExpansion\n}\n\n", t.Name)
	fmt.Fprintf(&b, "// %s implements %sInterface.\n", impl, t.Name)
	fmt.Fprintf(&b, "type %s struct {\n\t*%s\n}\n\n", impl, embedded)
	nsParam, nsArg := ", namespace string", "namespace"
	if !t.Namespaced {
		nsParam, nsArg = "", `""`
	}
	fmt.Fprintf(&b, "func new%s(c *%s%s) *%s {\n", t.Plural, g.cname, nsParam, impl)
	fmt.Fprintf(&b, "\treturn &%s{%s(\n", impl, ctor)
	fmt.Fprintf(&b, "\t\t%q, c.RESTClient(), %s, %s,\n", t.Resource, params, nsArg)
	fmt.Fprintf(&b, "\t\tfunc() *%[1]s { return &%[1]s{} },\n", obj)
	if list != "" {
		fmt.Fprintf(&b, "\t\tfunc() *%[1]s { return &%[1]s{} },\n", list)
	}
	if protobuf {
		fmt.Fprintf(&b, "\t\tgentypecore.PrefersProtobuf[*%s](),\n", obj)
	}
	b.WriteString("\t)}\n}\n\n")
	if needTarget {
		im.Add(g.opts.Module+"/kubernetes/typed/internal/typedclient", "")
		fmt.Fprintf(&b, "// target addresses this client's resource for subresource requests.\n")
		fmt.Fprintf(&b, "func (c *%s) target() typedclient.Target {\n", impl)
		fmt.Fprintf(&b, "\treturn typedclient.Target{Client: c.GetClient(), Namespace: c.GetNamespace(), Resource: %q, ParameterCodec: codecs.ParameterCodec(), Protobuf: true}\n}\n\n", t.Resource)
	}
	b.WriteString(ext.String())
	return g.file(b.String(), im), nil
}

// extension returns the signature and body of a +genclient:method; an empty
// signature means it cannot be emitted yet (apply without configurations).
func (g *gvGen) extension(im *importset.Set, t *model.Type, e model.Extension) (sig, body string, err error) {
	meta := im.Add("k8s.io/apimachinery/pkg/apis/meta/v1", "metav1")
	res := g.typeRef(im, e.Result)
	nameParam := t.LowerName() + "Name"
	var in, inParam string
	if e.Input != nil {
		inParam = model.LowerFirst(e.Input.Name)
		if inParam == nameParam {
			inParam += "Body"
		}
	}
	switch e.Verb {
	case "get":
		sig = fmt.Sprintf("%s(ctx context.Context, %s string, options %s.GetOptions) (*%s, error)", e.Method, nameParam, meta, res)
		body = fmt.Sprintf("return typedclient.Get(ctx, c.target(), %s, %q, &options, &%s{})", nameParam, e.Subresource, res)
	case "create", "update":
		in = g.typeRef(im, *e.Input)
		optType := map[string]string{"create": "CreateOptions", "update": "UpdateOptions"}[e.Verb]
		sig = fmt.Sprintf("%s(ctx context.Context, %s string, %s *%s, opts %s.%s) (*%s, error)", e.Method, nameParam, inParam, in, meta, optType, res)
		body = fmt.Sprintf("return typedclient.%s(ctx, c.target(), %s, %q, %s, &opts, &%s{})", exported(e.Verb), nameParam, e.Subresource, inParam, res)
	case "apply":
		in, err = g.applyRef(im, *e.Input)
		if err != nil || in == "" {
			return "", "", err
		}
		sig = fmt.Sprintf("%s(ctx context.Context, %s string, %s *%s, opts %s.ApplyOptions) (*%s, error)", e.Method, nameParam, inParam, in, meta, res)
		body = fmt.Sprintf("return typedclient.Apply(ctx, c.target(), %s, %q, %s, opts, &%s{})", nameParam, e.Subresource, inParam, res)
	default:
		return "", "", fmt.Errorf("+genclient:method=%s: verb %q is not supported by this generator", e.Method, e.Verb)
	}
	return sig, body, nil
}

func extVerbDoc(verb string) string {
	switch verb {
	case "get":
		return "reads"
	case "create":
		return "posts to"
	case "update":
		return "replaces"
	default:
		return "server-side applies"
	}
}

func exported(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
