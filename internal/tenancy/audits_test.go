package tenancy_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/audit"
	"secretariat/ent/auditdepartment"
	"secretariat/ent/auditevidence"
	"secretariat/ent/auditorrequest"
	"secretariat/ent/auditorrequestcomment"
	"secretariat/ent/auditorrequestdocument"
	"secretariat/ent/auditprogramme"
	"secretariat/ent/auditsite"
	"secretariat/ent/auditteammember"
	"secretariat/ent/checklistitem"
	"secretariat/ent/checklisttemplate"
	"secretariat/ent/companychecklist"
	"secretariat/ent/correctiveaction"
	"secretariat/ent/document"
	"secretariat/ent/documentversion"
	"secretariat/ent/finding"
	"secretariat/ent/findingdepartment"
	"secretariat/ent/findingsite"
	"secretariat/ent/interview"
	"secretariat/ent/interviewparticipant"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/checklist"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// The audits' tables in the isolation suite: in every company an audit programme, an internal
// audit planned in it (led by the owner, the company's department in scope, the owner on the
// team), a checklist item whose nonconformity raised a finding of the audit, the finding's
// department, and a corrective action of the department tracked by a task (source FINDING).
func init() {
	tenantFixtures = append(tenantFixtures, func(ctx context.Context, client *ent.Client, tn *tenant, i int) {
		org, co := tn.org.ID, tn.companies[i].ID
		dept := tn.byCompany[i][2] // newTenant's department of the company
		programme := client.AuditProgramme.Create().SetOrganizationID(org).SetCompanyID(co).
			SetTitle("2026年度 内部監査プログラム").SetPeriodStart(date.New(2026, 4, 1)).SetPeriodEnd(date.New(2027, 3, 31)).
			SetObjectives("全部門を年1回監査する").SaveX(ctx)
		au := client.Audit.Create().SetOrganizationID(org).SetCompanyID(co).SetProgrammeID(programme.ID).
			SetKind(audit.KindINTERNAL).SetTitle("2026年度 第1回 内部監査").SetClauses([]string{"9.2"}).
			SetControls([]string{"5.1"}).SetPlannedStart(date.New(2026, 6, 1)).SetPlannedEnd(date.New(2026, 6, 2)).
			SetStatus(audit.StatusIN_PROGRESS).SetLeadAuditorID(tn.owner.ID).SaveX(ctx)
		scope := client.AuditDepartment.Create().SetOrganizationID(org).SetCompanyID(co).
			SetAuditID(au.ID).SetDepartmentID(dept).SaveX(ctx)
		member := client.AuditTeamMember.Create().SetOrganizationID(org).SetCompanyID(co).
			SetAuditID(au.ID).SetUserID(tn.owner.ID).SaveX(ctx)
		fi := client.Finding.Create().SetOrganizationID(org).SetCompanyID(co).SetAuditID(au.ID).
			SetSource(finding.SourceINTERNAL_AUDIT).SetGrade(finding.GradeMINOR).SetClause("9.2").
			SetStatement("内部監査の結果が記録されていない").SetResponseDue(date.New(2026, 9, 1)).SaveX(ctx)
		item := client.ChecklistItem.Create().SetOrganizationID(org).SetCompanyID(co).SetAuditID(au.ID).
			SetPosition(1).SetClause("9.2").SetQuestion("監査結果は記録されているか").
			SetResult(checklistitem.ResultNONCONFORMITY).SetFindingID(fi.ID).SaveX(ctx)
		concerned := client.FindingDepartment.Create().SetOrganizationID(org).SetCompanyID(co).
			SetFindingID(fi.ID).SetDepartmentID(dept).SaveX(ctx)
		tracking := client.Task.Create().SetOrganizationID(org).SetCompanyID(co).SetTitle("監査記録の様式を定める").
			SetDueDate(date.New(2026, 8, 31)).SetAssigneeID(tn.owner.ID).
			SetSource(task.SourceFINDING).SetSourceID(fi.ID).SaveX(ctx)
		action := client.CorrectiveAction.Create().SetOrganizationID(org).SetCompanyID(co).
			SetFindingID(fi.ID).SetDepartmentID(dept).SetTaskID(tracking.ID).SaveX(ctx)
		slot := client.Interview.Create().SetOrganizationID(org).SetCompanyID(co).SetAuditID(au.ID).
			SetStartsAt(time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)).SetEndsAt(time.Date(2026, 6, 1, 11, 0, 0, 0, time.UTC)).
			SetRoom("第1会議室").SetDepartmentID(dept).SaveX(ctx)
		interviewee := client.InterviewParticipant.Create().SetOrganizationID(org).SetCompanyID(co).
			SetInterviewID(slot.ID).SetUserID(tn.owner.ID).SaveX(ctx)
		doc := client.Document.Create().SetOrganizationID(org).SetCompanyID(co).
			SetCode("ISMS-R-901").SetTitle("内部監査報告書").SetKind(document.KindRECORD_TEMPLATE).SaveX(ctx)
		version := client.DocumentVersion.Create().SetOrganizationID(org).SetCompanyID(co).
			SetDocumentID(doc.ID).SetMajor(1).SetMinor(0).SetBody("報告").SetAuthorID(tn.owner.ID).
			SetStatus(documentversion.StatusAPPROVED).SaveX(ctx)
		req := client.AuditorRequest.Create().SetOrganizationID(org).SetCompanyID(co).SetAuditID(au.ID).SetNumber(1).
			SetQuestion("内部監査の記録を提示してください").SetFiledByID(tn.owner.ID).SetTaskID(tracking.ID).SetDepartmentID(dept).
			SetStatus(auditorrequest.StatusANSWERED).SaveX(ctx)
		handed := client.AuditorRequestDocument.Create().SetOrganizationID(org).SetCompanyID(co).SetRequestID(req.ID).
			SetDocumentVersionID(version.ID).SaveX(ctx)
		site := tn.byCompany[i][1] // newTenant's site of the company
		siteInScope := client.AuditSite.Create().SetOrganizationID(org).SetCompanyID(co).
			SetAuditID(au.ID).SetSiteID(site).SaveX(ctx)
		siteConcerned := client.FindingSite.Create().SetOrganizationID(org).SetCompanyID(co).
			SetFindingID(fi.ID).SetSiteID(site).SaveX(ctx)
		examined := client.AuditEvidence.Create().SetOrganizationID(org).SetCompanyID(co).
			SetChecklistItemID(item.ID).SetDocumentVersionID(version.ID).SetDescription("監査記録").SaveX(ctx)
		photo := client.AuditEvidence.Create().SetOrganizationID(org).SetCompanyID(co).
			SetRequestID(req.ID).SetFileKey("00000000000000000000000000000000").SetFileName("log.txt").
			SetFileContentType("text/plain").SetFileSize(1).SetFileSha256("0").SaveX(ctx)
		comment := client.AuditorRequestComment.Create().SetOrganizationID(org).SetCompanyID(co).
			SetRequestID(req.ID).SetAuthorID(tn.owner.ID).SetText("午後に提示します").SaveX(ctx)
		tn.byCompany[i] = append(tn.byCompany[i], siteInScope.ID, siteConcerned.ID, examined.ID, photo.ID, comment.ID)
		if i == 0 {
			q := "内部監査の結果は記録されているか"
			template := client.ChecklistTemplate.Create().SetOrganizationID(org).SetTitle("標準内部監査チェックリスト").
				SetQuestions([]checklist.Question{{Clause: ptrTo("9.2"), Question: q}}).SaveX(ctx)
			tn.orgWide = append(tn.orgWide, template.ID)
		}
		template := client.ChecklistTemplate.Query().Where(checklisttemplate.OrganizationID(org)).OnlyIDX(ctx)
		own := client.CompanyChecklist.Create().SetOrganizationID(org).SetCompanyID(co).SetTitle("自社チェックリスト").
			SetQuestions([]checklist.Question{{Question: "自社の質問"}}).SetSourceTemplateID(template).SetSourceVersion(1).SaveX(ctx)
		tn.byCompany[i] = append(tn.byCompany[i], own.ID)
		tn.byCompany[i] = append(tn.byCompany[i], programme.ID, au.ID, scope.ID, member.ID, fi.ID, item.ID,
			concerned.ID, tracking.ID, action.ID, slot.ID, interviewee.ID, req.ID, handed.ID, doc.ID, version.ID)
	})

	probes["audit_programmes"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.AuditProgramme.Query().Where(auditprogramme.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Company.Query().QueryAuditProgrammes().Where(auditprogramme.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.AuditProgramme.UpdateOneID(id).SetTitle("乗っ取り").SetArchivedAt(time.Now()).Exec(ctx)
		},
		// An audit hangs on a programme: planning one's own audit in another tenant's programme.
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			return c.Audit.Create().SetCompanyID(own.companies[0].ID).SetKind(audit.KindINTERNAL).
				SetTitle("植え付け").SetProgrammeID(id).Exec(ctx)
		},
	}
	probes["audits"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Audit.Query().Where(audit.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.AuditProgramme.Query().QueryAudits().Where(audit.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.Audit.UpdateOneID(id).SetStatus(audit.StatusCANCELED).SetTitle("乗っ取り").Exec(ctx)
		},
		// A checklist item, a finding, a scope department or a team member hangs on an audit.
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			return c.ChecklistItem.Create().SetCompanyID(own.companies[0].ID).SetAuditID(id).
				SetPosition(9).SetQuestion("植え付け").Exec(ctx)
		},
	}
	probes["audit_departments"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.AuditDepartment.Query().Where(auditdepartment.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Audit.Query().QueryScopeDepartments().Where(auditdepartment.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.AuditDepartment.DeleteOneID(id).Exec(ctx)
		},
	}
	probes["interviews"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Interview.Query().Where(interview.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Audit.Query().QueryInterviews().Where(interview.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.Interview.UpdateOneID(id).SetRoom("乗っ取り").Exec(ctx)
		},
	}
	probes["interview_participants"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.InterviewParticipant.Query().Where(interviewparticipant.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Interview.Query().QueryInterviewees().Where(interviewparticipant.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.InterviewParticipant.DeleteOneID(id).Exec(ctx)
		},
	}
	probes["checklist_templates"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.ChecklistTemplate.Query().Where(checklisttemplate.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Organization.Query().QueryChecklistTemplates().Where(checklisttemplate.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.ChecklistTemplate.UpdateOneID(id).SetTitle("乗っ取り").Exec(ctx)
		},
	}
	probes["auditor_requests"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.AuditorRequest.Query().Where(auditorrequest.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Audit.Query().QueryRequests().Where(auditorrequest.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.AuditorRequest.UpdateOneID(id).SetAnswer("乗っ取り").Exec(ctx)
		},
	}
	probes["auditor_request_documents"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.AuditorRequestDocument.Query().Where(auditorrequestdocument.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.AuditorRequest.Query().QueryAnswerDocuments().Where(auditorrequestdocument.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.AuditorRequestDocument.DeleteOneID(id).Exec(ctx)
		},
	}
	probes["company_checklists"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.CompanyChecklist.Query().Where(companychecklist.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Company.Query().QueryChecklists().Where(companychecklist.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.CompanyChecklist.UpdateOneID(id).SetTitle("乗っ取り").Exec(ctx)
		},
	}
	probes["audit_sites"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.AuditSite.Query().Where(auditsite.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Audit.Query().QueryScopeSites().Where(auditsite.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.AuditSite.DeleteOneID(id).Exec(ctx)
		},
	}
	probes["finding_sites"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.FindingSite.Query().Where(findingsite.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Finding.Query().QuerySites().Where(findingsite.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.FindingSite.DeleteOneID(id).Exec(ctx)
		},
	}
	probes["audit_evidences"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.AuditEvidence.Query().Where(auditevidence.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			n, err := c.ChecklistItem.Query().QueryEvidenceItems().Where(auditevidence.ID(id)).Count(ctx)
			if err != nil {
				return 0, err
			}
			m, err := c.AuditorRequest.Query().QueryAnswerFiles().Where(auditevidence.ID(id)).Count(ctx)
			return n + m, err
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.AuditEvidence.DeleteOneID(id).Exec(ctx)
		},
	}
	probes["auditor_request_comments"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.AuditorRequestComment.Query().Where(auditorrequestcomment.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.AuditorRequest.Query().QueryComments().Where(auditorrequestcomment.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.AuditorRequestComment.DeleteOneID(id).Exec(ctx)
		},
	}
	probes["audit_team_members"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.AuditTeamMember.Query().Where(auditteammember.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Audit.Query().QueryTeam().Where(auditteammember.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.AuditTeamMember.DeleteOneID(id).Exec(ctx)
		},
	}
	probes["checklist_items"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.ChecklistItem.Query().Where(checklistitem.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Audit.Query().QueryChecklist().Where(checklistitem.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.ChecklistItem.UpdateOneID(id).SetResult(checklistitem.ResultCONFORMING).ClearFindingID().
				SetEvidence("改ざん").Exec(ctx)
		},
	}
	probes["findings"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Finding.Query().Where(finding.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Audit.Query().QueryFindings().Where(finding.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.Finding.UpdateOneID(id).SetStatus(finding.StatusCLOSED).SetClosedAt(time.Now()).
				SetStatement("改ざん").Exec(ctx)
		},
		// A finding's department (or a corrective action) hangs on a finding: naming one's own
		// department for another tenant's finding.
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			return c.FindingDepartment.Create().SetCompanyID(own.companies[0].ID).SetFindingID(id).
				SetDepartmentID(own.byCompany[0][2]).Exec(ctx)
		},
	}
	probes["finding_departments"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.FindingDepartment.Query().Where(findingdepartment.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Finding.Query().QueryDepartments().Where(findingdepartment.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.FindingDepartment.DeleteOneID(id).Exec(ctx)
		},
	}
	probes["corrective_actions"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.CorrectiveAction.Query().Where(correctiveaction.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Finding.Query().QueryCorrectiveActions().Where(correctiveaction.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.CorrectiveAction.UpdateOneID(id).SetUpdatedAt(time.Now()).Exec(ctx)
		},
	}
}

// auditFixture is the audits fixture of one company.
type auditFixture struct{ programme, audit, scope, member, finding, item, concerned, task, action pulid.ID }

// fixtureAudit returns the audits fixture of company i.
func fixtureAudit(tn *tenant, i int) auditFixture {
	ids := tn.byCompany[i]
	for j, id := range ids {
		if id.Prefix() == "AP" {
			return auditFixture{id, ids[j+1], ids[j+2], ids[j+3], ids[j+4], ids[j+5], ids[j+6], ids[j+7], ids[j+8]}
		}
	}
	panic("no audit fixture")
}

func TestAudits_PartsOfAnAuditNeverCrossCompanies(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		a, b := newTenant(t, db.Client, "alpha"), newTenant(t, db.Client, "bravo")
		ctx := as(ownerOf(a))
		co0 := a.companies[0].ID
		a0, a1, b0 := fixtureAudit(a, 0), fixtureAudit(a, 1), fixtureAudit(b, 0)
		dept0, dept1 := a.byCompany[0][2], a.byCompany[1][2]
		linked := apperr.NotFound("linked record", "関連するレコード")

		err := db.Client.Audit.Create().SetCompanyID(co0).SetKind(audit.KindINTERNAL).SetTitle("越境").
			SetProgrammeID(a1.programme).Exec(ctx)
		assert.ErrorIs(t, err, linked, "an audit of one company in a programme of another")
		err = db.Client.Audit.Create().SetCompanyID(co0).SetKind(audit.KindINTERNAL).SetTitle("越境").
			SetLeadAuditorID(b.owner.ID).Exec(ctx)
		assert.ErrorIs(t, err, linked, "a lead auditor of another organization")
		err = db.Client.AuditDepartment.Create().SetCompanyID(co0).SetAuditID(a0.audit).SetDepartmentID(dept1).Exec(ctx)
		assert.ErrorIs(t, err, linked, "a department of another company in an audit's scope")
		err = db.Client.AuditDepartment.Create().SetCompanyID(co0).SetAuditID(a1.audit).SetDepartmentID(dept0).Exec(ctx)
		assert.ErrorIs(t, err, linked, "a scope department in company 0 of an audit of company 1")
		err = db.Client.AuditTeamMember.Create().SetCompanyID(co0).SetAuditID(a0.audit).SetUserID(b.owner.ID).Exec(ctx)
		assert.ErrorIs(t, err, linked, "an auditor of another organization")
		err = db.Client.ChecklistItem.Create().SetCompanyID(co0).SetAuditID(a1.audit).SetPosition(2).SetQuestion("越境").Exec(ctx)
		assert.ErrorIs(t, err, linked, "a checklist item of one company on an audit of another")
		err = db.Client.ChecklistItem.UpdateOneID(a0.item).SetFindingID(a1.finding).Exec(ctx)
		assert.ErrorIs(t, err, linked, "a checklist item raising a finding of another company")
		err = db.Client.Finding.Create().SetCompanyID(co0).SetAuditID(a1.audit).SetSource(finding.SourceINTERNAL_AUDIT).
			SetGrade(finding.GradeMAJOR).SetStatement("越境").Exec(ctx)
		assert.ErrorIs(t, err, linked, "a finding of one company raised by an audit of another")
		err = db.Client.Finding.UpdateOneID(a0.finding).SetEffectivenessReviewerID(b.owner.ID).Exec(ctx)
		assert.ErrorIs(t, err, linked, "an effectiveness reviewer of another organization")
		err = db.Client.FindingDepartment.Create().SetCompanyID(co0).SetFindingID(a0.finding).SetDepartmentID(dept1).Exec(ctx)
		assert.ErrorIs(t, err, linked, "a finding concerning a department of another company")
		err = db.Client.CorrectiveAction.Create().SetCompanyID(co0).SetFindingID(a0.finding).SetTaskID(a1.task).Exec(ctx)
		assert.ErrorIs(t, err, linked, "a corrective action tracked by a task of another company")
		err = db.Client.CorrectiveAction.Create().SetCompanyID(co0).SetFindingID(a1.finding).SetTaskID(a0.task).Exec(ctx)
		assert.ErrorIs(t, err, linked, "a corrective action in company 0 of a finding of company 1")
		err = db.Client.CorrectiveAction.Create().SetCompanyID(co0).SetFindingID(a0.finding).SetDepartmentID(dept1).
			SetTaskID(a0.task).Exec(ctx)
		assert.ErrorIs(t, err, linked, "a corrective action of a department of another company")
		err = db.Client.CorrectiveAction.Create().SetCompanyID(co0).SetFindingID(b0.finding).SetTaskID(a0.task).Exec(ctx)
		assert.ErrorIs(t, err, linked, "a corrective action of another organization's finding")

		// Within the company the same links are fine, and reads follow the edges.
		err = db.Client.AuditTeamMember.Create().SetCompanyID(co0).SetAuditID(a0.audit).
			SetUserID(linkOrganizations(t, db.Client, a, b).ID).Exec(ctx)
		assert.NoError(t, err, "a member of the organization on the team")
		loaded := db.Client.Audit.Query().Where(audit.ID(a0.audit)).WithFindings().WithChecklist().WithTeam().OnlyX(ctx)
		assert.Len(t, loaded.Edges.Findings, 1)
		assert.Len(t, loaded.Edges.Checklist, 1)
		assert.Len(t, loaded.Edges.Team, 2)

		// A consultant of company 0 reaches only company 0's audit records, in bulk as by ID.
		consultant := as(consultantOf(a))
		n, err := db.Client.Finding.Update().SetCorrection("一括").Save(consultant)
		require.NoError(t, err)
		assert.Equal(t, 2, n, "a bulk update reaches only the findings of the consultant's company (the audit's and the incident's)")
		n, err = db.Client.AuditTeamMember.Delete().Exec(consultant)
		require.NoError(t, err)
		assert.Equal(t, 2, n, "a bulk delete reaches only the team of the consultant's company")
		sys := viewer.System(context.Background(), quiet(), "test check")
		assert.Equal(t, 1, db.Client.AuditTeamMember.Query().Where(auditteammember.CompanyID(a.companies[1].ID)).CountX(sys),
			"the other company's team is untouched")
		assert.Equal(t, 2, db.Client.CorrectiveAction.Query().QueryTask().Where(task.SourceEQ(task.SourceFINDING)).CountX(ctx),
			"each company's corrective action is tracked by its task")
	})
}

func ptrTo[T any](v T) *T { return &v }
