// Package apperr defines the ways a request can fail. Services return these errors (wrapped with
// context as they travel up); one presenter in the GraphQL layer maps each kind to its
// extensions.code. Services never build GraphQL errors and resolvers never decide codes.
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Kind is the category of a failure. Its string is the GraphQL extensions.code.
type Kind string

// The kinds of failure. The codes are part of the API contract.
const (
	KindUnauthenticated Kind = "UNAUTHENTICATED"
	KindForbidden       Kind = "FORBIDDEN"
	KindNotFound        Kind = "NOT_FOUND"
	KindInvalid         Kind = "BAD_USER_INPUT"
	KindConflict        Kind = "CONFLICT"
	KindPlanLimit       Kind = "PLAN_LIMIT_REACHED"
	KindPaymentRequired Kind = "PAYMENT_REQUIRED"
	KindRateLimited     Kind = "RATE_LIMITED"
	KindQueryTooComplex Kind = "QUERY_TOO_COMPLEX"
	// KindTimeout is an operation stopped at the server's deadline (QUERY_TIMEOUT,
	// MUTATION_TIMEOUT); nothing it did is kept.
	KindTimeout Kind = "TIMEOUT"
	// KindResponseTooLarge is an operation whose answer outgrew MAX_RESPONSE_BYTES; nothing it
	// did is kept.
	KindResponseTooLarge Kind = "RESPONSE_TOO_LARGE"
	KindInternal         Kind = "INTERNAL"
)

// Error is a failure the client may be told about.
type Error struct {
	Kind    Kind
	Message string
	// Field names the input field at fault, for KindInvalid ("input.title").
	Field string
	// RetryAfter tells a rate-limited client when to try again.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Is makes errors.Is(err, apperr.NotFound("")) match any error of the same kind.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind && (t.Message == "" || t.Message == e.Message)
}

// Invalid reports bad user input in one field.
func Invalid(field, message string) *Error {
	return &Error{Kind: KindInvalid, Field: field, Message: message}
}

// NotFound reports a missing record. Records of other tenants are reported the same way.
func NotFound(what string) *Error {
	return &Error{Kind: KindNotFound, Message: what + " not found"}
}

// Unauthenticated reports a missing or invalid credential.
func Unauthenticated(message string) *Error {
	return &Error{Kind: KindUnauthenticated, Message: message}
}

// Forbidden reports an action the viewer may not take on something they can see.
func Forbidden(message string) *Error {
	return &Error{Kind: KindForbidden, Message: message}
}

// Conflict reports a clash with existing state, such as a duplicate.
func Conflict(message string) *Error {
	return &Error{Kind: KindConflict, Message: message}
}

// RateLimited reports too many attempts, with the time to wait.
func RateLimited(retryAfter time.Duration) *Error {
	return &Error{Kind: KindRateLimited, Message: "too many requests, try again later", RetryAfter: retryAfter}
}

// TooComplex reports a query over the server's depth, complexity or alias limits.
func TooComplex(message string) *Error {
	return &Error{Kind: KindQueryTooComplex, Message: message}
}

// Timeout reports an operation stopped at the server's deadline.
func Timeout(message string) *Error {
	return &Error{Kind: KindTimeout, Message: message}
}

// ResponseTooLarge reports an answer larger than the server sends.
func ResponseTooLarge(message string) *Error {
	return &Error{Kind: KindResponseTooLarge, Message: message}
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// KindOf returns the kind of err, KindInternal for anything that is not an *Error.
func KindOf(err error) Kind {
	if e, ok := As(err); ok {
		return e.Kind
	}
	return KindInternal
}

// Join combines the problems found while validating one input, so the client sees them all
// at once. It returns nil when there are none.
func Join(errs ...error) error { return errors.Join(errs...) }

// Fields returns every *Error in err, unwrapping joins, in order.
func Fields(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		switch x := err.(type) {
		case nil:
		case *Error:
			out = append(out, x)
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				walk(e)
			}
		case interface{ Unwrap() error }:
			walk(x.Unwrap())
		}
	}
	walk(err)
	return out
}
