package audits

import (
	"context"
	"fmt"
	"slices"

	"secretariat/ent"
	"secretariat/ent/audit"
	"secretariat/ent/auditdepartment"
	"secretariat/ent/auditsite"
	"secretariat/ent/checklistitem"
	"secretariat/ent/correctiveaction"
	"secretariat/ent/department"
	"secretariat/ent/finding"
	"secretariat/ent/site"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/members"
	"secretariat/internal/pulid"
	"secretariat/internal/tasks"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// RecordChecklistResult records the auditor's conclusion on an item of an audit in progress. A
// NONCONFORMITY raises a finding of the audit in the same transaction; the item then keeps it.
func (s *Service) RecordChecklistResult(ctx context.Context, in RecordChecklistResultInput) (*ent.ChecklistItem, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("record checklist result: %w", err)
	}
	var item *ent.ChecklistItem
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		item, err = tx.ChecklistItem.Get(ctx, in.ID)
		if err != nil {
			return err
		}
		a, err := tx.Audit.Get(ctx, item.AuditID)
		if err != nil {
			return err
		}
		if a.Status != audit.StatusIN_PROGRESS {
			return apperr.Invalid("id", apperr.StaleState, "results are recorded while the audit is IN_PROGRESS; it is "+string(a.Status), "結果を記録できるのは監査が実施中（IN_PROGRESS）のときのみです（現在 "+string(a.Status)+"）")
		}
		if item.FindingID != nil && in.Result != checklistitem.ResultNONCONFORMITY {
			return apperr.Invalid("result", apperr.StaleState, "the item raised a finding: it stays NONCONFORMITY, and the finding is followed on its own", "この項目は所見を登録済みのため、不適合（NONCONFORMITY）のままです。所見で対応してください")
		}
		u := item.Update().SetResult(in.Result).SetNillableEvidence(in.Evidence).SetNillableNotes(in.Notes)
		if in.Result == checklistitem.ResultNONCONFORMITY && item.FindingID == nil {
			grade := finding.GradeMINOR
			if in.Grade != nil {
				grade = *in.Grade
			}
			statement := item.Question
			if in.Notes != nil {
				statement = *in.Notes
			}
			f, err := s.raise(ctx, tx, a, sourceOf(a), grade, item.Clause, item.Control, statement, in.Evidence)
			if err != nil {
				return err
			}
			u.SetFindingID(f.ID)
		}
		item, err = u.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("record checklist result: %w", err)
	}
	return item, nil
}

// sourceOf is the source of the findings an audit raises.
func sourceOf(a *ent.Audit) finding.Source {
	if a.Kind == audit.KindINTERNAL {
		return finding.SourceINTERNAL_AUDIT
	}
	return finding.SourceCERTIFICATION_AUDIT
}

// RaiseFinding records a finding of an audit, or one raised from an incident or directly.
func (s *Service) RaiseFinding(ctx context.Context, in RaiseFindingInput) (*ent.Finding, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("raise finding: %w", err)
	}
	var f *ent.Finding
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		c, err := company(ctx, tx, in.CompanyID)
		if err != nil {
			return err
		}
		var a *ent.Audit
		source := finding.SourceDIRECT
		if in.Source != nil {
			source = *in.Source
		}
		if in.AuditID != nil {
			a, err = tx.Audit.Get(ctx, *in.AuditID)
			if err == nil && a.CompanyID != c.ID {
				err = apperr.NotFound("audit", "監査")
			}
			if err != nil {
				return validate.Reference("auditID", err)
			}
			if a.Status == audit.StatusPLANNED || a.Status == audit.StatusCANCELED {
				return apperr.Invalid("auditID", apperr.StaleState, "an audit raises findings once it has started; it is "+string(a.Status), "所見を登録できるのは開始済みの監査のみです（現在 "+string(a.Status)+"）")
			}
			source = sourceOf(a)
		}
		if in.IncidentID != nil {
			inc, err := tx.Incident.Get(ctx, *in.IncidentID)
			if err == nil && inc.CompanyID != c.ID {
				err = apperr.NotFound("incident", "インシデント")
			}
			if err != nil {
				return validate.Reference("incidentID", err)
			}
			source = finding.SourceINCIDENT
		}
		if err := apperr.Join(checkDepartments(ctx, tx, c.ID, in.DepartmentIDs), checkSites(ctx, tx, c.ID, in.SiteIDs)); err != nil {
			return err
		}
		f, err = s.raiseIn(ctx, tx, c.ID, a, source, in.Grade, in.Clause, in.Control, in.Statement, in.Evidence, concerned{in.DepartmentIDs, in.SiteIDs, in.IncidentID}, in.ResponseDue)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("raise finding: %w", err)
	}
	return f, nil
}

// concerned are the departments and sites a finding concerns, and the incident it comes from.
type concerned struct {
	departments, sites []pulid.ID
	incident           *pulid.ID
}

// raise records a finding of audit a concerning the audit's departments and sites.
func (s *Service) raise(ctx context.Context, tx *ent.Client, a *ent.Audit, source finding.Source, grade finding.Grade, clause, control *string, statement string, evidence *string) (*ent.Finding, error) {
	var scope concerned
	depts, err := tx.AuditDepartment.Query().Where(auditdepartment.AuditID(a.ID)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range depts {
		scope.departments = append(scope.departments, l.DepartmentID)
	}
	sites, err := tx.AuditSite.Query().Where(auditsite.AuditID(a.ID)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range sites {
		scope.sites = append(scope.sites, l.SiteID)
	}
	return s.raiseIn(ctx, tx, a.CompanyID, a, source, grade, clause, control, statement, evidence, scope, nil)
}

// raiseIn writes the finding and its departments. Without a deadline given, a nonconformity of
// an audit is due by the audit's rule for its grade.
func (s *Service) raiseIn(ctx context.Context, tx *ent.Client, companyID pulid.ID, a *ent.Audit, source finding.Source, grade finding.Grade, clause, control *string, statement string, evidence *string, scope concerned, due *date.Date) (*ent.Finding, error) {
	if due == nil && a != nil && (grade == finding.GradeMAJOR || grade == finding.GradeMINOR) {
		days := a.MinorResponseDays
		if grade == finding.GradeMAJOR {
			days = a.MajorResponseDays
		}
		d := s.Today().AddDays(days)
		due = &d
	}
	create := tx.Finding.Create().
		SetNillableIncidentID(scope.incident).
		SetCompanyID(companyID).
		SetSource(source).
		SetGrade(grade).
		SetNillableClause(clause).
		SetNillableControl(control).
		SetStatement(statement).
		SetNillableEvidence(evidence).
		SetNillableResponseDue(due)
	if a != nil {
		create.SetAuditID(a.ID)
	}
	f, err := create.Save(ctx)
	if err != nil {
		return nil, err
	}
	if len(scope.departments) > 0 {
		links := make([]*ent.FindingDepartmentCreate, len(scope.departments))
		for i, id := range scope.departments {
			links[i] = tx.FindingDepartment.Create().SetCompanyID(companyID).SetFindingID(f.ID).SetDepartmentID(id)
		}
		if err := tx.FindingDepartment.CreateBulk(links...).Exec(ctx); err != nil {
			return nil, err
		}
	}
	if len(scope.sites) > 0 {
		links := make([]*ent.FindingSiteCreate, len(scope.sites))
		for i, id := range scope.sites {
			links[i] = tx.FindingSite.Create().SetCompanyID(companyID).SetFindingID(f.ID).SetSiteID(id)
		}
		if err := tx.FindingSite.CreateBulk(links...).Exec(ctx); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// errNoDepartment refuses a department that is not an active one of the record's company.
func errNoDepartment(field string) error {
	return apperr.Invalid(field, apperr.UnknownID, "names no active department of the company", "会社の有効な部署を指定してください")
}

// checkDepartments refuses departments that are not the company's or are archived.
func checkDepartments(ctx context.Context, tx *ent.Client, companyID pulid.ID, ids []pulid.ID) error {
	if len(ids) == 0 {
		return nil
	}
	found, err := tx.Department.Query().Where(department.IDIn(ids...), department.CompanyID(companyID), department.ArchivedAtIsNil()).IDs(ctx)
	if err != nil {
		return err
	}
	return absent("departmentIDs", ids, found, errNoDepartment)
}

// checkSites refuses sites that are not the company's or are archived.
func checkSites(ctx context.Context, tx *ent.Client, companyID pulid.ID, ids []pulid.ID) error {
	if len(ids) == 0 {
		return nil
	}
	found, err := tx.Site.Query().Where(site.IDIn(ids...), site.CompanyID(companyID), site.ArchivedAtIsNil()).IDs(ctx)
	if err != nil {
		return err
	}
	return absent("siteIDs", ids, found, func(field string) error {
		return apperr.Invalid(field, apperr.UnknownID, "names no active site of the company", "会社の有効な拠点を指定してください")
	})
}

// absent refuses, with refuse(field.i), each ID of ids that is not among found.
func absent(field string, ids, found []pulid.ID, refuse func(field string) error) error {
	var errs []error
	for i, id := range ids {
		if !slices.Contains(found, id) {
			errs = append(errs, refuse(fmt.Sprintf("%s.%d", field, i)))
		}
	}
	return apperr.Join(errs...)
}

// openFinding reads a finding that is neither archived nor closed, for a change.
func openFinding(ctx context.Context, tx *ent.Client, id pulid.ID, field string) (*ent.Finding, error) {
	f, err := tx.Finding.Get(ctx, id)
	if err != nil {
		if field != "id" {
			return nil, validate.Reference(field, err)
		}
		return nil, err
	}
	switch {
	case f.ArchivedAt != nil:
		return nil, apperr.Invalid(field, apperr.Archived, "the finding is archived; restore it first", "所見はアーカイブされています。先に復元してください")
	case f.Status == finding.StatusCLOSED:
		return nil, apperr.Invalid(field, apperr.StaleState, "the finding is closed and changes no more", "所見はクローズ済みのため変更できません")
	}
	return f, nil
}

// RespondToFinding records the correction, the root cause and the response deadline of an open
// finding; null clears the correction or the root cause.
func (s *Service) RespondToFinding(ctx context.Context, in RespondToFindingInput) (*ent.Finding, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("respond to finding: %w", err)
	}
	f, err := openFinding(ctx, s.db, in.ID, "id")
	if err != nil {
		return nil, fmt.Errorf("respond to finding: %w", err)
	}
	u := f.Update().SetNillableCorrection(in.Correction).SetNillableRootCause(in.RootCause).SetNillableResponseDue(in.ResponseDue)
	if validate.IsNull(in.Null, "correction") {
		u.ClearCorrection()
	}
	if validate.IsNull(in.Null, "rootCause") {
		u.ClearRootCause()
	}
	if validate.IsNull(in.Null, "responseDue") {
		u.ClearResponseDue()
	}
	f, err = u.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("respond to finding: %w", err)
	}
	return f, nil
}

// AddCorrectiveAction plans a corrective action of an open finding: a task (source FINDING) of a
// department, with its owner and due date, in one transaction.
func (s *Service) AddCorrectiveAction(ctx context.Context, in AddCorrectiveActionInput) (*ent.CorrectiveAction, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("add corrective action: %w", err)
	}
	var ca *ent.CorrectiveAction
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		f, err := openFinding(ctx, tx, in.FindingID, "findingID")
		if err != nil {
			return err
		}
		if in.DepartmentID != nil {
			if err := checkDepartments(ctx, tx, f.CompanyID, []pulid.ID{*in.DepartmentID}); err != nil {
				return errNoDepartment("departmentID")
			}
		}
		t, err := s.tasks.CreateFrom(ctx, tx, tasks.CreateTaskInput{
			CompanyID:   f.CompanyID,
			Title:       in.Title,
			Description: in.Description,
			DueDate:     in.DueDate,
			AssigneeID:  &in.AssigneeID,
		}, tasks.Origin{Source: task.SourceFINDING, SourceID: &f.ID})
		if err != nil {
			return err
		}
		ca, err = tx.CorrectiveAction.Create().
			SetCompanyID(f.CompanyID).
			SetFindingID(f.ID).
			SetNillableDepartmentID(in.DepartmentID).
			SetTaskID(t.ID).
			Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("add corrective action: %w", err)
	}
	return ca, nil
}

// ReviewEffectiveness records the review of an open finding's corrective actions. The reviewer
// works in the company and is not a read-only AUDITOR.
func (s *Service) ReviewEffectiveness(ctx context.Context, in ReviewEffectivenessInput) (*ent.Finding, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("review effectiveness: %w", err)
	}
	f, err := openFinding(ctx, s.db, in.FindingID, "findingID")
	if err != nil {
		return nil, fmt.Errorf("review effectiveness: %w", err)
	}
	role, ok, err := members.RoleIn(ctx, s.db, in.ReviewerID, f.CompanyID)
	switch {
	case err != nil:
		return nil, fmt.Errorf("review effectiveness: %w", err)
	case !ok:
		return nil, fmt.Errorf("review effectiveness: %w", apperr.Invalid("reviewerID", apperr.InvalidValue, "must be a member who works in the finding's company", "所見の会社で業務を行うメンバーを指定してください"))
	case role == viewer.RoleAuditor:
		return nil, fmt.Errorf("review effectiveness: %w", apperr.Invalid("reviewerID", apperr.RoleRequired, "a certification auditor reads only", "認証審査員は閲覧のみのため指定できません"))
	}
	f, err = f.Update().
		SetEffectiveness(in.Result).
		SetEffectivenessReviewerID(in.ReviewerID).
		SetEffectivenessReviewedOn(in.ReviewedOn).
		SetEffectivenessEvidence(in.Evidence).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("review effectiveness: %w", err)
	}
	return f, nil
}

// CloseFinding closes a finding whose work is done: none of its corrective actions is open and,
// for a nonconformity, the root cause is recorded and the actions were found effective. What is
// missing is named field by field, and nothing changes.
func (s *Service) CloseFinding(ctx context.Context, id pulid.ID) (*ent.Finding, error) {
	var f *ent.Finding
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		f, err = openFinding(ctx, tx, id, "id")
		if err != nil {
			return err
		}
		open, err := tx.CorrectiveAction.Query().
			Where(correctiveaction.FindingID(f.ID), correctiveaction.HasTaskWith(task.StatusNotIn(task.StatusDONE, task.StatusCANCELED))).
			Count(ctx)
		if err != nil {
			return err
		}
		var errs []error
		if open > 0 {
			errs = append(errs, apperr.Invalid("correctiveActions", apperr.Incomplete,
				fmt.Sprintf("%d corrective action(s) still open: finish or cancel them first", open),
				fmt.Sprintf("未完了の是正処置が%d件あります。完了または中止してください", open)))
		}
		if f.Grade == finding.GradeMAJOR || f.Grade == finding.GradeMINOR {
			if f.RootCause == nil {
				errs = append(errs, apperr.Invalid("rootCause", apperr.Incomplete, "a nonconformity is closed once its root cause is recorded", "不適合をクローズするには原因分析を記録してください"))
			}
			switch {
			case f.Effectiveness == nil:
				errs = append(errs, apperr.Invalid("effectiveness", apperr.Incomplete, "the effectiveness of the corrective actions has not been reviewed", "是正処置の有効性が確認されていません"))
			case *f.Effectiveness != finding.EffectivenessEFFECTIVE:
				errs = append(errs, apperr.Invalid("effectiveness", apperr.Incomplete, "the effectiveness review found the corrective actions NOT_EFFECTIVE: act again and review again", "有効性の確認で是正処置が有効でない（NOT_EFFECTIVE）とされました。追加の処置と再確認が必要です"))
			}
		}
		if err := apperr.Join(errs...); err != nil {
			return err
		}
		f, err = f.Update().SetStatus(finding.StatusCLOSED).SetClosedAt(s.now()).Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("close finding: %w", err)
	}
	return f, nil
}
