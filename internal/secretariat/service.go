// Package secretariat owns who runs a company's ISMS: the information security committee
// (情報セキュリティ委員会), which decides policy and has at most one chair; the secretariat (事務局),
// which executes it, each person holding responsibilities as their primary holder (正) or as a
// backup (副); and the department representatives (部門推進担当者). It checks the people named —
// they must work in the company, and not as its auditor — and the rules that span rows: one
// chair, one primary holder per responsibility, no one named twice. These are assignments, not
// records: removing one deletes the row (the audit trail keeps what it was).
//
// Roles are decided by the privacy policies of the ent schema and tenancy by its mixins: a row of
// another organization or of an ungranted company is not found. The companies, departments and
// memberships themselves belong to packages companies and members.
package secretariat

import (
	"context"
	"errors"
	"log/slog"

	"secretariat/ent"
	"secretariat/internal/apperr"
	"secretariat/internal/members"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// Service appoints and removes committee members, secretariat assignments and department
// representatives, and answers who does what in a company.
type Service struct {
	db  *ent.Client
	log *slog.Logger
}

// NewService returns the service over the ent client.
func NewService(db *ent.Client, log *slog.Logger) *Service {
	return &Service{db: db, log: log}
}

// Removal is what a removal leaves: the ID of the row removed and its company, so that a client
// reads the company's secretariat again in the same request.
type Removal struct {
	RemovedID pulid.ID
	Company   *ent.Company
}

// activeCompany loads the company a new appointment goes into through the viewer's client (bad
// input in companyID, UNKNOWN_ID, when the viewer does not reach it) and refuses an archived one.
func activeCompany(ctx context.Context, db *ent.Client, id pulid.ID) (*ent.Company, error) {
	c, err := db.Company.Get(ctx, id)
	if err != nil {
		return nil, validate.Reference("companyID", err)
	}
	if c.ArchivedAt != nil {
		return nil, apperr.Invalid("companyID", apperr.Archived, "the company is archived; restore it first", "会社はアーカイブされています。先に復元してください")
	}
	return c, nil
}

// notInCompany is the answer for a person who does not work in the company. A user of another
// organization, of another company only, or one that never existed all get it, word for word.
const notInCompany, notInCompanyJA = "must be a member of the organization who works in the company", "組織のメンバーのうち、この会社で業務を行う方を指定してください"

// checkPerson refuses a person who does not reach the company, or reaches it only as its
// certification auditor, who takes no part in running the ISMS it audits.
func checkPerson(ctx context.Context, db *ent.Client, field string, userID, companyID pulid.ID) error {
	role, ok, err := members.RoleIn(ctx, db, userID, companyID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Invalid(field, apperr.InvalidValue, notInCompany, notInCompanyJA)
	}
	if role == viewer.RoleAuditor {
		return apperr.Invalid(field, apperr.RoleRequired, "an AUDITOR cannot hold a role in the ISMS it audits", "AUDITORは監査対象のISMSで役割を担うことはできません")
	}
	return nil
}

// problems joins the problems found in an input's fields; an error that is not about the input
// (a failed query) wins over them.
func problems(errs ...error) error {
	for _, err := range errs {
		if err == nil {
			continue
		}
		if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindInvalid {
			return err
		}
	}
	return errors.Join(errs...)
}
