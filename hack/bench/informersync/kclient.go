package main

import (
	"fmt"

	"github.com/kclient/kclient/hack/bench/internal/benchenv"
	"github.com/kclient/kclient/informers"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/cache"
)

// newKclientInformer builds kclient's shared Pod informer over all namespaces
// through the same API and with the same config as newClientGoInformer: every
// setting is kclient's default.
func newKclientInformer(access benchenv.Access, rec *requestLog) (podInformer, error) {
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
		return nil, fmt.Errorf("kclient kubernetes.NewForConfig %s: %w", access.Host, err)
	}
	factory := informers.NewSharedInformerFactory(cs, 0)
	return &kclientInformer{factory: factory, informer: factory.Core().V1().Pods().Informer(), stop: make(chan struct{})}, nil
}

// kclientInformer is a started-on-demand kclient factory with one Pod
// informer.
type kclientInformer struct {
	factory  informers.SharedInformerFactory
	informer cache.SharedIndexInformer
	stop     chan struct{}
}

func (i *kclientInformer) Start()          { i.factory.Start(i.stop) }
func (i *kclientInformer) HasSynced() bool { return i.informer.HasSynced() }
func (i *kclientInformer) Len() int        { return len(i.informer.GetStore().ListKeys()) }
func (i *kclientInformer) Stop() {
	close(i.stop)
	i.factory.Shutdown()
}
