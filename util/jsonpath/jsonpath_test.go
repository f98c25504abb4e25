package jsonpath

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// docInput is the sample object from the kubectl JSONPath reference page.
const docInput = `{
  "kind": "List",
  "items":[
    {
      "kind":"None",
      "metadata":{"name":"127.0.0.1", "labels":{"kubernetes.io/hostname":"127.0.0.1"}},
      "status":{
        "capacity":{"cpu":"4"},
        "addresses":[{"type": "LegacyHostIP", "address":"127.0.0.1"}]
      }
    },
    {
      "kind":"None",
      "metadata":{"name":"127.0.0.2"},
      "status":{
        "capacity":{"cpu":"8"},
        "addresses":[
          {"type": "LegacyHostIP", "address":"127.0.0.2"},
          {"type": "another", "address":"127.0.0.3"}
        ]
      }
    }
  ],
  "users":[
    {"name": "myself", "user": {}},
    {"name": "e2e", "user": {"username": "admin", "password": "secret"}}
  ]
}`

func decode(t *testing.T, s string) interface{} {
	t.Helper()
	var v interface{}
	require.NoError(t, json.Unmarshal([]byte(s), &v))
	return v
}

func run(t *testing.T, template string, data interface{}, allowMissing bool) (string, error) {
	t.Helper()
	j := New("test").AllowMissingKeys(allowMissing)
	if err := j.Parse(template); err != nil {
		return "", err
	}
	var out bytes.Buffer
	err := j.Execute(&out, data)
	return out.String(), err
}

func TestExecuteDocumentedExamples(t *testing.T) {
	data := decode(t, docInput)
	tests := []struct {
		name, template, want string
	}{
		{"plain text", "kind is {.kind}", "kind is List"},
		{"root dollar", "{$.kind}", "List"},
		{"child by bracket", "{['kind']}", "List"},
		{"recursive descent", "{..name}", "127.0.0.1 127.0.0.2 myself e2e"},
		{"wildcard", "{.items[*].metadata.name}", "127.0.0.1 127.0.0.2"},
		{"subscript", "{.users[0].name}", "myself"},
		{"union of quoted paths", "{.items[*]['metadata.name', 'status.capacity']}",
			`127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}`},
		{"filter", `{.users[?(@.name=="e2e")].user.password}`, "secret"},
		{"range", "{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}",
			`[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] `},
		{"quoted tab", `{range .items[*]}{.metadata.name}{'\t'}{end}`, "127.0.0.1\t127.0.0.2\t"},
		{"escaped dot in key", `{.items[0].metadata.labels.kubernetes\.io/hostname}`, "127.0.0.1"},
		{"negative index", "{.items[-1].metadata.name}", "127.0.0.2"},
		{"slice with negative start", "{.items[-2:].metadata.name}", "127.0.0.1 127.0.0.2"},
		{"nested lists", "{.items[*].status.addresses[*].address}", "127.0.0.1 127.0.0.2 127.0.0.3"},
		{"nested range", "{range .items[*]}{range .status.addresses[*]}{.address},{end}{end}",
			"127.0.0.1,127.0.0.2,127.0.0.3,"},
		{"text after range", "{range .items[*]}{.metadata.name};{end}{.kind}", "127.0.0.1;127.0.0.2;List"},
		{"filter in range", `{range .items[?(@.metadata.name!="127.0.0.1")]}{.status.capacity.cpu}{end}`, "8"},
		{"existence filter", "{.users[?(@.user.password)].name}", "e2e"},
		{"map value as JSON", "{.users[1].user}", `{"password":"secret","username":"admin"}`},
		{"wildcard over map values, sorted by key", "{.users[1].user.*}", "secret admin"},
		{"string literal", `{"a\"b"} {'c'}`, `a"b c`},
		{"number literals", "{1}{2.5}{true}", "12.5true"},
		{"empty result", "{.items[0:0]}", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := run(t, tt.template, data, false)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestExecuteSlices(t *testing.T) {
	data := decode(t, `{"n":[0,1,2,3,4,5,6,7,8,9]}`)
	tests := []struct {
		template, want, wantErr string
	}{
		{template: "{.n[2]}", want: "2"},
		{template: "{.n[2:5]}", want: "2 3 4"},
		{template: "{.n[:3]}", want: "0 1 2"},
		{template: "{.n[7:]}", want: "7 8 9"},
		{template: "{.n[::3]}", want: "0 3 6 9"},
		{template: "{.n[1:8:2]}", want: "1 3 5 7"},
		{template: "{.n[-3:-1]}", want: "7 8"},
		{template: "{.n[-1]}", want: "9"},
		{template: "{.n[*]}", want: "0 1 2 3 4 5 6 7 8 9"},
		{template: "{.n[0,3,-1]}", want: "0 3 9"},
		{template: "{.n[10]}", wantErr: "array index out of bounds: index 10, length 10"},
		{template: "{.n[-11]}", wantErr: "array index out of bounds: index -1, length 10"},
		{template: "{.n[2:11]}", wantErr: "array index out of bounds: index 10, length 10"},
		{template: "{.n[5:2]}", wantErr: "starting index 5 is greater than ending index 2"},
		{template: "{.n[::0]}", wantErr: "step must be > 0"},
		{template: "{.n[0].x}", wantErr: "x is not found"},
		{template: "{.n.x}", wantErr: "x is not found"},
	}
	for _, tt := range tests {
		t.Run(tt.template, func(t *testing.T) {
			got, err := run(t, tt.template, data, false)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestExecuteFilters(t *testing.T) {
	data := decode(t, `{"book":[
		{"title":"a","price":8.95,"isbn":"x"},
		{"title":"b","price":12.99},
		{"title":"c","price":8.99,"isbn":"y"},
		{"title":"d","price":22.99}]}`)
	tests := []struct {
		template, want, wantErr string
	}{
		{template: "{.book[?(@.price<10.0)].title}", want: "a c"},
		{template: "{.book[?(@.price <= 8.99)].title}", want: "a c"},
		{template: "{.book[?(@.price>12.99)].title}", want: "d"},
		{template: "{.book[?(@.price>=12.99)].title}", want: "b d"},
		{template: "{.book[?(@.title=='b')].price}", want: "12.99"},
		{template: `{.book[?(@.title!="b")].title}`, want: "a c d"},
		{template: "{.book[?(@.isbn)].title}", want: "a c"},
		{template: "{..book[?(@.price>20.0)].title}", want: "d"},
		{template: "{.book[?(@.price<10)].title}", wantErr: "incompatible types for comparison"},
		{template: "{.book[?(@.isbn=='x')].title}", wantErr: "isbn is not found"},
		{template: "{.book[?(@.title=<'b')].title}", wantErr: "unrecognized filter operator =<"},
		{template: "{.book[0][?(@.x)]}", wantErr: "is not array or slice and cannot be filtered"},
	}
	for _, tt := range tests {
		t.Run(tt.template, func(t *testing.T) {
			got, err := run(t, tt.template, data, false)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}

	// With missing keys allowed, elements without the field simply do not match.
	got, err := run(t, "{.book[?(@.isbn=='x')].title}", data, true)
	require.NoError(t, err)
	assert.Equal(t, "a", got)
}

func TestExecuteTypedObjects(t *testing.T) {
	pods := &corev1.PodList{Items: []corev1.Pod{
		{
			ObjectMeta: metav1.ObjectMeta{Name: "web", Labels: map[string]string{"app": "web"}},
			Spec: corev1.PodSpec{Containers: []corev1.Container{{
				Name: "nginx", Image: "nginx:1.27",
				Resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{
					corev1.ResourceCPU: resource.MustParse("500m"),
				}},
			}}},
			Status: corev1.PodStatus{Phase: corev1.PodRunning},
		},
		{
			ObjectMeta: metav1.ObjectMeta{Name: "db"},
			Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "pg", Image: "postgres"}, {Name: "sidecar", Image: "busybox"}}},
			Status:     corev1.PodStatus{Phase: corev1.PodPending},
		},
	}}
	pods.Kind = "PodList"
	tests := []struct {
		name, template, want string
	}{
		{"inline TypeMeta by json name", "{.kind}", "PodList"},
		{"json names through pointers and slices", "{.items[*].metadata.name}", "web db"},
		{"Go field name", "{.Items[0].ObjectMeta.Name}", "web"},
		{"typed string compared to literal", `{.items[?(@.status.phase=="Running")].metadata.name}`, "web"},
		{"struct values print as their JSON", "{.items[0].spec.containers[0].resources.limits.cpu}", `"500m"`},
		{"map lookup with named key type", "{.items[0].metadata.labels.app}", "web"},
		{"range over nested lists", `{range .items[*]}{.metadata.name}:{range .spec.containers[*]}{.image},{end}{"\n"}{end}`,
			"web:nginx:1.27,\ndb:postgres,busybox,\n"},
		{"struct as JSON", "{.items[1].status}", `{"phase":"Pending"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := run(t, tt.template, pods, false)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestMapKeyTypes(t *testing.T) {
	_, err := run(t, "{.x}", map[int]string{1: "one"}, false)
	require.EqualError(t, err, "x is not convertible to int")

	type color string
	got, err := run(t, "{.red}", map[color]int{"red": 1}, false)
	require.NoError(t, err)
	assert.Equal(t, "1", got)
}

func TestMissingKeys(t *testing.T) {
	data := decode(t, `{"items":[{"a":1},{"b":2}], "empty":[]}`)
	tests := []struct {
		name, template string
		allow          bool
		want, wantErr  string
	}{
		{"strict missing", "{.nope}", false, "", "nope is not found"},
		{"lenient missing", "x{.nope}y", true, "xy", ""},
		{"partially present", "{.items[*].a}", false, "1", ""},
		{"empty range, lenient", "{range .empty[*]}{.name}{end}done", true, "done", ""},
		// The body of an empty range still runs once on no data, so strict
		// mode reports the first field it cannot find.
		{"empty range, strict", "{range .empty[*]}{.name}{end}", false, "", "name is not found"},
		{"empty range with literal body", "{range .empty[*]}x{end}done", false, "done", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := run(t, tt.template, data, tt.allow)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestExecuteErrors(t *testing.T) {
	data := decode(t, docInput)
	tests := []struct{ template, wantErr string }{
		{"{end}", "not in range, nothing to end"},
		{"{range .items[*]}{end}{end}", "not in range, nothing to end"},
		{"{.kind foo}", "unrecognized identifier foo"},
		{"{.kind[0]}", "string is not array or slice"},
	}
	for _, tt := range tests {
		t.Run(tt.template, func(t *testing.T) {
			_, err := run(t, tt.template, data, false)
			require.ErrorContains(t, err, tt.wantErr)
		})
	}

	_, err := New("unparsed").FindResults(data)
	require.EqualError(t, err, "unparsed is an incomplete jsonpath template")
}

func TestRepeatedExecution(t *testing.T) {
	j := New("again")
	require.NoError(t, j.Parse("{range .items[*]}{.metadata.name} {end}|"))
	data := decode(t, docInput)
	for range 3 {
		var out bytes.Buffer
		require.NoError(t, j.Execute(&out, data))
		assert.Equal(t, "127.0.0.1 127.0.0.2 |", out.String())
	}
}

func TestFindResultsGroups(t *testing.T) {
	j := New("groups")
	require.NoError(t, j.Parse("n={.users[*].name}"))
	groups, err := j.FindResults(decode(t, docInput))
	require.NoError(t, err)
	require.Len(t, groups, 2)
	assert.Equal(t, "n=", groups[0][0].Interface())
	require.Len(t, groups[1], 2)
	assert.Equal(t, "e2e", groups[1][1].Interface())
}

func TestJSONOutput(t *testing.T) {
	j := New("json")
	j.EnableJSONOutput(true)
	require.NoError(t, j.Parse("{.items[*].status.capacity}"))
	var out bytes.Buffer
	require.NoError(t, j.Execute(&out, decode(t, docInput)))
	assert.Equal(t, "[\n    {\n        \"cpu\": \"4\"\n    },\n    {\n        \"cpu\": \"8\"\n    }\n]\n", out.String())
}

func TestPrintResultsScalars(t *testing.T) {
	data := decode(t, `{"a":null,"b":1e6,"c":"s","d":true}`)
	got, err := run(t, "{.a} {.b} {.c} {.d}", data, false)
	require.NoError(t, err)
	assert.Equal(t, "null 1e+06 s true", got)
}

type hidden struct {
	Visible string
	secret  string
}

func TestUnexportedFieldsDoNotPanic(t *testing.T) {
	data := hidden{Visible: "v", secret: "s"}
	got, err := run(t, "{.*}", data, false)
	require.NoError(t, err)
	assert.Equal(t, "v", got, "wildcard skips unexported fields")

	_, err = run(t, "{.secret}", data, false)
	require.ErrorContains(t, err, "unexported")
}

func TestNilInputs(t *testing.T) {
	for _, tmpl := range []string{"{[0]}", "{.a}", "{..a}", "{.*}", "{[?(@.a)]}"} {
		t.Run(tmpl, func(t *testing.T) {
			assert.NotPanics(t, func() { _, _ = run(t, tmpl, nil, true) })
		})
	}
	var p *corev1.Pod
	got, err := run(t, "{.metadata.name}", p, true)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestExecuteWriteError(t *testing.T) {
	j := New("w")
	require.NoError(t, j.Parse("{.kind}"))
	err := j.Execute(failingWriter{}, decode(t, docInput))
	require.ErrorContains(t, err, "disk full")
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errDiskFull }

var errDiskFull = errors.New("disk full")

func TestRangeWithoutEnd(t *testing.T) {
	got, err := run(t, `{range .items[*]}{.metadata.name}{"\n"}`, decode(t, docInput), true)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1\n127.0.0.2\n", got, "the body runs once per item and not again for the list")
}
