// Package typedclient holds the small amount of shared machinery behind the
// generated typed clients under kubernetes/typed: each group-version
// package's private scheme (Codecs), the rest.Config defaults and client
// construction every <Group><Version>Client repeats (NewRESTClient), and
// requests to subresources for generated extension methods and hand-written
// expansions (Target).
//
// It is internal so that it can change with the generator.
package typedclient
