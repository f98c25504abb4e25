// Package testing holds helpers for tests of code that talks HTTP to an
// apiserver: FakeHandler records a single request and answers it with a
// canned response, FakeOpenAPIServer serves OpenAPI v3 documents from a
// directory, and small helpers manage temporary files and directories.
package testing
