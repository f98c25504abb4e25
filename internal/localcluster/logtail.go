package localcluster

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// tailLines returns the last n lines of data.
func tailLines(data []byte, n int) string {
	data = bytes.TrimRight(data, "\n")
	idx := len(data)
	for i := 0; i < n && idx > 0; i++ {
		idx = bytes.LastIndexByte(data[:idx], '\n')
		if idx < 0 {
			idx = 0
			break
		}
	}
	if idx > 0 {
		idx++ // skip the newline itself
	}
	return string(data[idx:])
}

// tailFile returns the last n lines of the file at path, or a note saying why
// it cannot be read. Large files are read from their last 256 KiB only.
func tailFile(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", path, err)
	}
	defer func() { _ = f.Close() }()
	const maxRead = 256 << 10
	st, err := f.Stat()
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", path, err)
	}
	off := int64(0)
	if st.Size() > maxRead {
		off = st.Size() - maxRead
	}
	buf := make([]byte, st.Size()-off)
	if _, err := f.ReadAt(buf, off); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Sprintf("(cannot read %s: %v)", path, err)
	}
	return tailLines(buf, n)
}
