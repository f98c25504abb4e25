package jsonpath

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrSyntax is returned by UnquoteExtend for text that is not a quoted string.
var ErrSyntax = errors.New("invalid syntax")

var (
	// quotedKey matches the inside of ['key'].
	quotedKey = regexp.MustCompile(`^'([^']*)'$`)
	// sliceSpec matches the inside of [start:end:step], every part optional.
	sliceSpec = regexp.MustCompile(`^(-?\d*)(:-?\d*)?(:-?\d*)?$`)
	// comparison splits a filter body into left operand, operator and right operand.
	comparison = regexp.MustCompile(`^([^!<>=]+)([!<>=]+)(.+?)$`)
)

// endOfInput is returned by peek at the end of the template.
const endOfInput rune = -1

// Parser turns template text into a tree of nodes rooted at Root. Root holds
// TextNodes for literal text and one ListNode per {action}.
type Parser struct {
	Name string
	Root *ListNode

	src string
	pos int
}

// NewParser returns an empty parser; Name is only used to identify it.
func NewParser(name string) *Parser {
	return &Parser{Name: name}
}

// Parse parses text into a new parser named name. On error it returns a nil
// parser and the error.
func Parse(name, text string) (*Parser, error) {
	p := NewParser(name)
	if err := p.Parse(text); err != nil {
		return nil, err
	}
	return p, nil
}

// Parse replaces p.Root with the tree for text.
func (p *Parser) Parse(text string) error {
	p.src, p.pos = text, 0
	p.Root = &ListNode{NodeType: NodeList}
	for p.pos < len(p.src) {
		open := strings.IndexByte(p.src[p.pos:], '{')
		if open < 0 {
			p.Root.add(&TextNode{NodeType: NodeText, Text: p.src[p.pos:]})
			return nil
		}
		if open > 0 {
			p.Root.add(&TextNode{NodeType: NodeText, Text: p.src[p.pos : p.pos+open]})
		}
		p.pos += open + 1
		action := &ListNode{NodeType: NodeList}
		p.Root.add(action)
		if err := p.action(action); err != nil {
			return err
		}
	}
	return nil
}

// parseSub parses text as the body of a single action, for the parts of a
// union, a quoted key or a filter operand.
func parseSub(name, text string) (*ListNode, error) {
	p := NewParser(name)
	if err := p.Parse("{" + text + "}"); err != nil {
		return nil, err
	}
	// The input starts with "{", so the first node is always the action.
	return p.Root.Nodes[0].(*ListNode), nil
}

// peek returns the rune at the read position without consuming it.
func (p *Parser) peek() (rune, int) {
	if p.pos >= len(p.src) {
		return endOfInput, 0
	}
	return utf8.DecodeRuneInString(p.src[p.pos:])
}

// action parses the inside of one action, up to and including its "}".
func (p *Parser) action(cur *ListNode) error {
	for {
		rest := p.src[p.pos:]
		var err error
		switch {
		case strings.HasPrefix(rest, "}"):
			p.pos++
			return nil
		case strings.HasPrefix(rest, "[?("):
			err = p.filter(cur)
		case strings.HasPrefix(rest, ".."):
			err = p.recursive(cur)
		default:
			err = p.step(cur)
		}
		if err != nil {
			return err
		}
	}
}

// step parses one element of an action that starts with a single character.
func (p *Parser) step(cur *ListNode) error {
	r, w := p.peek()
	switch {
	case r == endOfInput || r == '\r' || r == '\n':
		return fmt.Errorf("unclosed action")
	case r == ' ' || r == '@' || r == '$':
		p.pos += w
		return nil
	case r == '[':
		return p.bracket(cur)
	case r == '"' || r == '\'':
		return p.quoted(cur, r)
	case r == '.':
		p.pos += w
		p.field(cur)
		return nil
	case r == '+' || r == '-' || unicode.IsDigit(r):
		return p.number(cur)
	case isWordRune(r):
		p.word(cur)
		return nil
	}
	p.pos += w
	return fmt.Errorf("unrecognized character in action: %#U", r)
}

// recursive parses "..", optionally followed directly by a field name.
func (p *Parser) recursive(cur *ListNode) error {
	if n := len(cur.Nodes); n > 0 && cur.Nodes[n-1].Type() == NodeRecursive {
		return fmt.Errorf("invalid multiple recursive descent")
	}
	p.pos += len("..")
	cur.add(&RecursiveNode{NodeType: NodeRecursive})
	if r, _ := p.peek(); isWordRune(r) {
		p.field(cur)
	}
	return nil
}

// field parses a field name (the leading dot already consumed) up to the next
// unescaped terminator. A backslash keeps the following character, so
// \. puts a dot into the name.
func (p *Parser) field(cur *ListNode) {
	start := p.pos
	for {
		r, w := p.peek()
		if r == '\\' {
			p.pos += w
			_, w = p.peek()
			p.pos += w
			continue
		}
		if endsName(r) {
			break
		}
		p.pos += w
	}
	name := p.src[start:p.pos]
	if name == "*" {
		cur.add(&WildcardNode{NodeType: NodeWildcard})
		return
	}
	cur.add(&FieldNode{NodeType: NodeField, Value: strings.ReplaceAll(name, `\`, "")})
}

// word parses a bare word: true and false become BoolNodes, anything else an
// IdentifierNode.
func (p *Parser) word(cur *ListNode) {
	start := p.pos
	for {
		r, w := p.peek()
		if endsName(r) {
			break
		}
		p.pos += w
	}
	switch w := p.src[start:p.pos]; w {
	case "true", "false":
		cur.add(&BoolNode{NodeType: NodeBool, Value: w == "true"})
	default:
		cur.add(&IdentifierNode{NodeType: NodeIdentifier, Name: w})
	}
}

// number parses an optionally signed run of digits and dots as an int or,
// failing that, a float.
func (p *Parser) number(cur *ListNode) error {
	start := p.pos
	if c := p.src[p.pos]; c == '+' || c == '-' {
		p.pos++
	}
	for {
		r, w := p.peek()
		if r != '.' && !unicode.IsDigit(r) {
			break
		}
		p.pos += w
	}
	text := p.src[start:p.pos]
	if i, err := strconv.Atoi(text); err == nil {
		cur.add(&IntNode{NodeType: NodeInt, Value: i})
		return nil
	}
	if f, err := strconv.ParseFloat(text, 64); err == nil {
		cur.add(&FloatNode{NodeType: NodeFloat, Value: f})
		return nil
	}
	return fmt.Errorf("cannot parse number %s", text)
}

// quoted parses a string literal delimited by quote into a TextNode.
func (p *Parser) quoted(cur *ListNode, quote rune) error {
	start := p.pos
	p.pos++ // opening quote
	for {
		r, w := p.peek()
		if r == endOfInput || r == '\n' {
			return fmt.Errorf("unterminated quoted string")
		}
		p.pos += w
		if r == quote && p.src[p.pos-2] != '\\' {
			break
		}
	}
	lit := p.src[start:p.pos]
	s, err := UnquoteExtend(lit)
	if err != nil {
		return fmt.Errorf("unquote string %s error %v", lit, err)
	}
	cur.add(&TextNode{NodeType: NodeText, Text: s})
	return nil
}

// bracket parses [...]: a union, a quoted key, or an index or slice.
func (p *Parser) bracket(cur *ListNode) error {
	closing := strings.IndexAny(p.src[p.pos:], "]\n")
	if closing < 0 || p.src[p.pos+closing] == '\n' {
		return fmt.Errorf("unterminated array")
	}
	inner := p.src[p.pos+1 : p.pos+closing]
	p.pos += closing + 1
	if inner == "*" {
		inner = ":"
	}

	if parts := strings.Split(inner, ","); len(parts) > 1 {
		union := &UnionNode{NodeType: NodeUnion}
		for _, part := range parts {
			sub, err := parseSub("union", "["+strings.Trim(part, " ")+"]")
			if err != nil {
				return err
			}
			union.Nodes = append(union.Nodes, sub)
		}
		cur.add(union)
		return nil
	}

	if m := quotedKey.FindStringSubmatch(inner); m != nil {
		sub, err := parseSub("arraydict", "."+m[1])
		if err != nil {
			return err
		}
		cur.Nodes = append(cur.Nodes, sub.Nodes...)
		return nil
	}

	m := sliceSpec.FindStringSubmatch(inner)
	if m == nil {
		return fmt.Errorf("invalid array index %s", inner)
	}
	var params [3]ParamsEntry
	for i, part := range m[1:] {
		if i > 0 {
			part = strings.TrimPrefix(part, ":")
		}
		if part == "" {
			if i == 1 && m[2] == "" {
				// A single index [n] selects n up to n+1.
				params[1] = ParamsEntry{Value: params[0].Value + 1, Known: true, Derived: true}
			}
			continue
		}
		v, err := strconv.Atoi(part)
		if err != nil {
			return fmt.Errorf("array index %s is not a number", part)
		}
		params[i] = ParamsEntry{Value: v, Known: true}
	}
	cur.add(&ArrayNode{NodeType: NodeArray, Params: params})
	return nil
}

// filter parses [?(...)]: a comparison, or an existence test when the body
// has no operator.
func (p *Parser) filter(cur *ListNode) error {
	p.pos += len("[?(")
	start := p.pos
	var open rune // the quote character of an unfinished string literal
	for {
		r, w := p.peek()
		if r == endOfInput || r == '\n' {
			return fmt.Errorf("unterminated filter")
		}
		p.pos += w
		switch {
		case open == 0 && (r == '"' || r == '\''):
			open = r
		case open != 0 && r == open && p.src[p.pos-2] != '\\':
			open = 0
		case open == 0 && r == ')':
			goto closed
		}
	}
closed:
	body := p.src[start : p.pos-1]
	if r, w := p.peek(); r != ']' {
		return fmt.Errorf("unclosed array expect ]")
	} else {
		p.pos += w
	}

	m := comparison.FindStringSubmatch(body)
	if m == nil {
		operand, err := parseSub("text", body)
		if err != nil {
			return err
		}
		cur.add(&FilterNode{NodeType: NodeFilter, Left: operand, Right: &ListNode{NodeType: NodeList}, Operator: "exists"})
		return nil
	}
	left, err := parseSub("left", m[1])
	if err != nil {
		return err
	}
	right, err := parseSub("right", m[3])
	if err != nil {
		return err
	}
	cur.add(&FilterNode{NodeType: NodeFilter, Left: left, Right: right, Operator: m[2]})
	return nil
}

// endsName reports whether r ends a field name or bare word.
func endsName(r rune) bool {
	switch r {
	case endOfInput, ' ', '\t', '\r', '\n', '.', ',', '[', ']', '$', '@', '{', '}':
		return true
	}
	return false
}

// isWordRune reports whether r can start a field name after ".." or a bare word.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// UnquoteExtend interprets s, a string literal in single or double quotes,
// with Go escape sequences, and returns the text it denotes. It returns
// ErrSyntax when s is not quoted or its quotes do not match.
func UnquoteExtend(s string) (string, error) {
	if len(s) < 2 {
		return "", ErrSyntax
	}
	quote := s[0]
	if (quote != '"' && quote != '\'') || s[len(s)-1] != quote {
		return "", ErrSyntax
	}
	body := s[1 : len(s)-1]
	if !strings.ContainsAny(body, `\`+string(quote)) {
		return body, nil
	}
	out := make([]byte, 0, len(body))
	for body != "" {
		r, multibyte, rest, err := strconv.UnquoteChar(body, quote)
		if err != nil {
			return "", err
		}
		body = rest
		if multibyte {
			out = utf8.AppendRune(out, r)
		} else {
			out = append(out, byte(r))
		}
	}
	return string(out), nil
}
