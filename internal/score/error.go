package score

import (
	"errors"
	"fmt"
)

// Error codes. The HTTP layer maps each to one status; every other error is
// internal and its text is never shown to a client.
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

// Problem is one thing wrong with a request, located as precisely as known.
type Problem struct {
	Unit      string `json:"unit,omitempty"`
	Criterion string `json:"criterion,omitempty"`
	Field     string `json:"field,omitempty"`
	Index     *int   `json:"index,omitempty"` // position in the request's list
	Message   string `json:"message"`
}

// Error is an error a user can act on: a code, a message and its details.
type Error struct {
	Code    string
	Message string
	Details []Problem
}

func (e *Error) Error() string {
	if len(e.Details) == 0 {
		return e.Message
	}
	return fmt.Sprintf("%s: %s", e.Message, e.Details[0].Message)
}

// Errorf returns an *Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err's *Error, or "" for an internal error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
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
// "at least 200" once Add has stopped keeping them.
func (p Problems) Count() string {
	if len(p) >= MaxProblems {
		return fmt.Sprintf("at least %d", MaxProblems)
	}
	return fmt.Sprint(len(p))
}

// Err returns nil when nothing is wrong, else an EUNPROCESSABLE *Error.
func (p Problems) Err(message string) error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EUNPROCESSABLE, Message: message, Details: p}
}
