package fakegen

import (
	"fmt"
	"strings"

	"github.com/kclient/kclient/hack/codegen/internal/clientgen"
	"github.com/kclient/kclient/hack/codegen/internal/importset"
	"github.com/kclient/kclient/hack/codegen/internal/model"
)

// gvFake renders the fake package of one group-version.
type gvFake struct {
	opts    *Options
	applies *clientgen.ApplyIndex
	gv      *model.GroupVersion
}

// name is the exported fake group client ("FakeCoreV1").
func (g *gvFake) name() string { return "Fake" + g.gv.GoName() }

// typed registers the real typed package and returns its alias.
func (g *gvFake) typed(im *importset.Set) string {
	return im.Add(g.opts.Client.Module+"/"+g.opts.Client.TypedDir+"/"+g.gv.Dir(), "typed"+g.gv.Alias())
}

// typeRef returns the Go expression of ref, registering its import.
func (g *gvFake) typeRef(im *importset.Set, ref model.TypeRef) string {
	p := ref.ImportPath
	if p == "" {
		p = g.gv.ImportPath
	}
	return im.Add(p, model.PackageAlias(p)) + "." + ref.Name
}

// applyRef returns the apply-configuration type of ref, registering its
// import, or "" when there is none (so the real client has no Apply either).
func (g *gvFake) applyRef(im *importset.Set, ref model.TypeRef) (string, error) {
	p := ref.ImportPath
	if p == "" {
		p = g.gv.ImportPath
	}
	acPkg, ok, err := g.applies.Lookup(p, ref.Name)
	if err != nil || !ok {
		return "", err
	}
	return im.Add(acPkg, "applyconfigurations"+model.PackageAlias(p)) + "." + ref.Name + "ApplyConfiguration", nil
}

func (g *gvFake) file(body string, im *importset.Set) string {
	var b strings.Builder
	b.WriteString(clientgen.Header + "\n\npackage fake\n\n")
	if im.Len() > 0 {
		b.WriteString(im.Render() + "\n")
	}
	b.WriteString(body)
	return b.String()
}

func (g *gvFake) label() string {
	group := g.gv.Group
	if group == "" {
		group = "core"
	}
	return group + "/" + g.gv.Version
}

// render returns the package's files by base name.
func (g *gvFake) render() (map[string]string, error) {
	files := map[string]string{
		"doc.go": fmt.Sprintf("%s\n\n// Package fake has test doubles of the %s typed clients: %s records\n"+
			"// every call as a testing.Action and answers it from its reactors.\n// Use it through kubernetes/fake.Clientset.\npackage fake\n",
			clientgen.Header, g.label(), g.name()),
		"fake_" + g.gv.PackageGroup + "_client.go": g.groupFile(),
	}
	for _, t := range g.gv.Types {
		src, err := g.typeFile(t)
		if err != nil {
			return nil, fmt.Errorf("%s: fake for type %s: %w", g.gv.ImportPath, t.Name, err)
		}
		files["fake_"+strings.ToLower(t.Name)+".go"] = src
	}
	return files, nil
}

func (g *gvFake) groupFile() string {
	im := importset.New()
	im.Add(g.opts.Client.RuntimeModule()+"/rest", "")
	im.Add(g.opts.Client.RuntimeModule()+"/testing", "")
	typed := g.typed(im)
	n := g.name()

	var b strings.Builder
	fmt.Fprintf(&b, "// %s implements %s.%sInterface for tests. Its resource clients\n", n, typed, g.gv.GoName())
	fmt.Fprintf(&b, "// record every call on the embedded Fake and return what its reactors answer;\n")
	fmt.Fprintf(&b, "// they are cheap, so each getter call makes a new one.\n")
	fmt.Fprintf(&b, "type %s struct {\n\t*testing.Fake\n}\n\n", n)
	for _, t := range g.gv.Types {
		if t.Namespaced {
			fmt.Fprintf(&b, "// %s returns a fake client for the %s in namespace.\n", t.Plural, t.Plural)
			fmt.Fprintf(&b, "func (c *%s) %s(namespace string) %s.%sInterface { return newFake%s(c, namespace) }\n\n", n, t.Plural, typed, t.Name, t.Plural)
		} else {
			fmt.Fprintf(&b, "// %s returns a fake client for the cluster-scoped %s.\n", t.Plural, t.Plural)
			fmt.Fprintf(&b, "func (c *%s) %s() %s.%sInterface { return newFake%s(c) }\n\n", n, t.Plural, typed, t.Name, t.Plural)
		}
	}
	fmt.Fprintf(&b, "// RESTClient returns a nil *rest.RESTClient (as a non-nil interface): the\n")
	fmt.Fprintf(&b, "// fake sends no HTTP requests.\n")
	fmt.Fprintf(&b, "func (c *%s) RESTClient() rest.Interface {\n\tvar none *rest.RESTClient\n\treturn none\n}\n", n)
	return g.file(b.String(), im)
}

func (g *gvFake) typeFile(t *model.Type) (string, error) {
	im := importset.New()
	gentype := im.Add(g.opts.Client.RuntimeModule()+"/gentype", "")
	typed := g.typed(im)
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

	impl := "fake" + t.Plural
	var embedded, ctor string
	switch {
	case list != "" && applyCfg != "":
		embedded = fmt.Sprintf("FakeClientWithListAndApply[*%s, *%s, *%s]", obj, list, applyCfg)
	case list != "":
		embedded = fmt.Sprintf("FakeClientWithList[*%s, *%s]", obj, list)
	case applyCfg != "":
		embedded = fmt.Sprintf("FakeClientWithApply[*%s, *%s]", obj, applyCfg)
	default:
		embedded = fmt.Sprintf("FakeClient[*%s]", obj)
	}
	field := embedded[:strings.Index(embedded, "[")]
	ctor = gentype + ".New" + embedded

	var b strings.Builder
	fmt.Fprintf(&b, "// %s is the fake %s.%sInterface: the standard verbs come from\n", impl, typed, t.Name)
	fmt.Fprintf(&b, "// gentype.%s, the rest is below or in a hand-written\n// fake_%s_expansion.go.\n", field, strings.ToLower(t.Name))
	fmt.Fprintf(&b, "type %s struct {\n\t*%s.%s\n\tFake *%s\n}\n\n", impl, gentype, embedded, g.name())

	nsParam, nsArg := ", namespace string", "namespace"
	if !t.Namespaced {
		nsParam, nsArg = "", `""`
	}
	gvAlias := im.Add(g.gv.ImportPath, model.PackageAlias(g.gv.ImportPath))
	fmt.Fprintf(&b, "func newFake%s(fake *%s%s) %s.%sInterface {\n", t.Plural, g.name(), nsParam, typed, t.Name)
	fmt.Fprintf(&b, "\tgv := %s.SchemeGroupVersion\n", gvAlias)
	fmt.Fprintf(&b, "\treturn &%s{Fake: fake, %s: %s(\n", impl, field, ctor)
	fmt.Fprintf(&b, "\t\tfake.Fake, %s, gv.WithResource(%q), gv.WithKind(%q),\n", nsArg, t.Resource, t.Name)
	fmt.Fprintf(&b, "\t\tfunc() *%[1]s { return new(%[1]s) },\n", obj)
	if list != "" {
		fmt.Fprintf(&b, "\t\tfunc() *%[1]s { return new(%[1]s) },\n", list)
		fmt.Fprintf(&b, "\t\tfunc(to, from *%s) { to.ListMeta = from.ListMeta },\n", list)
		fmt.Fprintf(&b, "\t\tfunc(l *%s) []*%s { return %s.ToPointerSlice(l.Items) },\n", list, obj, gentype)
		fmt.Fprintf(&b, "\t\tfunc(l *%s, items []*%s) { l.Items = %s.FromPointerSlice(items) },\n", list, obj, gentype)
	}
	b.WriteString("\t)}\n}\n")

	for _, e := range t.Extensions {
		src, err := g.extension(im, t, impl, e)
		if err != nil {
			return "", err
		}
		b.WriteString(src)
	}
	return g.file(b.String(), im), nil
}

// extension renders the fake of a +genclient:method, with the signature
// clientgen gives the real one; "" when the real client has none (an apply
// extension without apply configurations).
func (g *gvFake) extension(im *importset.Set, t *model.Type, impl string, e model.Extension) (string, error) {
	if g.opts.Client.External() {
		return "", fmt.Errorf("+genclient:method extensions are not supported for types outside kclient")
	}
	meta := im.Add("k8s.io/apimachinery/pkg/apis/meta/v1", "metav1")
	res := g.typeRef(im, e.Result)
	name := t.LowerName() + "Name"
	var inParam string
	if e.Input != nil {
		inParam = model.LowerFirst(e.Input.Name)
		if inParam == name {
			inParam += "Body"
		}
	}
	var sig, body, doc string
	switch e.Verb {
	case "get":
		sig = fmt.Sprintf("%s(ctx context.Context, %s string, options %s.GetOptions) (*%s, error)", e.Method, name, meta, res)
		body = fmt.Sprintf("testing.NewGetSubresourceActionWithOptions(c.Resource(), c.Namespace(), %q, %s, options)", e.Subresource, name)
		doc = "a get of"
	case "create":
		in := g.typeRef(im, *e.Input)
		sig = fmt.Sprintf("%s(ctx context.Context, %s string, %s *%s, opts %s.CreateOptions) (*%s, error)", e.Method, name, inParam, in, meta, res)
		body = fmt.Sprintf("testing.NewCreateSubresourceActionWithOptions(c.Resource(), %s, %q, c.Namespace(), %s, opts)", name, e.Subresource, inParam)
		doc = "a create of"
	case "update":
		in := g.typeRef(im, *e.Input)
		sig = fmt.Sprintf("%s(ctx context.Context, %s string, %s *%s, opts %s.UpdateOptions) (*%s, error)", e.Method, name, inParam, in, meta, res)
		body = fmt.Sprintf("testing.NewUpdateSubresourceActionWithOptions(c.Resource(), %q, c.Namespace(), %s, opts)", e.Subresource, inParam)
		doc = "an update of"
	case "apply":
		in, err := g.applyRef(im, *e.Input)
		if err != nil || in == "" {
			return "", err
		}
		helper := im.Add(g.opts.HelperImport, "")
		im.Add("context", "")
		sig = fmt.Sprintf("%s(ctx context.Context, %s string, %s *%s, opts %s.ApplyOptions) (*%s, error)", e.Method, name, inParam, in, meta, res)
		return fmt.Sprintf("\n// %s records a server-side apply of the %q subresource of the named %s.\nfunc (c *%s) %s {\n\treturn %s.Apply(c.Fake, c.Resource(), c.Namespace(), %s, %q, %s, opts, &%s{})\n}\n",
			e.Method, e.Subresource, t.Name, impl, sig, helper, name, e.Subresource, inParam, res), nil
	default:
		return "", fmt.Errorf("+genclient:method=%s: verb %q is not supported by this generator", e.Method, e.Verb)
	}
	helper := im.Add(g.opts.HelperImport, "")
	im.Add("context", "")
	im.Add(g.opts.Client.Module+"/testing", "")
	return fmt.Sprintf("\n// %s records %s the %q subresource of the named %s.\nfunc (c *%s) %s {\n\treturn %s.Invoke(c.Fake, %s, &%s{})\n}\n",
		e.Method, doc, e.Subresource, t.Name, impl, sig, helper, body, res), nil
}
