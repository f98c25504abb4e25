package gentype_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kclient/kclient/gentype"
)

func TestPointerSlices(t *testing.T) {
	assert.Nil(t, gentype.ToPointerSlice[int](nil))
	assert.Nil(t, gentype.FromPointerSlice[int](nil))

	src := []int{1, 2, 3}
	ptrs := gentype.ToPointerSlice(src)
	*ptrs[1] = 20
	assert.Equal(t, []int{1, 20, 3}, src, "pointers alias the source")

	back := gentype.FromPointerSlice(ptrs)
	back[0] = 100
	assert.Equal(t, 1, src[0], "values are copies")
	assert.Equal(t, []int{0, 5}, gentype.FromPointerSlice([]*int{nil, &[]int{5}[0]}))
}
