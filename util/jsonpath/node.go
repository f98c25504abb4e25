package jsonpath

import "fmt"

// NodeType tells which kind of parse tree node a Node is.
type NodeType int

// Type returns t itself, so embedding a NodeType gives a node its Type method.
func (t NodeType) Type() NodeType { return t }

// String returns the constant's name, for example "NodeField".
func (t NodeType) String() string { return NodeTypeName[t] }

// The kinds of parse tree nodes.
const (
	// NodeText is literal text, inside or outside an action.
	NodeText NodeType = iota
	// NodeArray is an index or slice selection.
	NodeArray
	// NodeList is a sequence of nodes evaluated left to right.
	NodeList
	// NodeField selects a struct field or map key.
	NodeField
	// NodeIdentifier is a keyword such as range or end.
	NodeIdentifier
	// NodeFilter keeps the list elements that satisfy a condition.
	NodeFilter
	// NodeInt is an integer literal.
	NodeInt
	// NodeFloat is a floating point literal.
	NodeFloat
	// NodeWildcard selects every element or field value.
	NodeWildcard
	// NodeRecursive is the recursive descent operator "..".
	NodeRecursive
	// NodeUnion joins the results of several selections.
	NodeUnion
	// NodeBool is a true or false literal.
	NodeBool
)

// NodeTypeName maps each NodeType to the name of its constant.
var NodeTypeName = map[NodeType]string{
	NodeText:       "NodeText",
	NodeArray:      "NodeArray",
	NodeList:       "NodeList",
	NodeField:      "NodeField",
	NodeIdentifier: "NodeIdentifier",
	NodeFilter:     "NodeFilter",
	NodeInt:        "NodeInt",
	NodeFloat:      "NodeFloat",
	NodeWildcard:   "NodeWildcard",
	NodeRecursive:  "NodeRecursive",
	NodeUnion:      "NodeUnion",
	NodeBool:       "NodeBool",
}

// Node is an element of a parsed template.
type Node interface {
	// Type reports the kind of node.
	Type() NodeType
	// String describes the node for debugging.
	String() string
}

// ListNode is a sequence of nodes: the whole template at the root, or the
// steps of one action.
type ListNode struct {
	NodeType
	Nodes []Node // in the order they appear in the template
}

// String returns the node type's name.
func (l *ListNode) String() string { return l.NodeType.String() }

func (l *ListNode) add(n Node) { l.Nodes = append(l.Nodes, n) }

// TextNode is literal text: template text outside actions or a quoted string.
type TextNode struct {
	NodeType
	Text string // may contain newlines
}

// String returns "NodeText: " followed by the text.
func (t *TextNode) String() string { return fmt.Sprintf("%s: %s", t.NodeType, t.Text) }

// FieldNode selects the struct field or map key named Value.
type FieldNode struct {
	NodeType
	Value string
}

// String returns "NodeField: " followed by the field name.
func (f *FieldNode) String() string { return fmt.Sprintf("%s: %s", f.NodeType, f.Value) }

// IdentifierNode is a bare word inside an action; range and end are the ones
// evaluation understands.
type IdentifierNode struct {
	NodeType
	Name string
}

// String returns "NodeIdentifier: " followed by the word.
func (f *IdentifierNode) String() string { return fmt.Sprintf("%s: %s", f.NodeType, f.Name) }

// ParamsEntry is one of the start, end and step values of an ArrayNode.
type ParamsEntry struct {
	Value   int
	Known   bool // false when the template left the value out
	Derived bool // true when the end was computed as start+1 for a single index
}

// ArrayNode selects elements of an array or slice: Params holds start, end
// and step, in that order.
type ArrayNode struct {
	NodeType
	Params [3]ParamsEntry
}

// String returns "NodeArray: " followed by the three parameters.
func (a *ArrayNode) String() string { return fmt.Sprintf("%s: %v", a.NodeType, a.Params) }

// FilterNode keeps the elements for which Left Operator Right holds. Operator
// is one of ==, !=, <, <=, >, >= or "exists", which keeps elements for which
// Left yields any value (Right is then empty).
type FilterNode struct {
	NodeType
	Left     *ListNode
	Right    *ListNode
	Operator string
}

// String returns the node type, operands and operator.
func (f *FilterNode) String() string {
	return fmt.Sprintf("%s: %s %s %s", f.NodeType, f.Left, f.Operator, f.Right)
}

// IntNode is an integer literal.
type IntNode struct {
	NodeType
	Value int
}

// String returns "NodeInt: " followed by the value.
func (i *IntNode) String() string { return fmt.Sprintf("%s: %d", i.NodeType, i.Value) }

// FloatNode is a floating point literal.
type FloatNode struct {
	NodeType
	Value float64
}

// String returns "NodeFloat: " followed by the value with six decimals.
func (i *FloatNode) String() string { return fmt.Sprintf("%s: %f", i.NodeType, i.Value) }

// WildcardNode selects every element of a list or every value of a map or struct.
type WildcardNode struct {
	NodeType
}

// String returns the node type's name.
func (i *WildcardNode) String() string { return i.NodeType.String() }

// RecursiveNode is the ".." operator: the current value and every value
// nested in it that has children of its own.
type RecursiveNode struct {
	NodeType
}

// String returns the node type's name.
func (r *RecursiveNode) String() string { return r.NodeType.String() }

// UnionNode concatenates the results of each of its selections, in order.
type UnionNode struct {
	NodeType
	Nodes []*ListNode
}

// String returns the node type's name.
func (u *UnionNode) String() string { return u.NodeType.String() }

// BoolNode is a true or false literal.
type BoolNode struct {
	NodeType
	Value bool
}

// String returns "NodeBool: " followed by true or false.
func (b *BoolNode) String() string { return fmt.Sprintf("%s: %t", b.NodeType, b.Value) }
