// Package msg is the message catalog of the pages people read: every key
// has a Vietnamese and an English text (Vietnamese first, the default),
// with plain fmt-style arguments.
package msg

import "fmt"

// Languages the catalog has; the first is the default.
const (
	VI = "vi"
	EN = "en"
)

// Lang returns a supported language for s, the default for anything else.
func Lang(s string) string {
	if s == EN {
		return EN
	}
	return VI
}

// T returns the text of key in lang with args formatted in; an unknown
// key returns the key itself, so a missing text shows, not a blank.
func T(lang, key string, args ...any) string {
	e, ok := catalog[key]
	if !ok {
		return key
	}
	text := e[0]
	if Lang(lang) == EN {
		text = e[1]
	}
	if len(args) == 0 {
		return text
	}
	return fmt.Sprintf(text, args...)
}

// Has says whether key is in the catalog.
func Has(key string) bool { _, ok := catalog[key]; return ok }

// Stage is the label of a period's stage.
func Stage(lang, stage string) string { return T(lang, "stage."+stage) }

// Role is the label of a user's role.
func Role(lang, role string) string { return T(lang, "role."+role) }

// texts lists every part of the catalog: one map per area, each in its
// own file (key → {Vietnamese, English}); a key is in one of them only.
var texts = []map[string][2]string{siteTexts, errorTexts, sheetTexts, consoleTexts, remarksTexts, sitePublicTexts, insightTexts, runTexts}

// catalog is every part of texts in one map.
var catalog = func() map[string][2]string {
	all := map[string][2]string{}
	for _, part := range texts {
		for k, v := range part {
			all[k] = v
		}
	}
	return all
}()
