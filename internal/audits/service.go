package audits

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"secretariat/ent"
	"secretariat/ent/audit"
	"secretariat/ent/auditteammember"
	"secretariat/ent/checklistitem"
	"secretariat/ent/department"
	"secretariat/ent/departmentrepresentative"
	"secretariat/ent/document"
	"secretariat/internal/apperr"
	"secretariat/internal/blob"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/documents"
	"secretariat/internal/iso27001"
	"secretariat/internal/language"
	"secretariat/internal/locale"
	"secretariat/internal/members"
	"secretariat/internal/pulid"
	"secretariat/internal/tasks"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// Service keeps a company's audit programmes, audits, findings and corrective actions.
type Service struct {
	db        *ent.Client
	tasks     *tasks.Service
	documents *documents.Service
	blobs     blob.Store
	workbook  ChecklistWorkbook
	log       *slog.Logger
	now       func() time.Time
}

// ChecklistWorkbook renders the checklist of an audit as an .xlsx workbook in the locale's
// language (the Excel module's export), for the audit report.
type ChecklistWorkbook func(ctx context.Context, auditID pulid.ID, l locale.Locale) ([]byte, error)

// Option sets an optional part of the service.
type Option func(*Service)

// WithChecklistWorkbook attaches the checklist, rendered by w, to the report drafted when an
// internal audit is completed.
func WithChecklistWorkbook(w ChecklistWorkbook) Option { return func(s *Service) { s.workbook = w } }

// NewService returns the service over the ent client; corrective actions and routed requests are
// tasks made by taskService, reports are documents drafted by documentService, evidence files are
// kept in blobs.
func NewService(db *ent.Client, taskService *tasks.Service, documentService *documents.Service, blobs blob.Store, log *slog.Logger, opts ...Option) *Service {
	s := &Service{db: db, tasks: taskService, documents: documentService, blobs: blobs, log: log, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Today is the current calendar day of the ISMS calendar every module shares (date.Calendar).
func (s *Service) Today() date.Date { return date.Today(s.now()) }

// company reads a company the viewer reaches that is not archived, for a record to be added to.
func company(ctx context.Context, db *ent.Client, id pulid.ID) (*ent.Company, error) {
	c, err := db.Company.Get(ctx, id)
	if err != nil {
		return nil, validate.Reference("companyID", err)
	}
	if c.ArchivedAt != nil {
		return nil, apperr.Invalid("companyID", apperr.Archived, "the company is archived; restore it first", "会社はアーカイブされています。先に復元してください")
	}
	return c, nil
}

// CreateProgramme adds an audit programme for a period to a company.
func (s *Service) CreateProgramme(ctx context.Context, in CreateAuditProgrammeInput) (*ent.AuditProgramme, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("create audit programme: %w", err)
	}
	c, err := company(ctx, s.db, in.CompanyID)
	if err != nil {
		return nil, fmt.Errorf("create audit programme: %w", err)
	}
	p, err := s.db.AuditProgramme.Create().
		SetCompanyID(c.ID).
		SetTitle(in.Title).
		SetPeriodStart(in.PeriodStart).
		SetPeriodEnd(in.PeriodEnd).
		SetNillableObjectives(in.Objectives).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create audit programme: %w", err)
	}
	return p, nil
}

// PlanAudit plans an audit with its scope and auditors and, for an internal audit, builds its
// checklist from the scope, in one transaction. The checklist's questions are written in the
// request's language.
func (s *Service) PlanAudit(ctx context.Context, in PlanAuditInput, lang language.Request) (*ent.Audit, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("plan audit: %w", err)
	}
	l, err := language.Resolve(ctx, s.db, lang)
	if err != nil {
		return nil, fmt.Errorf("plan audit: %w", err)
	}
	var a *ent.Audit
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		c, err := company(ctx, tx, in.CompanyID)
		if err != nil {
			return err
		}
		if err := s.checkPlan(ctx, tx, c.ID, in); err != nil {
			return err
		}
		a, err = tx.Audit.Create().
			SetCompanyID(c.ID).
			SetNillableProgrammeID(in.ProgrammeID).
			SetKind(in.Kind).
			SetTitle(in.Title).
			SetClauses(in.Clauses).
			SetControls(in.Controls).
			SetPlannedStart(in.PlannedStart).
			SetPlannedEnd(in.PlannedEnd).
			SetNillableLeadAuditorID(in.LeadAuditorID).
			SetNillableCertificationBody(in.CertificationBody).
			SetNillableExternalLeadAuditor(in.ExternalLeadAuditor).
			SetNillableIndependenceOverride(in.IndependenceOverride).
			SetNillableMajorResponseDays(in.MajorResponseDays).
			SetNillableMinorResponseDays(in.MinorResponseDays).
			Save(ctx)
		if err != nil {
			return err
		}
		if len(in.DepartmentIDs) > 0 {
			links := make([]*ent.AuditDepartmentCreate, len(in.DepartmentIDs))
			for i, id := range in.DepartmentIDs {
				links[i] = tx.AuditDepartment.Create().SetCompanyID(c.ID).SetAuditID(a.ID).SetDepartmentID(id)
			}
			if err := tx.AuditDepartment.CreateBulk(links...).Exec(ctx); err != nil {
				return err
			}
		}
		if len(in.SiteIDs) > 0 {
			links := make([]*ent.AuditSiteCreate, len(in.SiteIDs))
			for i, id := range in.SiteIDs {
				links[i] = tx.AuditSite.Create().SetCompanyID(c.ID).SetAuditID(a.ID).SetSiteID(id)
			}
			if err := tx.AuditSite.CreateBulk(links...).Exec(ctx); err != nil {
				return err
			}
		}
		if people := append(slices.Clone(in.TeamAuditorIDs), in.ExternalAuditorIDs...); len(people) > 0 {
			team := make([]*ent.AuditTeamMemberCreate, len(people))
			for i, id := range people {
				team[i] = tx.AuditTeamMember.Create().SetCompanyID(c.ID).SetAuditID(a.ID).SetUserID(id)
			}
			if err := tx.AuditTeamMember.CreateBulk(team...).Exec(ctx); err != nil {
				return err
			}
		}
		if in.Kind == audit.KindINTERNAL {
			return tx.ChecklistItem.CreateBulk(scopeChecklist(tx, a, l)...).Exec(ctx)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("plan audit: %w", err)
	}
	if a.Kind != audit.KindINTERNAL {
		if err := s.syncCertification(ctx, a.CompanyID, nil, nil); err != nil {
			return nil, fmt.Errorf("plan audit: %w", err)
		}
	}
	return a, nil
}

// syncCertification keeps the company's certification fields as its certification audits say,
// so that nobody types them twice: the next audit is the first day of the earliest certification
// audit still PLANNED or IN_PROGRESS, and the certification body is that audit's; a certificate
// granted is recorded with its number and expiry. Without such an audit the next audit day stays
// as it was.
func (s *Service) syncCertification(ctx context.Context, companyID pulid.ID, number *string, expires *date.Date) error {
	next, err := s.db.Audit.Query().
		Where(
			audit.CompanyID(companyID),
			audit.KindNEQ(audit.KindINTERNAL),
			audit.StatusIn(audit.StatusPLANNED, audit.StatusIN_PROGRESS),
			audit.ArchivedAtIsNil(),
			audit.PlannedStartNotNil(),
		).
		Order(audit.ByPlannedStart(), audit.ByID()).
		First(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return err
	}
	u := s.db.Company.UpdateOneID(companyID).SetNillableCertificateNumber(number).SetNillableCertificateExpiresOn(expires)
	if next != nil {
		u.SetNillableNextAuditOn(next.PlannedStart).SetNillableCertificationBody(next.CertificationBody)
	}
	return u.Exec(ctx)
}

// checkPlan checks what the input names against the database: the programme and departments
// belong to the company, the auditors work in it, are not read-only, and audit no department
// they head or represent unless the override says why.
func (s *Service) checkPlan(ctx context.Context, tx *ent.Client, companyID pulid.ID, in PlanAuditInput) error {
	var errs []error
	if in.ProgrammeID != nil {
		p, err := tx.AuditProgramme.Get(ctx, *in.ProgrammeID)
		switch {
		case err == nil && p.CompanyID != companyID:
			errs = append(errs, validate.Reference("programmeID", apperr.NotFound("audit programme", "監査プログラム")))
		case err == nil && p.ArchivedAt != nil:
			errs = append(errs, apperr.Invalid("programmeID", apperr.Archived, "the programme is archived; restore it first", "監査プログラムはアーカイブされています。先に復元してください"))
		case err != nil:
			if err = validate.Reference("programmeID", err); apperr.KindOf(err) != apperr.KindInvalid {
				return err
			}
			errs = append(errs, err)
		}
	}
	depts, err := tx.Department.Query().Where(department.IDIn(in.DepartmentIDs...), department.CompanyID(companyID)).All(ctx)
	if err != nil {
		return err
	}
	found := make(map[pulid.ID]*ent.Department, len(depts))
	for _, d := range depts {
		found[d.ID] = d
	}
	for i, id := range in.DepartmentIDs {
		switch d := found[id]; {
		case d == nil:
			errs = append(errs, apperr.Invalid(fmt.Sprintf("departmentIDs.%d", i), apperr.UnknownID, "names no record you can use", "指定されたIDのレコードは利用できません"))
		case d.ArchivedAt != nil:
			errs = append(errs, apperr.Invalid(fmt.Sprintf("departmentIDs.%d", i), apperr.Archived, "the department is archived", "部署はアーカイブされています"))
		}
	}
	if err := checkSites(ctx, tx, companyID, in.SiteIDs); err != nil {
		if apperr.KindOf(err) != apperr.KindInvalid {
			return err
		}
		errs = append(errs, err)
	}
	auditors := make(map[string]pulid.ID)
	if in.LeadAuditorID != nil {
		auditors["leadAuditorID"] = *in.LeadAuditorID
	}
	for i, id := range in.TeamAuditorIDs {
		auditors[fmt.Sprintf("teamAuditorIDs.%d", i)] = id
	}
	for i, id := range in.ExternalAuditorIDs {
		if err := checkExternalAuditor(ctx, tx, companyID, id, fmt.Sprintf("externalAuditorIDs.%d", i)); err != nil {
			if apperr.KindOf(err) != apperr.KindInvalid {
				return err
			}
			errs = append(errs, err)
		}
	}
	for field, id := range auditors {
		role, ok, err := members.RoleIn(ctx, tx, id, companyID)
		switch {
		case err != nil:
			return err
		case !ok:
			errs = append(errs, apperr.Invalid(field, apperr.InvalidValue, "must be a member who works in the audit's company", "監査対象の会社で業務を行うメンバーを指定してください"))
		case role == viewer.RoleAuditor:
			errs = append(errs, apperr.Invalid(field, apperr.RoleRequired, "a certification auditor reads only and cannot be an internal auditor", "認証審査員は閲覧のみのため、内部監査員にはできません"))
		}
	}
	if len(auditors) > 0 && len(in.DepartmentIDs) > 0 && in.IndependenceOverride == nil {
		own, err := ownDepartments(ctx, tx, in.DepartmentIDs)
		if err != nil {
			return err
		}
		for field, id := range auditors {
			if d, ok := own[id]; ok {
				errs = append(errs, apperr.Invalid(field, apperr.NotIndependent,
					fmt.Sprintf("audits %s, a department the auditor heads or represents; name another auditor or record why in independenceOverride (ISO/IEC 27001 9.2.2 c)", d),
					fmt.Sprintf("監査員は自身が所属（部門長・代表者）する部署「%s」を監査できません。別の監査員を指定するか、independenceOverride に理由を記録してください（ISO/IEC 27001 9.2.2 c）", d)))
			}
		}
	}
	return apperr.Join(errs...)
}

// checkExternalAuditor refuses as a certification auditor anyone but a member whose role is
// AUDITOR and who is granted the company.
func checkExternalAuditor(ctx context.Context, tx *ent.Client, companyID, userID pulid.ID, field string) error {
	role, ok, err := members.RoleIn(ctx, tx, userID, companyID)
	switch {
	case err != nil:
		return err
	case !ok:
		return apperr.Invalid(field, apperr.InvalidValue, "must be a member granted the audit's company", "監査対象の会社へのアクセス権を持つメンバーを指定してください")
	case role != viewer.RoleAuditor:
		return apperr.Invalid(field, apperr.RoleRequired, "a certification auditor's account has the AUDITOR role", "認証審査員のアカウントは AUDITOR ロールです")
	}
	return nil
}

// AddExternalAuditor gives a certification audit to a certification auditor's account; adding
// one already on the audit changes nothing.
func (s *Service) AddExternalAuditor(ctx context.Context, in AddExternalAuditorInput) (*ent.Audit, error) {
	var a *ent.Audit
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		a, err = s.activeAudit(ctx, tx, in.AuditID)
		if err != nil {
			return err
		}
		if a.Kind == audit.KindINTERNAL {
			return apperr.Invalid("auditID", apperr.InvalidValue, "an internal audit has no certification auditors", "内部監査には認証審査員を指定できません")
		}
		if err := checkExternalAuditor(ctx, tx, a.CompanyID, in.UserID, "userID"); err != nil {
			return err
		}
		exists, err := tx.AuditTeamMember.Query().Where(auditteammember.AuditID(a.ID), auditteammember.UserID(in.UserID)).Exist(ctx)
		if err != nil || exists {
			return err
		}
		return tx.AuditTeamMember.Create().SetCompanyID(a.CompanyID).SetAuditID(a.ID).SetUserID(in.UserID).Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("add external auditor: %w", err)
	}
	return a, nil
}

// ownDepartments maps each person who heads or represents one of the departments to the name
// of one of them.
func ownDepartments(ctx context.Context, tx *ent.Client, ids []pulid.ID) (map[pulid.ID]string, error) {
	own := make(map[pulid.ID]string)
	depts, err := tx.Department.Query().Where(department.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	name := make(map[pulid.ID]string, len(depts))
	for _, d := range depts {
		name[d.ID] = d.Name
		if d.HeadID != nil {
			own[*d.HeadID] = d.Name
		}
	}
	reps, err := tx.DepartmentRepresentative.Query().Where(departmentrepresentative.DepartmentIDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range reps {
		own[r.UserID] = name[r.DepartmentID]
	}
	return own, nil
}

// scopeChecklist is the checklist of an audit's scope: a question per clause, then per control.
func scopeChecklist(tx *ent.Client, a *ent.Audit, l locale.Locale) []*ent.ChecklistItemCreate {
	items := make([]*ent.ChecklistItemCreate, 0, len(a.Clauses)+len(a.Controls))
	add := func(q string, clause, control *string) {
		items = append(items, tx.ChecklistItem.Create().
			SetCompanyID(a.CompanyID).
			SetAuditID(a.ID).
			SetPosition(len(items)+1).
			SetQuestion(q).
			SetNillableClause(clause).
			SetNillableControl(control))
	}
	for _, ref := range a.Clauses {
		c, _ := iso27001.LookupClause(ref)
		q := fmt.Sprintf("箇条%s %s：要求事項を満たしているか。それを示す証拠は何か。", c.Ref, c.TitleJa)
		if l == locale.English {
			q = fmt.Sprintf("Clause %s %s: is the requirement met, and what evidence shows it?", c.Ref, c.TitleEn)
		}
		add(q, &ref, nil)
	}
	for _, ref := range a.Controls {
		c, _ := iso27001.Lookup(ref)
		q := fmt.Sprintf("管理策%s %s：適用宣言書のとおり実施されているか。それを示す証拠は何か。", c.Ref, c.TitleJa)
		if l == locale.English {
			q = fmt.Sprintf("Control %s %s: is it implemented as the Statement of Applicability says, and what evidence shows it?", c.Ref, c.TitleEn)
		}
		add(q, nil, &ref)
	}
	return items
}

// auditTransitions are the moves of an audit's workflow.
var auditTransitions = map[audit.Status][]audit.Status{
	audit.StatusPLANNED:     {audit.StatusIN_PROGRESS, audit.StatusCANCELED},
	audit.StatusIN_PROGRESS: {audit.StatusCOMPLETED, audit.StatusCANCELED},
}

// SetAuditStatus moves an audit along its workflow: PLANNED → IN_PROGRESS → COMPLETED, and
// PLANNED or IN_PROGRESS → CANCELED. Completing an internal audit drafts its report (checklist
// and findings, in the request's language) as a version of its AUDIT_REPORT document, submitted
// for approval, in the same transaction.
func (s *Service) SetAuditStatus(ctx context.Context, in SetAuditStatusInput, lang language.Request) (*ent.Audit, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("set audit status: %w", err)
	}
	a, err := s.activeAudit(ctx, s.db, in.ID)
	if err != nil {
		return nil, fmt.Errorf("set audit status: %w", err)
	}
	allowed := false
	for _, to := range auditTransitions[a.Status] {
		allowed = allowed || to == in.Status
	}
	if !allowed {
		return nil, fmt.Errorf("set audit status: %w", apperr.Invalid("status", apperr.InvalidTransition,
			fmt.Sprintf("an audit that is %s cannot become %s", a.Status, in.Status),
			fmt.Sprintf("状態が %s の監査を %s にはできません", a.Status, in.Status)))
	}
	u := a.Update().SetStatus(in.Status)
	if in.Status == audit.StatusCOMPLETED && a.Kind == audit.KindINTERNAL {
		l, err := language.Resolve(ctx, s.db, lang)
		if err != nil {
			return nil, fmt.Errorf("set audit status: %w", err)
		}
		d, err := s.reportData(ctx, s.db, a)
		if err != nil {
			return nil, fmt.Errorf("set audit status: %w", err)
		}
		var sheet *blob.Upload
		if s.workbook != nil {
			b, err := s.workbook(ctx, a.ID, l)
			if err != nil {
				return nil, fmt.Errorf("set audit status: checklist workbook: %w", err)
			}
			name := wordsIn[l].checklist + ".xlsx"
			sheet = &blob.Upload{File: bytes.NewReader(b), Filename: name, Size: int64(len(b)), ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
		}
		v, err := s.draftReport(ctx, a.CompanyID, a.ReportVersionID, document.KindAUDIT_REPORT, wordsIn[l].auditReport+" "+a.Title, auditReport(d, l), sheet)
		if err != nil {
			return nil, fmt.Errorf("set audit status: report: %w", err)
		}
		u.SetReportVersionID(v.ID)
	}
	if in.Status == audit.StatusCOMPLETED {
		u.SetCompletedAt(s.now())
	}
	grants := a.Kind == audit.KindSTAGE2 || a.Kind == audit.KindRECERTIFICATION
	if (in.CertificateNumber != nil || in.CertificateExpiresOn != nil) && !grants {
		return nil, fmt.Errorf("set audit status: %w", apperr.Invalid("certificateNumber", apperr.ConflictingFields, "only a STAGE2 or RECERTIFICATION audit grants a certificate", "認証書を発行するのは第二段階審査か更新審査のみです"))
	}
	a, err = u.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("set audit status: %w", err)
	}
	if a.Kind != audit.KindINTERNAL {
		if err := s.syncCertification(ctx, a.CompanyID, in.CertificateNumber, in.CertificateExpiresOn); err != nil {
			return nil, fmt.Errorf("set audit status: %w", err)
		}
	}
	return a, nil
}

// activeAudit reads an audit that is not archived.
func (s *Service) activeAudit(ctx context.Context, db *ent.Client, id pulid.ID) (*ent.Audit, error) {
	a, err := db.Audit.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.ArchivedAt != nil {
		return nil, apperr.Invalid("id", apperr.Archived, "the audit is archived; restore it first", "監査はアーカイブされています。先に復元してください")
	}
	return a, nil
}

// AddChecklistItem appends a question to the checklist of an audit that is not completed.
func (s *Service) AddChecklistItem(ctx context.Context, in AddChecklistItemInput) (*ent.ChecklistItem, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("add checklist item: %w", err)
	}
	var item *ent.ChecklistItem
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		a, err := s.activeAudit(ctx, tx, in.AuditID)
		if err != nil {
			if apperr.KindOf(err) == apperr.KindInvalid {
				return apperr.Invalid("auditID", apperr.Archived, "the audit is archived; restore it first", "監査はアーカイブされています。先に復元してください")
			}
			return validate.Reference("auditID", err)
		}
		if a.Status == audit.StatusCOMPLETED || a.Status == audit.StatusCANCELED {
			return apperr.Invalid("auditID", apperr.StaleState, "the audit is "+string(a.Status)+": its checklist no longer changes", "監査は "+string(a.Status)+" のため、チェックリストは変更できません")
		}
		n, err := tx.ChecklistItem.Query().Where(checklistitem.AuditID(a.ID)).Count(ctx)
		if err != nil {
			return err
		}
		item, err = tx.ChecklistItem.Create().
			SetCompanyID(a.CompanyID).
			SetAuditID(a.ID).
			SetPosition(n + 1).
			SetQuestion(in.Question).
			SetNillableClause(in.Clause).
			SetNillableControl(in.Control).
			Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("add checklist item: %w", err)
	}
	return item, nil
}
