// Package jsonpath evaluates kubectl-style JSONPath templates against Go
// values: decoded JSON (map[string]interface{} and []interface{}), typed API
// objects (struct fields are matched by their json tag, then by Go name) or any
// mix of the two.
//
// A template is plain text with actions in braces. Inside an action:
//
//	$ or @            the current object (may be omitted)
//	.name or ['name'] a field or map key; \. escapes a dot inside a key
//	..name            recursive descent: name at any depth
//	* or [*]          every element or field value
//	[i], [i:j:k]      an index or a slice; negative indices count from the end
//	[a,b]             a union of several selections
//	[?(@.x > 1)]      a filter over list elements (==, !=, <, <=, >, >=, or
//	                  existence when no operator is given)
//	range ... end     repeat the text between them for every selected item
//	"text" or 'text'  a quoted literal, with Go escape sequences
//
// For example {range .items[*]}{.metadata.name}{"\n"}{end} prints one object
// name per line. A JSONPath is not safe for concurrent use while Parse runs;
// once parsed, FindResults and Execute may be called repeatedly.
package jsonpath
