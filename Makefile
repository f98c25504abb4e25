# kclient developer entry points. Every target installs what it needs by itself
# (Go modules from the module proxy; etcd and kube-apiserver built from Go
# modules into ~/.cache/kclient/bin and reused from there).

GO        ?= go
CLUSTER   := $(GO) run ./hack/cluster
# Test timeout for the whole suite of one package (integration tests included).
TEST_TIMEOUT ?= 20m
TEST_FLAGS   ?= -count=1 -timeout $(TEST_TIMEOUT)

.PHONY: all demo test test-unit test-integration cluster-binaries cluster-up cluster-down \
        generate verify fmt vet bench bench-informer apicompat help

all: verify test-unit

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

demo: cluster-binaries ## run the example tour against a freshly started local cluster, then stop it
	$(CLUSTER) run -- ./hack/demo.sh

test: verify cluster-binaries ## everything CI runs: verify, unit and integration tests against a real local cluster
	$(CLUSTER) run -- $(GO) test $(TEST_FLAGS) ./...

test-unit: ## unit tests only (-short: integration tests skip and say so)
	$(GO) test -short $(TEST_FLAGS) ./...

cluster-binaries: ## build (or reuse from the cache) etcd and kube-apiserver
	$(CLUSTER) binaries

cluster-up: cluster-binaries ## start a local cluster that keeps running; prints how to use it
	$(CLUSTER) up

cluster-down: ## stop the cluster started by cluster-up and remove its state
	$(CLUSTER) down

generate: ## regenerate generated code with our own generators
	$(GO) generate ./...

verify: ## gofmt, go vet, go.mod tidy, and generated code up to date
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "not gofmt-formatted:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	@$(GO) mod tidy -diff || { echo 'go.mod/go.sum are not tidy: run go mod tidy'; exit 1; }
	@./hack/verify-generated.sh

bench: cluster-binaries ## side-by-side benchmarks against client-go v0.37.2 (ratios; see docs/benchmarks.md)
	cd hack/bench && $(GO) run ./restget
	cd hack/bench && $(GO) run ./discovery
	cd hack/bench && $(GO) run ./clientset

bench-informer: cluster-binaries ## informer sync time and peak RSS on 10k/50k pods, against client-go (slow)
	cd hack/bench && $(GO) run ./informersync

apicompat: ## API compatibility with client-go v0.37.2, per package
	../shared/tools/apicompat/run.sh
