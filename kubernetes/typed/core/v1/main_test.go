package v1_test

import (
	"os"
	"testing"

	"github.com/kclient/kclient/internal/testcluster"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }
