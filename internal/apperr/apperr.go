// Package apperr defines the ways a request can fail. Services return these errors (wrapped with
// context as they travel up); one presenter in the GraphQL layer maps each kind to its
// extensions.code, each reason to extensions.reason and the message to the viewer's language.
// Services never build GraphQL errors and resolvers never decide codes.
//
// Every error a client may see carries its message in English and Japanese: the constructors
// take both, and the presenter picks one by the language rule of package language.
package apperr

import (
	"errors"
	"fmt"
	"time"

	"secretariat/internal/locale"
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

// Reason is the stable, machine-readable cause of an error within its kind: the GraphQL
// extensions.reason, on which a client may switch (a form shows REQUIRED next to the field, a
// dialog explains SELF_APPROVAL). The set is closed and part of the API contract; the messages
// may change, the reasons do not.
type Reason string

// The reasons. Bad input (BAD_USER_INPUT) uses the first group; the second names refusals of
// other kinds.
const (
	// Required: a value that must be given was empty or missing.
	Required Reason = "REQUIRED"
	// TooLong: a text or list longer than its limit.
	TooLong Reason = "TOO_LONG"
	// OutOfRange: a number, date or page size outside its bounds.
	OutOfRange Reason = "OUT_OF_RANGE"
	// InvalidFormat: a value that does not parse (a date, an email, a cursor, a file).
	InvalidFormat Reason = "INVALID_FORMAT"
	// InvalidValue: a well-formed value the field does not take (an unknown enum value, a
	// control character, a value the rules refuse).
	InvalidValue Reason = "INVALID_VALUE"
	// UnknownID: an ID that names no record the viewer can see, whether it does not exist or
	// belongs to someone else (the two are not told apart).
	UnknownID Reason = "UNKNOWN_ID"
	// Archived: the record named is archived; restore it first.
	Archived Reason = "ARCHIVED"
	// ConflictingFields: two fields of one input that cannot be given together.
	ConflictingFields Reason = "CONFLICTING_FIELDS"
	// InvalidTransition: a state change the workflow does not allow from the current state.
	InvalidTransition Reason = "INVALID_TRANSITION"
	// CursorMismatch: a cursor made under another ordering or by another list.
	CursorMismatch Reason = "CURSOR_MISMATCH"
	// NotIndependent: an auditor named for an audit of a department it belongs to (ISO/IEC 27001
	// 9.2.2 c: auditors are objective and impartial), without a recorded override.
	NotIndependent Reason = "NOT_INDEPENDENT"
	// Incomplete: a record cannot move on while something it needs is missing (a finding closed
	// with open corrective actions or without an effective review); the field names what.
	Incomplete Reason = "INCOMPLETE"
	// ScheduleClash: a person or a room booked in two slots that overlap; the message names the
	// other slot.
	ScheduleClash Reason = "SCHEDULE_CLASH"

	// SelfApproval: the author of a version cannot approve it (rejecting its own version is how an
	// author withdraws it).
	SelfApproval Reason = "SELF_APPROVAL"
	// RoleRequired: the viewer's role does not allow the action.
	RoleRequired Reason = "ROLE_REQUIRED"
	// Duplicate: a record with the same unique value exists.
	Duplicate Reason = "DUPLICATE"
	// StaleState: the record changed since the client read it, or is in a state that refuses
	// the change.
	StaleState Reason = "STALE_STATE"
	// Immutable: nobody may change or delete the record, whatever their role (the audit trail
	// is append-only; ISMS records are archived, never deleted).
	Immutable Reason = "IMMUTABLE"
	// NotFoundReason: the record does not exist or is not the viewer's to see.
	NotFoundReason Reason = "NOT_FOUND"
	// CredentialRefused: a missing, wrong, expired or revoked credential.
	CredentialRefused Reason = "CREDENTIAL_REFUSED"
	// Unspecified marks an error whose reason was not named; it is never sent.
	Unspecified Reason = ""
)

// Text is a message in the languages the product speaks.
type Text struct {
	EN string
	JA string
}

// In returns the message in l, English when there is no Japanese.
func (t Text) In(l locale.Locale) string {
	if l == locale.Japanese && t.JA != "" {
		return t.JA
	}
	return t.EN
}

// Error is a failure the client may be told about.
type Error struct {
	Kind   Kind
	Reason Reason
	// Text is the message, in English and Japanese.
	Text Text
	// Field names the input field at fault, for KindInvalid: the path inside the argument the
	// client sent, such as "dueDate" for createTask(input: {dueDate}), "where.nameIn" for a
	// filter, "first" for an argument of its own.
	Field string
	// RetryAfter tells a rate-limited client when to try again.
	RetryAfter time.Duration
}

// Message is the English message.
func (e *Error) Message() string { return e.Text.EN }

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Text.EN)
	}
	return e.Text.EN
}

// Is makes errors.Is(err, &apperr.Error{Kind: k}) match any error of the same kind, and of the
// same reason when the target names one.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind && (t.Reason == "" || t.Reason == e.Reason) && (t.Text.EN == "" || t.Text.EN == e.Text.EN)
}

// Invalid reports bad user input in one field, with the reason and the message in English and
// Japanese. The message reads after the field's name ("must not be empty").
func Invalid(field string, reason Reason, en, ja string) *Error {
	return &Error{Kind: KindInvalid, Reason: reason, Field: field, Text: Text{EN: en, JA: ja}}
}

// NotFound reports a missing record, named in English and Japanese ("document", "文書").
// Records of other tenants are reported the same way.
func NotFound(en, ja string) *Error {
	return &Error{Kind: KindNotFound, Reason: NotFoundReason, Text: Text{EN: en + " not found", JA: ja + "が見つかりません"}}
}

// Unauthenticated reports a missing or invalid credential.
func Unauthenticated(en, ja string) *Error {
	return &Error{Kind: KindUnauthenticated, Reason: CredentialRefused, Text: Text{EN: en, JA: ja}}
}

// Forbidden reports an action the viewer may not take on something they can see.
func Forbidden(reason Reason, en, ja string) *Error {
	return &Error{Kind: KindForbidden, Reason: reason, Text: Text{EN: en, JA: ja}}
}

// Conflict reports a clash with existing state, such as a duplicate.
func Conflict(reason Reason, en, ja string) *Error {
	return &Error{Kind: KindConflict, Reason: reason, Text: Text{EN: en, JA: ja}}
}

// RateLimited reports too many attempts, with the time to wait.
func RateLimited(retryAfter time.Duration) *Error {
	return &Error{Kind: KindRateLimited, Text: Text{
		EN: "too many requests, try again later",
		JA: "リクエストが多すぎます。しばらくしてから再度お試しください",
	}, RetryAfter: retryAfter}
}

// TooComplex reports a query over the server's depth, complexity or alias limits.
func TooComplex(en, ja string) *Error {
	return &Error{Kind: KindQueryTooComplex, Text: Text{EN: en, JA: ja}}
}

// Timeout reports an operation stopped at the server's deadline.
func Timeout(en, ja string) *Error {
	return &Error{Kind: KindTimeout, Text: Text{EN: en, JA: ja}}
}

// ResponseTooLarge reports an answer larger than the server sends.
func ResponseTooLarge(en, ja string) *Error {
	return &Error{Kind: KindResponseTooLarge, Text: Text{EN: en, JA: ja}}
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

// Nest puts every problem of an invalid input under the path at: the "title" of an item becomes
// "content.documents.2.title" when the item is checked as part of a larger input. Any other error
// is returned as it is.
func Nest(at string, err error) error {
	problems := Fields(err)
	if len(problems) == 0 || problems[0].Kind != KindInvalid {
		return err
	}
	out := make([]error, len(problems))
	for i, e := range problems {
		moved := *e
		moved.Field = at
		if e.Field != "" {
			moved.Field = at + "." + e.Field
		}
		out[i] = &moved
	}
	return Join(out...)
}
