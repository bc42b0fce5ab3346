package documents

import (
	"fmt"

	"secretariat/ent"
	"secretariat/ent/documentversion"
	"secretariat/internal/apperr"
)

// ErrSelfApproval refuses an author approving their own version: ISMS document control wants a
// second pair of eyes (segregation of duties).
var ErrSelfApproval = apperr.Forbidden(apperr.SelfApproval, "the author of a version cannot approve it; another editor must approve it",
	"版の作成者は自分の版を承認できません。別の編集者が承認してください")

// errArchived refuses any change to an archived document.
var errArchived = apperr.Conflict(apperr.Archived, "the document is archived; restore it first", "文書はアーカイブされています。先に復元してください")

// errNoAuthor refuses a write that must name its actor from a context without a user.
var errNoAuthor = apperr.Forbidden(apperr.CredentialRefused, "document changes are made by a signed-in user", "文書の変更はログインしたユーザーが行ってください")

// outOfOrder refuses a workflow step the version's status does not allow.
func outOfOrder(v *ent.DocumentVersion, step string, want ...documentversion.Status) error {
	return apperr.Conflict(apperr.InvalidTransition,
		fmt.Sprintf("version %s is %s: only a version %s can be %s", Number(v), v.Status, statuses(want), step),
		fmt.Sprintf("版%sは%sです。この操作ができるのは%sの版のみです", Number(v), v.Status, statusesJA(want)))
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

func statusesJA(s []documentversion.Status) string {
	out := ""
	for i, st := range s {
		if i > 0 {
			out += "または"
		}
		out += string(st)
	}
	return out
}

// notFound turns ent's not-found into the API's, naming what was looked for; other errors pass.
func notFound(err error, en, ja string) error {
	if ent.IsNotFound(err) {
		return apperr.NotFound(en, ja)
	}
	return err
}

// conflictOnDuplicate turns a unique-constraint failure into a CONFLICT with the reason and
// message given.
func conflictOnDuplicate(err error, reason apperr.Reason, en, ja string) error {
	if ent.IsConstraintError(err) {
		return apperr.Conflict(reason, en, ja)
	}
	return err
}
