package jsonpath_test

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/kclient/kclient/util/jsonpath"
)

// Print one line per item of a decoded list, the way kubectl -o jsonpath does.
func ExampleJSONPath_Execute() {
	var list interface{}
	_ = json.Unmarshal([]byte(`{"items":[
		{"metadata":{"name":"web"},"status":{"phase":"Running"}},
		{"metadata":{"name":"db"},"status":{"phase":"Pending"}}]}`), &list)

	j := jsonpath.New("pods")
	if err := j.Parse(`{range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\n"}{end}`); err != nil {
		fmt.Println(err)
		return
	}
	if err := j.Execute(os.Stdout, list); err != nil {
		fmt.Println(err)
	}
	// Output:
	// web	Running
	// db	Pending
}

// FindResults gives the selected values without formatting them.
func ExampleJSONPath_FindResults() {
	data := map[string]interface{}{"spec": map[string]interface{}{"replicas": 3}}
	j := jsonpath.New("replicas").AllowMissingKeys(true)
	_ = j.Parse("{.spec.replicas}{.spec.paused}")
	groups, err := j.FindResults(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range groups {
		fmt.Println(len(g))
	}
	fmt.Println(groups[0][0].Interface())
	// Output:
	// 1
	// 0
	// 3
}
