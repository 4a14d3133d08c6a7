package web_test

import (
	"os"
	"testing"

	"github.com/parindex/parindex/internal/browsertest"
)

// TestMain stops the Chromium that the package's browser tests share.
func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }
