package jsonpath

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flatten describes a tree as node strings, with nested lists in brackets.
func flatten(nodes []Node) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.String())
		switch n := n.(type) {
		case *ListNode:
			out = append(out, "(")
			out = append(out, flatten(n.Nodes)...)
			out = append(out, ")")
		case *UnionNode:
			for _, part := range n.Nodes {
				out = append(out, "(")
				out = append(out, flatten(part.Nodes)...)
				out = append(out, ")")
			}
		case *FilterNode:
			out = append(out, "(")
			out = append(out, flatten(n.Left.Nodes)...)
			out = append(out, ")", "(")
			out = append(out, flatten(n.Right.Nodes)...)
			out = append(out, ")")
		}
	}
	return out
}

func TestParseTrees(t *testing.T) {
	tests := []struct {
		template string
		want     []string
	}{
		{"plain", []string{"NodeText: plain"}},
		{"a {.kind} b", []string{"NodeText: a ", "NodeList", "(", "NodeField: kind", ")", "NodeText:  b"}},
		{"{$.a.b}", []string{"NodeList", "(", "NodeField: a", "NodeField: b", ")"}},
		{`{.a\.b/c}`, []string{"NodeList", "(", "NodeField: a.b/c", ")"}},
		{"{..name}", []string{"NodeList", "(", "NodeRecursive", "NodeField: name", ")"}},
		{"{..[0]}", []string{"NodeList", "(", "NodeRecursive", "NodeArray: [{0 true false} {1 true true} {0 false false}]", ")"}},
		{"{.*}", []string{"NodeList", "(", "NodeWildcard", ")"}},
		{"{[*]}", []string{"NodeList", "(", "NodeArray: [{0 false false} {0 false false} {0 false false}]", ")"}},
		{"{[-1]}", []string{"NodeList", "(", "NodeArray: [{-1 true false} {0 true true} {0 false false}]", ")"}},
		{"{[1:-2:3]}", []string{"NodeList", "(", "NodeArray: [{1 true false} {-2 true false} {3 true false}]", ")"}},
		{"{[::2]}", []string{"NodeList", "(", "NodeArray: [{0 false false} {0 false false} {2 true false}]", ")"}},
		{"{['a']}", []string{"NodeList", "(", "NodeField: a", ")"}},
		{"{['a.b']}", []string{"NodeList", "(", "NodeField: a", "NodeField: b", ")"}},
		{"{[0, 'x']}", []string{"NodeList", "(", "NodeUnion", "(", "NodeArray: [{0 true false} {1 true true} {0 false false}]", ")", "(", "NodeField: x", ")", ")"}},
		{`{[?(@.a == "x)")]}`, []string{"NodeList", "(", "NodeFilter: NodeList == NodeList", "(", "NodeField: a", ")", "(", "NodeText: x)", ")", ")"}},
		{"{[?(@.a)]}", []string{"NodeList", "(", "NodeFilter: NodeList exists NodeList", "(", "NodeField: a", ")", "(", ")", ")"}},
		{"{[?(@.n>=-1.5)]}", []string{"NodeList", "(", "NodeFilter: NodeList >= NodeList", "(", "NodeField: n", ")", "(", "NodeFloat: -1.500000", ")", ")"}},
		{"{range .items[*]}{end}", []string{"NodeList", "(", "NodeIdentifier: range", "NodeField: items", "NodeArray: [{0 false false} {0 false false} {0 false false}]", ")", "NodeList", "(", "NodeIdentifier: end", ")"}},
		{"{true false +3}", []string{"NodeList", "(", "NodeBool: true", "NodeBool: false", "NodeInt: 3", ")"}},
		{`{"a\tb" 'c"d'}`, []string{"NodeList", "(", "NodeText: a\tb", "NodeText: c\"d", ")"}},
		{"{\"}\"}", []string{"NodeList", "(", "NodeText: }", ")"}},
	}
	for _, tt := range tests {
		t.Run(tt.template, func(t *testing.T) {
			p, err := Parse("t", tt.template)
			require.NoError(t, err)
			assert.Equal(t, "t", p.Name)
			assert.Equal(t, tt.want, flatten(p.Root.Nodes))
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ template, wantErr string }{
		{"{.a", "unclosed action"},
		{"{.a\n}", "unclosed action"},
		{"{[0}", "unterminated array"},
		{"{[a]}", "invalid array index a"},
		{"{[-]}", "array index - is not a number"},
		{"{[?(@.a}", "unterminated filter"},
		{"{[?(@.a)x}", "unclosed array expect ]"},
		{`{"abc}`, "unterminated quoted string"},
		{`{"\q"}`, `unquote string "\q" error invalid syntax`},
		{"{....a}", "invalid multiple recursive descent"},
		{"{..*}", "unrecognized character in action: U+002A '*'"},
		{"{#}", "unrecognized character in action: U+0023 '#'"},
		{"{1.2.3}", "cannot parse number 1.2.3"},
		{"{[0,b]}", "invalid array index b"},
	}
	for _, tt := range tests {
		t.Run(tt.template, func(t *testing.T) {
			p, err := Parse("t", tt.template)
			require.EqualError(t, err, tt.wantErr)
			assert.Nil(t, p)

			j := New("t")
			require.Error(t, j.Parse(tt.template))
			_, err = j.FindResults(nil)
			require.EqualError(t, err, "t is an incomplete jsonpath template")
		})
	}
}

func TestUnquoteExtend(t *testing.T) {
	tests := []struct {
		in, want string
		err      bool
	}{
		{in: `"abc"`, want: "abc"},
		{in: `'abc'`, want: "abc"},
		{in: `'it\'s'`, want: "it's"},
		{in: `'say "hi"'`, want: `say "hi"`},
		{in: `"\u00e9\x41\n"`, want: "éA\n"},
		{in: `"\xff"`, want: "\xff"},
		{in: `"日本"`, want: "日本"},
		{in: `''`, want: ""},
		{in: `"`, err: true},
		{in: `abc`, err: true},
		{in: `"abc'`, err: true},
		{in: "`abc`", err: true},
		{in: `"a"b"`, err: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := UnquoteExtend(tt.in)
			if tt.err {
				require.EqualError(t, err, "invalid syntax")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestNodeTypes(t *testing.T) {
	assert.Equal(t, "NodeFilter", NodeFilter.String())
	assert.Equal(t, NodeBool, NodeBool.Type())
	assert.Len(t, NodeTypeName, int(NodeBool)+1)
	var n Node = &TextNode{NodeType: NodeText, Text: "x"}
	assert.Equal(t, NodeText, n.Type())
}
