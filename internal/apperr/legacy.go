package apperr

// The constructors below are the English-only forms being replaced by the ones taking a reason
// and a Japanese message; no new code calls them.

func InvalidEN(field, message string) *Error { return Invalid(field, InvalidValue, message, "") }
func NotFoundEN(what string) *Error {
	return &Error{Kind: KindNotFound, Reason: NotFoundReason, Text: Text{EN: what + " not found", JA: "見つかりません"}}
}
func ForbiddenEN(message string) *Error       { return Forbidden(RoleRequired, message, "") }
func ConflictEN(message string) *Error        { return Conflict(Unspecified, message, "") }
func UnauthenticatedEN(message string) *Error { return Unauthenticated(message, "") }
