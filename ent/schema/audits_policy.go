package schema

import (
	"context"
	"fmt"
	"slices"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	gen "secretariat/ent"
	"secretariat/ent/auditorrequest"
	"secretariat/ent/auditteammember"
	"secretariat/ent/documentversion"
	"secretariat/ent/privacy"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/viewer"
)

// The audits module's records. Editors write them; everyone of the company reads them, except a
// certification AUDITOR, who reads only the records of the audits it works on (whose team names
// it): the audit, its scope, team, checklist, timetable, requests and the findings it raised with
// their departments and corrective actions. Audit programmes and the records of other audits read
// to it as if they did not exist. Its one write is its own requests (AuditorRequest).

// auditsOf selects the audits whose team names the user.
func auditsOf(user pulid.ID) *sql.Selector {
	return sql.Select("audit_id").From(sql.Table("audit_team_members")).Where(sql.EQ("user_id", user))
}

// auditorReads lists each type an AUDITOR reads only in part, with the IDs of the rows it reads:
// the entity's own read rule (auditorRows) and the audit trail's (auditorsTrail) come from here.
var auditorReads = []struct {
	typ string
	ids func(user pulid.ID) *sql.Selector
}{
	{"AuditProgramme", func(pulid.ID) *sql.Selector {
		return sql.Select("id").From(sql.Table("audit_programmes")).Where(sql.False())
	}},
	{"ChecklistTemplate", func(pulid.ID) *sql.Selector {
		return sql.Select("id").From(sql.Table("checklist_templates")).Where(sql.False())
	}},
	{"CompanyChecklist", func(pulid.ID) *sql.Selector {
		return sql.Select("id").From(sql.Table("company_checklists")).Where(sql.False())
	}},
	{"Audit", auditsOf},
	{"AuditDepartment", rowsOfAudits("audit_departments")},
	{"AuditTeamMember", rowsOfAudits("audit_team_members")},
	{"ChecklistItem", rowsOfAudits("checklist_items")},
	{"Finding", rowsOfAudits("findings")},
	{"Interview", rowsOfAudits("interviews")},
	{"AuditorRequest", rowsOfAudits("auditor_requests")},
	{"FindingDepartment", rowsOfParents("finding_departments", "finding_id", "findings")},
	{"CorrectiveAction", rowsOfParents("corrective_actions", "finding_id", "findings")},
	{"InterviewParticipant", rowsOfParents("interview_participants", "interview_id", "interviews")},
	{"AuditorRequestDocument", rowsOfParents("auditor_request_documents", "request_id", "auditor_requests")},
	{"AuditorRequestComment", rowsOfParents("auditor_request_comments", "request_id", "auditor_requests")},
	{"AuditSite", rowsOfAudits("audit_sites")},
	{"FindingSite", rowsOfParents("finding_sites", "finding_id", "findings")},
	{"AuditEvidence", func(user pulid.ID) *sql.Selector {
		return sql.Select("id").From(sql.Table("audit_evidences")).Where(sql.Or(
			sql.In("checklist_item_id", rowsOfAudits("checklist_items")(user)),
			sql.In("finding_id", rowsOfAudits("findings")(user)),
			sql.In("request_id", rowsOfAudits("auditor_requests")(user)),
		))
	}},
	{"DocumentVersion", func(pulid.ID) *sql.Selector { return approvedVersionIDs() }},
	{"DocumentStep", func(pulid.ID) *sql.Selector {
		return sql.Select("id").From(sql.Table("document_steps")).Where(sql.In("version_id", approvedVersionIDs()))
	}},
}

// approvedVersionIDs selects the document versions an AUDITOR reads (approvedVersions).
func approvedVersionIDs() *sql.Selector {
	return sql.Select("id").From(sql.Table("document_versions")).
		Where(sql.In("status", documentversion.StatusAPPROVED.String(), documentversion.StatusSUPERSEDED.String()))
}

// rowsOfAudits selects the rows of table that belong to the user's audits.
func rowsOfAudits(table string) func(pulid.ID) *sql.Selector {
	return func(user pulid.ID) *sql.Selector {
		return sql.Select("id").From(sql.Table(table)).Where(sql.In("audit_id", auditsOf(user)))
	}
}

// rowsOfParents selects the rows of table whose column names a row of parent that belongs to the
// user's audits.
func rowsOfParents(table, column, parent string) func(pulid.ID) *sql.Selector {
	return func(user pulid.ID) *sql.Selector {
		return sql.Select("id").From(sql.Table(table)).Where(sql.In(column, rowsOfAudits(parent)(user)))
	}
}

// auditorRows limits an AUDITOR to the rows of typ it reads (auditorReads).
func auditorRows(typ string) privacy.QueryRule {
	for _, r := range auditorReads {
		if r.typ == typ {
			ids := r.ids
			return authz.ReadOnlyRoleRows(func(s *sql.Selector, user pulid.ID) {
				s.Where(sql.In(s.C("id"), ids(user)))
			})
		}
	}
	// A type missing from auditorReads fails closed: the AUDITOR reads none of it.
	return authz.ReadOnlyRoleRows(func(s *sql.Selector, _ pulid.ID) { s.Where(sql.False()) })
}

// auditorsTrail limits an AUDITOR to the audit trail of what it reads: an entry of a record whose
// type it reads only in part shows when the record is one it reads, so that the trail does not
// tell what a draft said or what an audit it is not given found.
func auditorsTrail() privacy.QueryRule {
	return authz.ReadOnlyRoleRows(func(s *sql.Selector, user pulid.ID) {
		types := make([]any, len(auditorReads))
		visible := []*sql.Predicate{nil}
		for i, r := range auditorReads {
			types[i] = r.typ
			visible = append(visible, sql.And(sql.EQ(s.C("entity_type"), r.typ), sql.In(s.C("entity_id"), r.ids(user))))
		}
		visible[0] = sql.NotIn(s.C("entity_type"), types...)
		s.Where(sql.Or(visible...))
	})
}

// auditRecord is the policy of an audits record that editors write with ops.
func auditRecord(what string, ops ent.Op, read privacy.QueryRule) ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(read),
		Mutation: authz.Writes(what, authz.AllowRoles(ops, ismsEditors...)),
	}
}

// Policy of the AuditProgramme: editors plan the audit programme; an AUDITOR does not read it.
func (AuditProgramme) Policy() ent.Policy {
	return auditRecord("audit programmes", authz.Create|authz.Update, auditorRows("AuditProgramme"))
}

// Policy of the Audit: editors plan and run audits; the audits service keeps the rules of
// independence and of the workflow.
func (Audit) Policy() ent.Policy {
	return auditRecord("audits", authz.Create|authz.Update, auditorRows("Audit"))
}

// Policy of the AuditDepartment: set with the audit's scope.
func (AuditDepartment) Policy() ent.Policy {
	return auditRecord("audit scopes", authz.AnyWrite, auditorRows("AuditDepartment"))
}

// Policy of the AuditTeamMember: set with the audit's team.
func (AuditTeamMember) Policy() ent.Policy {
	return auditRecord("audit teams", authz.AnyWrite, auditorRows("AuditTeamMember"))
}

// Policy of the ChecklistItem: editors build the checklist and record its results.
func (ChecklistItem) Policy() ent.Policy {
	return auditRecord("checklist items", authz.Create|authz.Update, auditorRows("ChecklistItem"))
}

// Policy of the Finding: editors record findings and follow them to closure.
func (Finding) Policy() ent.Policy {
	return auditRecord("findings", authz.Create|authz.Update, auditorRows("Finding"))
}

// Policy of the FindingDepartment: set with the finding's departments.
func (FindingDepartment) Policy() ent.Policy {
	return auditRecord("finding departments", authz.AnyWrite, auditorRows("FindingDepartment"))
}

// Policy of the CorrectiveAction: editors plan corrective actions; the task they create follows
// the tasks' own policy.
func (CorrectiveAction) Policy() ent.Policy {
	return auditRecord("corrective actions", authz.Create, auditorRows("CorrectiveAction"))
}

// Policy of the Interview: editors keep the audit's timetable; a slot is removed when it is
// called off.
func (Interview) Policy() ent.Policy {
	return auditRecord("interviews", authz.AnyWrite, auditorRows("Interview"))
}

// Policy of the InterviewParticipant: set and removed with the slot.
func (InterviewParticipant) Policy() ent.Policy {
	return auditRecord("interviewees", authz.AnyWrite, auditorRows("InterviewParticipant"))
}

// Policy of the AuditorRequestDocument: editors hand documents over with an answer.
func (AuditorRequestDocument) Policy() ent.Policy {
	return auditRecord("answer documents", authz.AnyWrite, auditorRows("AuditorRequestDocument"))
}

// Policy of the AuditSite: set with the audit's scope.
func (AuditSite) Policy() ent.Policy {
	return auditRecord("audit scopes", authz.AnyWrite, auditorRows("AuditSite"))
}

// Policy of the FindingSite: set with the finding's sites.
func (FindingSite) Policy() ent.Policy {
	return auditRecord("finding sites", authz.AnyWrite, auditorRows("FindingSite"))
}

// Policy of the AuditEvidence: editors keep evidence with checklist items, findings and answers;
// it is added and removed, never changed.
func (AuditEvidence) Policy() ent.Policy {
	return auditRecord("audit evidence", authz.Create|authz.Delete, auditorRows("AuditEvidence"))
}

// Policy of the AuditorRequestComment: editors and the AUDITOR of the request's audit write
// comments in their own name; nobody changes or removes one.
func (AuditorRequestComment) Policy() ent.Policy {
	return privacy.Policy{
		Query: authz.Reads(auditorRows("AuditorRequestComment")),
		Mutation: authz.WritesWithReadOnlyRole("auditor request comments",
			[]privacy.MutationRule{auditorsOwnComment()},
			authz.AllowRoles(authz.Create, ismsEditors...)),
	}
}

// auditorsOwnComment allows an AUDITOR to comment, in its own name, on a request it reads (one
// of the audits it works on: the request's read rule decides).
func auditorsOwnComment() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := tenancy.Who(ctx).Viewer
		if v == nil || v.Role != viewer.RoleAuditor || !m.Op().Is(ent.OpCreate) {
			return privacy.Skip
		}
		author, _ := m.Field("author_id")
		if id, ok := author.(pulid.ID); !ok || id != v.UserID {
			return privacy.Skip
		}
		value, _ := m.Field("request_id")
		request, _ := value.(pulid.ID)
		cm, ok := m.(interface{ Client() *gen.Client })
		if !ok || request == "" {
			return privacy.Skip
		}
		reads, err := cm.Client().AuditorRequest.Query().Where(auditorrequest.ID(request)).Exist(ctx)
		if err != nil {
			return fmt.Errorf("auditor request comment: %w", err)
		}
		if reads {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// auditorRequestDecisions are the fields an AUDITOR changes on a request: accepting or reopening
// the answer.
var auditorRequestDecisions = []string{"status", "accepted_at", "reopen_reason", "updated_at"}

// Policy of the AuditorRequest: editors file, route and answer requests; an AUDITOR files its own
// and accepts or reopens the answers, on the audits it works on, and changes nothing else.
func (AuditorRequest) Policy() ent.Policy {
	return privacy.Policy{
		Query: authz.Reads(auditorRows("AuditorRequest")),
		Mutation: authz.WritesWithReadOnlyRole("auditor requests",
			[]privacy.MutationRule{auditorsOwnRequest()},
			authz.AllowRoles(authz.Create|authz.Update, ismsEditors...)),
	}
}

// auditorsOwnRequest allows an AUDITOR to file a request in its own name on an audit it works on,
// and to decide on the answer of a request of such an audit.
func auditorsOwnRequest() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := tenancy.Who(ctx).Viewer
		if v == nil || v.Role != viewer.RoleAuditor {
			return privacy.Skip
		}
		var audit pulid.ID
		switch {
		case m.Op().Is(ent.OpCreate):
			filer, _ := m.Field("filed_by_id")
			if id, ok := filer.(pulid.ID); !ok || id != v.UserID {
				return privacy.Skip
			}
			value, _ := m.Field("audit_id")
			audit, _ = value.(pulid.ID)
		case m.Op().Is(ent.OpUpdateOne):
			for _, f := range append(m.Fields(), m.ClearedFields()...) {
				if !slices.Contains(auditorRequestDecisions, f) {
					return privacy.Skip
				}
			}
			value, err := m.OldField(ctx, "audit_id")
			if err != nil {
				return fmt.Errorf("auditor request: %w", err)
			}
			audit, _ = value.(pulid.ID)
		default:
			return privacy.Skip
		}
		cm, ok := m.(interface{ Client() *gen.Client })
		if !ok || audit == "" {
			return privacy.Skip
		}
		onTeam, err := cm.Client().AuditTeamMember.Query().
			Where(auditteammember.AuditID(audit), auditteammember.UserID(v.UserID)).
			Exist(ctx)
		if err != nil {
			return fmt.Errorf("auditor request: %w", err)
		}
		if onTeam {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// Policy of the ChecklistTemplate: the organization's standard checklists are kept by its
// administrators and consultants and read by its members; an AUDITOR does not read them.
func (ChecklistTemplate) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(auditorRows("ChecklistTemplate")),
		Mutation: authz.Writes("checklist templates", authz.AllowRoles(authz.Create|authz.Update, viewer.RoleOwner, viewer.RoleAdmin, viewer.RoleConsultant)),
	}
}

// Policy of the CompanyChecklist: the company's editors copy and keep its checklists; an AUDITOR
// does not read them.
func (CompanyChecklist) Policy() ent.Policy {
	return auditRecord("company checklists", authz.Create|authz.Update, auditorRows("CompanyChecklist"))
}
