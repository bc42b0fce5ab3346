package audits

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"secretariat/ent"
	"secretariat/ent/audit"
	"secretariat/ent/auditdepartment"
	"secretariat/ent/auditsite"
	"secretariat/ent/auditteammember"
	"secretariat/ent/checklistitem"
	"secretariat/ent/correctiveaction"
	"secretariat/ent/document"
	"secretariat/ent/documentversion"
	"secretariat/ent/finding"
	"secretariat/ent/findingdepartment"
	"secretariat/internal/apperr"
	"secretariat/internal/blob"
	"secretariat/internal/documents"
	"secretariat/internal/language"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
)

// The reports are documented information (7.5): each is drafted as a version of a controlled
// document of the company and submitted for approval through the documents service, so that it
// is approved, kept and handed over like every other document.

// words are the labels of the reports in each language.
type words struct {
	auditReport, improvementReport, period, lead, team, departments, sites, clauses, controls, override,
	checklist, question, result, evidence, notes, findings, none, grade, statement, due, correction,
	rootCause, actions, effectiveness, status, certificationBody, externalLead, audit, kind, scope string
}

var wordsIn = map[locale.Locale]words{
	locale.Japanese: {
		auditReport: "内部監査報告書", improvementReport: "改善報告書", period: "監査期間", lead: "主任監査員", team: "監査員",
		departments: "対象部署", sites: "対象拠点", clauses: "対象箇条", controls: "対象管理策", override: "独立性の例外の理由",
		checklist: "チェックリスト", question: "質問", result: "結果", evidence: "証拠", notes: "所見メモ",
		findings: "所見", none: "なし", grade: "等級", statement: "内容", due: "回答期限", correction: "修正",
		rootCause: "原因", actions: "是正処置", effectiveness: "有効性の確認", status: "状態",
		certificationBody: "認証機関", externalLead: "主任審査員", audit: "監査", kind: "種別", scope: "対象",
	},
	locale.English: {
		auditReport: "Internal audit report", improvementReport: "Improvement report", period: "Audit period", lead: "Lead auditor", team: "Auditors",
		departments: "Departments", sites: "Sites", clauses: "Clauses", controls: "Controls", override: "Why the independence rule was overridden",
		checklist: "Checklist", question: "Question", result: "Result", evidence: "Evidence", notes: "Notes",
		findings: "Findings", none: "None", grade: "Grade", statement: "Statement", due: "Response due", correction: "Correction",
		rootCause: "Root cause", actions: "Corrective actions", effectiveness: "Effectiveness review", status: "Status",
		certificationBody: "Certification body", externalLead: "Lead auditor", audit: "Audit", kind: "Kind", scope: "Scope",
	},
}

// cell makes text safe for a Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\r\n", "<br>", "\n", "<br>").Replace(s)
}

func textOr(p *string, none string) string {
	if p == nil {
		return none
	}
	return *p
}

// reportData is what a report is drawn from: the audit and everything it names, read in a fixed
// number of statements.
type reportData struct {
	audit       *ent.Audit
	people      map[pulid.ID]string
	departments []string
	sites       []string
	checklist   []*ent.ChecklistItem
	findings    []*ent.Finding
}

func (s *Service) reportData(ctx context.Context, db *ent.Client, a *ent.Audit) (*reportData, error) {
	d := &reportData{audit: a, people: map[pulid.ID]string{}}
	scope, err := db.AuditDepartment.Query().Where(auditdepartment.AuditID(a.ID)).WithDepartment().All(ctx)
	if err != nil {
		return nil, err
	}
	for _, sd := range scope {
		if sd.Edges.Department != nil {
			d.departments = append(d.departments, sd.Edges.Department.Name)
		}
	}
	sites, err := db.AuditSite.Query().Where(auditsite.AuditID(a.ID)).WithSite().All(ctx)
	if err != nil {
		return nil, err
	}
	for _, ss := range sites {
		if ss.Edges.Site != nil {
			d.sites = append(d.sites, ss.Edges.Site.Name)
		}
	}
	team, err := db.AuditTeamMember.Query().Where(auditteammember.AuditID(a.ID)).WithUser().All(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range team {
		if m.Edges.User != nil {
			d.people[m.UserID] = m.Edges.User.Name
		}
	}
	if a.LeadAuditorID != nil {
		if u, err := db.User.Get(ctx, *a.LeadAuditorID); err == nil {
			d.people[u.ID] = u.Name
		}
	}
	if d.checklist, err = db.ChecklistItem.Query().Where(checklistitem.AuditID(a.ID)).Order(checklistitem.ByPosition()).All(ctx); err != nil {
		return nil, err
	}
	d.findings, err = db.Finding.Query().
		Where(finding.AuditID(a.ID), finding.ArchivedAtIsNil()).
		WithDepartments(func(q *ent.FindingDepartmentQuery) { q.WithDepartment().Order(findingdepartment.ByCreatedAt()) }).
		WithCorrectiveActions(func(q *ent.CorrectiveActionQuery) {
			q.WithTask(func(t *ent.TaskQuery) { t.WithAssignee() }).WithDepartment().Order(correctiveaction.ByCreatedAt())
		}).
		Order(finding.ByCreatedAt(), finding.ByID()).
		All(ctx)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// auditReport is the Markdown of an internal audit's report: the audit, its checklist and its
// findings.
func auditReport(d *reportData, l locale.Locale) string {
	w := wordsIn[l]
	a := d.audit
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\n\n", w.auditReport, a.Title)
	header(&b, d, w)
	fmt.Fprintf(&b, "\n## %s\n\n| # | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|\n", w.checklist, w.clauses+" / "+w.controls, w.question, w.result, w.evidence, w.notes)
	for _, it := range d.checklist {
		ref := textOr(it.Clause, "")
		if it.Control != nil {
			ref = *it.Control
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s |\n", it.Position, cell(ref), cell(it.Question), it.Result, cell(textOr(it.Evidence, "")), cell(textOr(it.Notes, "")))
	}
	findingsSection(&b, d, w)
	return b.String()
}

// improvementReport is the Markdown of the improvement report on a certification audit's
// findings: each with its cause, corrective actions, status and evidence.
func improvementReport(d *reportData, l locale.Locale) string {
	w := wordsIn[l]
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\n\n", w.improvementReport, d.audit.Title)
	header(&b, d, w)
	findingsSection(&b, d, w)
	return b.String()
}

func header(b *strings.Builder, d *reportData, w words) {
	a := d.audit
	if a.PlannedStart != nil && a.PlannedEnd != nil {
		fmt.Fprintf(b, "- %s: %s – %s\n", w.period, a.PlannedStart, a.PlannedEnd)
	}
	if a.CertificationBody != nil {
		fmt.Fprintf(b, "- %s: %s\n", w.certificationBody, *a.CertificationBody)
	}
	if a.ExternalLeadAuditor != nil {
		fmt.Fprintf(b, "- %s: %s\n", w.externalLead, *a.ExternalLeadAuditor)
	}
	if a.LeadAuditorID != nil {
		fmt.Fprintf(b, "- %s: %s\n", w.lead, d.people[*a.LeadAuditorID])
	}
	if a.Kind == audit.KindINTERNAL {
		var team []string
		for id, name := range d.people {
			if a.LeadAuditorID == nil || id != *a.LeadAuditorID {
				team = append(team, name)
			}
		}
		if len(team) > 0 {
			slices.Sort(team)
			fmt.Fprintf(b, "- %s: %s\n", w.team, strings.Join(team, ", "))
		}
	}
	if len(d.departments) > 0 {
		fmt.Fprintf(b, "- %s: %s\n", w.departments, strings.Join(d.departments, ", "))
	}
	if len(d.sites) > 0 {
		fmt.Fprintf(b, "- %s: %s\n", w.sites, strings.Join(d.sites, ", "))
	}
	if len(a.Clauses) > 0 {
		fmt.Fprintf(b, "- %s: %s\n", w.clauses, strings.Join(a.Clauses, ", "))
	}
	if len(a.Controls) > 0 {
		fmt.Fprintf(b, "- %s: %s\n", w.controls, strings.Join(a.Controls, ", "))
	}
	if a.IndependenceOverride != nil {
		fmt.Fprintf(b, "- %s: %s\n", w.override, *a.IndependenceOverride)
	}
}

func findingsSection(b *strings.Builder, d *reportData, w words) {
	fmt.Fprintf(b, "\n## %s\n\n", w.findings)
	if len(d.findings) == 0 {
		fmt.Fprintf(b, "%s\n", w.none)
		return
	}
	for i, f := range d.findings {
		ref := strings.TrimSpace(textOr(f.Clause, "") + " " + textOr(f.Control, ""))
		fmt.Fprintf(b, "### %d. [%s] %s\n\n%s\n\n", i+1, f.Grade, ref, f.Statement)
		var depts []string
		for _, fd := range f.Edges.Departments {
			if fd.Edges.Department != nil {
				depts = append(depts, fd.Edges.Department.Name)
			}
		}
		if len(depts) > 0 {
			fmt.Fprintf(b, "- %s: %s\n", w.departments, strings.Join(depts, ", "))
		}
		fmt.Fprintf(b, "- %s: %s\n", w.status, f.Status)
		if f.Evidence != nil {
			fmt.Fprintf(b, "- %s: %s\n", w.evidence, *f.Evidence)
		}
		if f.ResponseDue != nil {
			fmt.Fprintf(b, "- %s: %s\n", w.due, f.ResponseDue)
		}
		fmt.Fprintf(b, "- %s: %s\n", w.correction, textOr(f.Correction, w.none))
		fmt.Fprintf(b, "- %s: %s\n", w.rootCause, textOr(f.RootCause, w.none))
		if len(f.Edges.CorrectiveActions) > 0 {
			fmt.Fprintf(b, "- %s:\n", w.actions)
			for _, ca := range f.Edges.CorrectiveActions {
				t := ca.Edges.Task
				if t == nil {
					continue
				}
				line := fmt.Sprintf("  - %s (%s", t.Title, t.Status)
				if t.DueDate != nil {
					line += ", " + t.DueDate.String()
				}
				if t.Edges.Assignee != nil {
					line += ", " + t.Edges.Assignee.Name
				}
				if ca.Edges.Department != nil {
					line += ", " + ca.Edges.Department.Name
				}
				fmt.Fprintln(b, line+")")
			}
		}
		if f.Effectiveness != nil {
			fmt.Fprintf(b, "- %s: %s (%s) %s\n", w.effectiveness, *f.Effectiveness, f.EffectivenessReviewedOn, textOr(f.EffectivenessEvidence, ""))
		}
		b.WriteString("\n")
	}
}

// draftReport writes body, with file attached when not nil, as a new version of the report
// document (a new document of kind at first, titled title) and submits it for approval; it
// returns the version.
func (s *Service) draftReport(ctx context.Context, companyID pulid.ID, previous *pulid.ID, kind document.Kind, title, body string, file *blob.Upload) (*ent.DocumentVersion, error) {
	if s.documents == nil {
		return nil, fmt.Errorf("draft report: no documents service")
	}
	var version *ent.DocumentVersion
	if previous != nil {
		old, err := s.db.DocumentVersion.Get(ctx, *previous)
		if err != nil {
			return nil, err
		}
		if version, err = s.documents.CreateVersion(ctx, documents.CreateVersionInput{DocumentID: old.DocumentID, Body: &body, File: file}); err != nil {
			return nil, err
		}
	} else {
		doc, err := s.documents.CreateDocument(ctx, documents.CreateDocumentInput{CompanyID: companyID, Title: validate.Truncate(title, maxTitle), Kind: kind, Body: &body, File: file})
		if err != nil {
			return nil, err
		}
		if version, err = s.db.DocumentVersion.Query().Where(documentversion.DocumentID(doc.ID)).Only(ctx); err != nil {
			return nil, err
		}
	}
	return s.documents.Submit(ctx, documents.StepInput{ID: version.ID})
}

// DraftImprovementReport drafts the improvement report on a certification audit's findings (their
// causes, corrective actions, status and evidence) as a new version of its IMPROVEMENT_REPORT
// document, submitted for approval, to be reported to management and the committee.
func (s *Service) DraftImprovementReport(ctx context.Context, auditID pulid.ID, lang language.Request) (*ent.Audit, error) {
	l, err := language.Resolve(ctx, s.db, lang)
	if err != nil {
		return nil, fmt.Errorf("draft improvement report: %w", err)
	}
	a, err := s.activeAudit(ctx, s.db, auditID)
	if err != nil {
		return nil, fmt.Errorf("draft improvement report: %w", err)
	}
	if a.Kind == audit.KindINTERNAL {
		return nil, fmt.Errorf("draft improvement report: %w", apperr.Invalid("id", apperr.InvalidValue, "an improvement report answers a certification audit; an internal audit has its audit report", "改善報告書は認証審査に対するものです。内部監査には監査報告書があります"))
	}
	d, err := s.reportData(ctx, s.db, a)
	if err != nil {
		return nil, fmt.Errorf("draft improvement report: %w", err)
	}
	v, err := s.draftReport(ctx, a.CompanyID, a.ImprovementReportVersionID, document.KindIMPROVEMENT_REPORT, wordsIn[l].improvementReport+" "+a.Title, improvementReport(d, l), nil)
	if err != nil {
		return nil, fmt.Errorf("draft improvement report: %w", err)
	}
	a, err = a.Update().SetImprovementReportVersionID(v.ID).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("draft improvement report: %w", err)
	}
	return a, nil
}

// programme is the Markdown of an audit programme: its period, objectives and audits.
func programme(p *ent.AuditProgramme, audits []*ent.Audit, leads map[pulid.ID]string, l locale.Locale) string {
	w := wordsIn[l]
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n- %s: %s – %s\n", p.Title, w.period, p.PeriodStart, p.PeriodEnd)
	if p.Objectives != nil {
		fmt.Fprintf(&b, "\n%s\n", *p.Objectives)
	}
	fmt.Fprintf(&b, "\n| %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|\n", w.audit, w.kind, w.period, w.scope, w.lead, w.status)
	for _, a := range audits {
		var when string
		if a.PlannedStart != nil && a.PlannedEnd != nil {
			when = a.PlannedStart.String() + " – " + a.PlannedEnd.String()
		}
		scope := strings.Join(append(slices.Clone(a.Clauses), a.Controls...), ", ")
		lead := textOr(a.ExternalLeadAuditor, textOr(a.CertificationBody, ""))
		if a.LeadAuditorID != nil {
			lead = leads[*a.LeadAuditorID]
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", cell(a.Title), a.Kind, when, cell(scope), cell(lead), a.Status)
	}
	return b.String()
}

// PublishProgramme publishes an audit programme, with the audits planned in it, as a version of
// its AUDIT_PROGRAMME document (a new document the first time), submitted for approval: the
// programme is documented information (9.2.2). CONFLICT while the last version is still open.
func (s *Service) PublishProgramme(ctx context.Context, id pulid.ID, lang language.Request) (*ent.AuditProgramme, error) {
	l, err := language.Resolve(ctx, s.db, lang)
	if err != nil {
		return nil, fmt.Errorf("publish audit programme: %w", err)
	}
	p, err := s.db.AuditProgramme.Get(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("publish audit programme: %w", err)
	}
	if p.ArchivedAt != nil {
		return nil, fmt.Errorf("publish audit programme: %w", apperr.Invalid("id", apperr.Archived, "the programme is archived; restore it first", "監査プログラムはアーカイブされています。先に復元してください"))
	}
	planned, err := s.db.Audit.Query().
		Where(audit.ProgrammeID(p.ID), audit.ArchivedAtIsNil()).
		WithLeadAuditor().
		Order(audit.ByPlannedStart(), audit.ByID()).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("publish audit programme: %w", err)
	}
	leads := map[pulid.ID]string{}
	for _, a := range planned {
		if u := a.Edges.LeadAuditor; u != nil {
			leads[u.ID] = u.Name
		}
	}
	v, err := s.draftReport(ctx, p.CompanyID, p.DocumentVersionID, document.KindAUDIT_PROGRAMME, p.Title, programme(p, planned, leads, l), nil)
	if err != nil {
		return nil, fmt.Errorf("publish audit programme: %w", err)
	}
	p, err = p.Update().SetDocumentVersionID(v.ID).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("publish audit programme: %w", err)
	}
	return p, nil
}
