package portal

import "github.com/parindex/parindex/internal/textrule"

// The slug rule is internal/textrule's (news validation in
// internal/workflow checks it too); the portal makes its URLs with it.

// MaxSlug is the longest slug Slug makes.
const MaxSlug = textrule.MaxSlug

// Slug folds a Vietnamese title into a URL path segment (textrule.Slug).
func Slug(title string) string { return textrule.Slug(title) }

// ValidSlug reports whether s is a slug as Slug makes them.
func ValidSlug(s string) bool { return textrule.ValidSlug(s) }
