package score

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes, each standing for one HTTP status (Status); every other
// error is internal and its text is never shown to a client.
const (
	EINVALID       = "invalid"       // the request is malformed
	EUNPROCESSABLE = "unprocessable" // well-formed, but breaks a rule (bounds, tree shape)
	ENOTFOUND      = "not_found"
	ECONFLICT      = "conflict" // the current state does not allow it
	EUNAUTHORIZED  = "unauthorized"
	EFORBIDDEN     = "forbidden"
	ETOOLARGE      = "too_large"
	EPRECONDITION  = "precondition_failed" // the resource changed since it was read (a stale If-Match)
	ETOOMANY       = "too_many_requests"
	EUNSUPPORTED   = "unsupported_media_type" // an uploaded file of a type that is not accepted
)

// statuses is the HTTP status of each code, for the API and the pages alike.
var statuses = map[string]int{
	EINVALID:       400, // Bad Request
	EUNAUTHORIZED:  401, // Unauthorized
	EFORBIDDEN:     403, // Forbidden
	ENOTFOUND:      404, // Not Found
	ECONFLICT:      409, // Conflict
	EPRECONDITION:  412, // Precondition Failed
	ETOOLARGE:      413, // Content Too Large
	EUNSUPPORTED:   415, // Unsupported Media Type
	EUNPROCESSABLE: 422, // Unprocessable Content
	ETOOMANY:       429, // Too Many Requests
}

// Status is the HTTP status of an error code, 0 for a code that is not
// one of these (an internal error).
func Status(code string) int { return statuses[code] }

// Problem is one thing wrong with a request, located as precisely as known,
// and what is wrong with it as a message key of the catalog (internal/msg)
// with its arguments: never a sentence. Each surface renders the message in
// its reader's language.
type Problem struct {
	Unit      string `json:"unit,omitempty"`
	Criterion string `json:"criterion,omitempty"`
	Field     string `json:"field,omitempty"`
	Index     *int   `json:"index,omitempty"` // position in the request's list
	Bound     string `json:"bound,omitempty"` // the limit that is broken (a maximum, a length)
	Cell      string `json:"cell,omitempty"`  // a workbook's cell, 'Sheet'!B3
	Value     string `json:"value,omitempty"` // the value refused, as it was given
	Key       string `json:"-"`
	Args      []any  `json:"-"`
}

// Error is an error a user can act on: a code, a message (a catalog key
// and its arguments) and its details.
type Error struct {
	Code    string
	Key     string
	Args    []any
	Details []Problem
}

// English renders a message key with its arguments in English: the catalog
// (internal/msg) sets it when it is linked in, so that Error() reads as a
// sentence in logs and tests. Without it, Error() gives the key and the
// arguments.
var English func(key string, args []any) string

func english(key string, args []any) string {
	if English != nil {
		return English(key, args)
	}
	if len(args) == 0 {
		return key
	}
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = fmt.Sprint(a)
	}
	return key + "(" + strings.Join(parts, ", ") + ")"
}

// Error is the English text of e and of its first problem, for logs.
func (e *Error) Error() string {
	m := english(e.Key, e.Args)
	if len(e.Details) == 0 {
		return m
	}
	return m + ": " + e.Details[0].English()
}

// English is the text of p in English, for logs and tests. (Not Error
// or String: fmt would print a problem's fields as that text.)
func (p Problem) English() string { return english(p.Key, p.Args) }

// E returns an *Error with the given code, message key and arguments.
func E(code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// P returns a problem with the given message key and arguments, to be
// located by setting its fields.
func P(key string, args ...any) Problem { return Problem{Key: key, Args: args} }

// ErrorCode returns the code of err's *Error, or "" for an internal error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// Term is a message argument that names something the catalog labels in
// each language: a stage, a role, a source ({"stage", "draft"}).
type Term struct{ Kind, Code string }

// StageTerm, RoleTerm and SourceTerm are the terms of a stage, a role
// and a criterion's source.
func StageTerm(code string) Term  { return Term{"stage", code} }
func RoleTerm(code string) Term   { return Term{"role", code} }
func SourceTerm(code Source) Term { return Term{"source", string(code)} }

// Number is a message argument holding a plain decimal ("2.5", "-3"),
// written as the reader's language writes numbers ("2,5" in Vietnamese).
type Number string

// Tally is a message argument counting problems: N, or "at least N" once
// Problems.Add has stopped keeping them.
type Tally struct {
	N       int
	AtLeast bool
}

func (t Tally) String() string {
	if t.AtLeast {
		return fmt.Sprintf("at least %d", t.N)
	}
	return fmt.Sprint(t.N)
}

// Problems collects what is wrong so that one answer lists all of it.
type Problems []Problem

// MaxProblems bounds how many problems one answer lists.
const MaxProblems = 200

// Add appends ps, up to MaxProblems.
func (p *Problems) Add(ps ...Problem) {
	for _, x := range ps {
		if len(*p) < MaxProblems {
			*p = append(*p, x)
		}
	}
}

// Count says how many problems there are for a message: the number, or
// at least MaxProblems once Add has stopped keeping them.
func (p Problems) Count() Tally {
	return Tally{N: min(len(p), MaxProblems), AtLeast: len(p) >= MaxProblems}
}

// Err returns nil when nothing is wrong, else an EUNPROCESSABLE *Error
// with the message key and arguments.
func (p Problems) Err(key string, args ...any) error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EUNPROCESSABLE, Key: key, Args: args, Details: p}
}
