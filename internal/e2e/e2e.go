// Package e2e decides whether a test that drives a program outside Go
// (Chromium, LibreOffice, wrk) runs: test support only, like browsertest
// and storetest; no product package imports it.
//
// These tests are most of the suite's time on a two-core machine (the
// pages' browser flows alone take over a minute), so a developer's
// `go test ./...` leaves them out and stays under a minute, and
// `PARINDEX_E2E=1 go test ./...` runs them, as .ci/run always does. Under
// CI a missing PARINDEX_E2E fails the test instead: CI never skips them.
package e2e

import (
	"os"
	"testing"
)

// Env is the variable that turns the end-to-end tests on.
const Env = "PARINDEX_E2E"

// On reports whether the end-to-end tests run.
func On() bool { return os.Getenv(Env) != "" }

// Require skips the test unless PARINDEX_E2E is set, saying which program
// it would drive and how to run it; under CI (CI set) it fails instead.
func Require(t testing.TB, program string) {
	t.Helper()
	if On() {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("this test drives %s and CI must run it: set %s=1 (.ci/run does)", program, Env)
	}
	t.Skipf("drives %s: runs with %s=1 go test ./... (as CI does)", program, Env)
}
