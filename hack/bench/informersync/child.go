package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/kclient/kclient/hack/bench/internal/benchenv"
)

// Names of what a child process measures.
const (
	libClientGo = "client-go"
	libKclient  = "kclient"
	libFloor    = "floor"
	// libFloorWatchList fetches the Pods as the libraries do by default: one
	// streaming watch-list, read frame by frame until the end-of-initial-
	// events bookmark, nothing decoded.
	libFloorWatchList = "floor-watchlist"
)

// childTimeout bounds one child's sync.
const childTimeout = 5 * time.Minute

// podInformer is one library's shared Pod informer, not yet started.
type podInformer interface {
	// Start starts the informer's factory.
	Start()
	// HasSynced reports whether the initial list is in the store.
	HasSynced() bool
	// Len counts the objects in the store.
	Len() int
	// Stop stops the informer.
	Stop()
}

// childResult is what a child process reports, as one JSON object on its
// standard output.
type childResult struct {
	Library string `json:"library"`
	// Objects is the number of objects in the informer's store after sync
	// (0 for the floor, which decodes nothing).
	Objects int `json:"objects"`
	// Sync is the time from Start to HasSynced, or the floor's LIST time.
	Sync time.Duration `json:"sync"`
	// RSSBefore is the resident memory right before Start: the binary, the
	// Go runtime, and package initialisation of both libraries (the child
	// binary links both).
	RSSBefore int64 `json:"rssBefore"`
	// PeakRSS is VmHWM right after sync.
	PeakRSS int64 `json:"peakRSS"`
	// HeapInuse and HeapAlloc are runtime.MemStats after sync and two
	// garbage collections, with the informer still running.
	HeapInuse uint64 `json:"heapInuse"`
	HeapAlloc uint64 `json:"heapAlloc"`
	// WireBytes is the floor's response body size after gzip decoding.
	WireBytes int64 `json:"wireBytes"`
	// Requests are the first requests the library made, to show whether the
	// initial list was a LIST or a watch-list stream.
	Requests []string `json:"requests"`
}

// runChild is the main of a child process: it measures lib against the
// cluster described by the JSON file accessPath and writes a childResult to
// standard output.
func runChild(lib, accessPath string, expect int, heapProfile, cpuProfile string) error {
	b, err := os.ReadFile(accessPath)
	if err != nil {
		return fmt.Errorf("read cluster access: %w", err)
	}
	var access benchenv.Access
	if err := json.Unmarshal(b, &access); err != nil {
		return fmt.Errorf("parse cluster access %s: %w", accessPath, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), childTimeout)
	defer cancel()

	var res childResult
	switch lib {
	case libFloor:
		res, err = measureFloor(ctx, access, false)
	case libFloorWatchList:
		res, err = measureFloor(ctx, access, true)
	case libClientGo:
		res, err = measureInformer(ctx, access, newClientGoInformer, expect, heapProfile, cpuProfile)
	case libKclient:
		res, err = measureInformer(ctx, access, newKclientInformer, expect, heapProfile, cpuProfile)
	default:
		err = fmt.Errorf("unknown library %q", lib)
	}
	if err != nil {
		return err
	}
	res.Library = lib
	return json.NewEncoder(os.Stdout).Encode(res)
}

// measureInformer builds an informer with build, starts it, waits for
// HasSynced, checks that the store holds expect objects and reads the
// process's memory. With cpuProfile set, it profiles the CPU from Start to
// HasSynced into that file.
func measureInformer(ctx context.Context, access benchenv.Access, build func(benchenv.Access, *requestLog) (podInformer, error), expect int, heapProfile, cpuProfile string) (childResult, error) {
	rec := &requestLog{}
	inf, err := build(access, rec)
	if err != nil {
		return childResult{}, err
	}
	before, err := benchenv.ReadProcMemory()
	if err != nil {
		return childResult{}, err
	}

	var cpuFile *os.File
	if cpuProfile != "" {
		if cpuFile, err = os.Create(cpuProfile); err != nil {
			return childResult{}, fmt.Errorf("create CPU profile: %w", err)
		}
		defer cpuFile.Close()
		if err := pprof.StartCPUProfile(cpuFile); err != nil {
			return childResult{}, fmt.Errorf("start CPU profile: %w", err)
		}
	}

	began := time.Now()
	inf.Start()
	defer inf.Stop()
	for !inf.HasSynced() {
		if ctx.Err() != nil {
			return childResult{}, fmt.Errorf("informer did not sync within %v; requests: %v", childTimeout, rec.list())
		}
		time.Sleep(2 * time.Millisecond)
	}
	elapsed := time.Since(began)
	if cpuFile != nil {
		pprof.StopCPUProfile()
	}

	after, err := benchenv.ReadProcMemory()
	if err != nil {
		return childResult{}, err
	}
	n := inf.Len()
	if n != expect {
		return childResult{}, fmt.Errorf("store holds %d pods after sync, want %d", n, expect)
	}
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if heapProfile != "" {
		if err := writeHeapProfile(heapProfile); err != nil {
			return childResult{}, err
		}
	}
	return childResult{
		Objects:   n,
		Sync:      elapsed,
		RSSBefore: before.RSS,
		PeakRSS:   after.PeakRSS,
		HeapInuse: ms.HeapInuse,
		HeapAlloc: ms.HeapAlloc,
		Requests:  rec.list(),
	}, nil
}

// writeHeapProfile writes the in-use heap profile to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create heap profile: %w", err)
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("write heap profile %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write heap profile %s: %w", path, err)
	}
	return nil
}

// measureFloor fetches every Pod with one LIST through plain net/http,
// protobuf accepted and gzip negotiated as the libraries do, and discards
// the bytes: the cost of the data alone, with nothing decoded or stored.
// With watchList it asks for the same Pods as a streaming watch-list (the
// libraries' default) and reads length-prefixed frames until the bookmark
// that ends the initial events, again decoding nothing.
func measureFloor(ctx context.Context, access benchenv.Access, watchList bool) (childResult, error) {
	tlsConfig := &tls.Config{RootCAs: x509.NewCertPool(), MinVersion: tls.VersionTLS12}
	if !tlsConfig.RootCAs.AppendCertsFromPEM(access.CAData) {
		return childResult{}, errors.New("floor: no CA certificate in the cluster access")
	}
	if len(access.CertData) > 0 {
		cert, err := tls.X509KeyPair(access.CertData, access.KeyData)
		if err != nil {
			return childResult{}, fmt.Errorf("floor: client certificate: %w", err)
		}
		tlsConfig.Certificates = []tls.Certificate{cert}
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: tlsConfig, ForceAttemptHTTP2: true}}
	url := access.Host + "/api/v1/pods"
	if watchList {
		url += "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=300"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return childResult{}, fmt.Errorf("floor: %w", err)
	}
	req.Header.Set("Accept", "application/vnd.kubernetes.protobuf")
	if access.BearerToken != "" {
		req.Header.Set("Authorization", "Bearer "+access.BearerToken)
	}
	before, err := benchenv.ReadProcMemory()
	if err != nil {
		return childResult{}, err
	}

	began := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return childResult{}, fmt.Errorf("floor: LIST pods: %w", err)
	}
	var n int64
	if watchList {
		n, err = readUntilInitialEventsEnd(resp.Body)
	} else {
		n, err = io.Copy(io.Discard, resp.Body)
	}
	resp.Body.Close()
	elapsed := time.Since(began)
	if err != nil {
		return childResult{}, fmt.Errorf("floor: read LIST body: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return childResult{}, fmt.Errorf("floor: LIST pods: %s", resp.Status)
	}

	after, err := benchenv.ReadProcMemory()
	if err != nil {
		return childResult{}, err
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return childResult{
		Sync:      elapsed,
		RSSBefore: before.RSS,
		PeakRSS:   after.PeakRSS,
		HeapInuse: ms.HeapInuse,
		HeapAlloc: ms.HeapAlloc,
		WireBytes: n,
		Requests:  []string{"GET " + req.URL.RequestURI() + " (" + resp.Header.Get("Content-Type") + ")"},
	}, nil
}

// initialEventsEnd is the annotation key of the bookmark that ends the
// initial events of a watch-list; it appears in that frame's bytes only.
var initialEventsEnd = []byte("k8s.io/initial-events-end")

// readUntilInitialEventsEnd reads the 4-byte big-endian length-prefixed
// frames of a protobuf watch stream until the one carrying the
// end-of-initial-events bookmark, and returns how many bytes it read.
func readUntilInitialEventsEnd(r io.Reader) (int64, error) {
	var total int64
	var head [4]byte
	var frame []byte
	for {
		if _, err := io.ReadFull(r, head[:]); err != nil {
			return total, fmt.Errorf("watch-list frame header: %w", err)
		}
		size := int(binary.BigEndian.Uint32(head[:]))
		if cap(frame) < size {
			frame = make([]byte, size)
		}
		frame = frame[:size]
		if _, err := io.ReadFull(r, frame); err != nil {
			return total, fmt.Errorf("watch-list frame: %w", err)
		}
		total += int64(4 + size)
		if bytes.Contains(frame, initialEventsEnd) {
			return total, nil
		}
	}
}

// maxLoggedRequests is how many request lines a requestLog keeps.
const maxLoggedRequests = 4

// requestLog records the method and URL of a library's first requests.
type requestLog struct {
	mu    sync.Mutex
	lines []string
}

// wrap is a rest.Config WrapTransport for either library.
func (l *requestLog) wrap(rt http.RoundTripper) http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		l.mu.Lock()
		if len(l.lines) < maxLoggedRequests {
			l.lines = append(l.lines, req.Method+" "+req.URL.RequestURI()+" Accept: "+req.Header.Get("Accept"))
		}
		l.mu.Unlock()
		return rt.RoundTrip(req)
	})
}

func (l *requestLog) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }
