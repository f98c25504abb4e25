package main

import (
	"fmt"

	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"

	"github.com/kclient/kclient/hack/bench/internal/benchenv"
)

// newClientGoInformer builds client-go v0.37.2's shared Pod informer over all
// namespaces exactly as its documentation shows, with every default: the
// clientset's content type (protobuf), the WatchListClient feature gate's
// default (on: the initial list arrives as a watch stream), gzip, no resync.
// Only the transport wrapper that records request URLs is added.
func newClientGoInformer(access benchenv.Access, rec *requestLog) (podInformer, error) {
	cfg := &rest.Config{
		Host:        access.Host,
		BearerToken: access.BearerToken,
		TLSClientConfig: rest.TLSClientConfig{
			CAData:   access.CAData,
			CertData: access.CertData,
			KeyData:  access.KeyData,
		},
		WrapTransport: rec.wrap,
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("client-go kubernetes.NewForConfig %s: %w", access.Host, err)
	}
	factory := informers.NewSharedInformerFactory(cs, 0)
	return &clientGoInformer{factory: factory, informer: factory.Core().V1().Pods().Informer(), stop: make(chan struct{})}, nil
}

// clientGoInformer is a started-on-demand client-go factory with one Pod
// informer.
type clientGoInformer struct {
	factory  informers.SharedInformerFactory
	informer cache.SharedIndexInformer
	stop     chan struct{}
}

func (i *clientGoInformer) Start()          { i.factory.Start(i.stop) }
func (i *clientGoInformer) HasSynced() bool { return i.informer.HasSynced() }
func (i *clientGoInformer) Len() int        { return len(i.informer.GetStore().ListKeys()) }
func (i *clientGoInformer) Stop() {
	close(i.stop)
	i.factory.Shutdown()
}
