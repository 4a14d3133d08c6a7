package httpapi

import (
	"github.com/parindex/parindex/internal/textrule"
	"github.com/parindex/parindex/internal/workflow"
)

// The rules themselves are internal/workflow's (on internal/textrule's),
// shared with the pages; these are the API's short names for them.

// checkCode refuses codes that would not survive a URL or a spreadsheet.
func checkCode(what, code string) error { return workflow.CheckCode(what, code) }

// cleanName returns a name in NFC, the form Vietnamese text is stored in
// (typed text may arrive decomposed), refusing empty or oversized names and
// names with control or invisible characters (bidi overrides, zero-width).
func cleanName(what, name string) (string, error) { return workflow.CleanName(what, name) }

// nfc returns free text (notes, remarks) as stored: in NFC like names,
// line breaks as LF. Its control characters were refused by decode.
func nfc(s string) string { return textrule.Multiline(s) }

// checkReason bounds a reason given for a change (it goes into the audit
// log) and returns it trimmed, in NFC. A reason given must be visible: one
// of only spaces or zero-width characters is refused, not taken as given.
func checkReason(r string) (string, error) { return workflow.CheckReason(r) }
