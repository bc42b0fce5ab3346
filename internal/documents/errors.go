package documents

import (
	"fmt"

	"secretariat/ent"
	"secretariat/ent/documentversion"
	"secretariat/internal/apperr"
)

// ErrSelfApproval refuses an author approving their own version: ISMS document control wants a
// second pair of eyes (segregation of duties).
var ErrSelfApproval = apperr.ForbiddenEN("the author of a version cannot approve it; another editor must approve it")

// errArchived refuses any change to an archived document.
var errArchived = apperr.ConflictEN("the document is archived; restore it first")

// errNoAuthor refuses a write that must name its actor from a context without a user.
var errNoAuthor = apperr.ForbiddenEN("document changes are made by a signed-in user")

// outOfOrder refuses a workflow step the version's status does not allow.
func outOfOrder(v *ent.DocumentVersion, step string, want ...documentversion.Status) error {
	return apperr.ConflictEN(fmt.Sprintf("version %s is %s: only a version %s can be %s", Number(v), v.Status, statuses(want), step))
}

func statuses(s []documentversion.Status) string {
	out := ""
	for i, st := range s {
		if i > 0 {
			out += " or "
		}
		out += string(st)
	}
	return out
}

// notFound turns ent's not-found into the API's, naming what was looked for; other errors pass.
func notFound(err error, what string) error {
	if ent.IsNotFound(err) {
		return apperr.NotFoundEN(what)
	}
	return err
}

// conflictOnDuplicate turns a unique-constraint failure into a CONFLICT with the message given.
func conflictOnDuplicate(err error, message string) error {
	if ent.IsConstraintError(err) {
		return apperr.ConflictEN(message)
	}
	return err
}
