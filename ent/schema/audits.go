package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"secretariat/internal/checklist"
	"secretariat/internal/pulid"
)

// AuditProgramme is a company's audit programme for a period (ISO/IEC 27001 9.2.2): the audits
// planned in it, internal and certification.
type AuditProgramme struct{ ent.Schema }

// Mixin of the AuditProgramme.
func (AuditProgramme) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "AP"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "audit_programmes"}, ArchiveMixin{}}
}

// Fields of the AuditProgramme.
func (AuditProgramme) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").Comment("The programme's title, e.g. 2027年度 内部監査プログラム.").
			NotEmpty().
			MaxLen(300).
			Annotations(entgql.OrderField("TITLE")),
		withComment(dateField("period_start", "PERIOD_START"), "The first day of the period the programme covers."),
		withComment(dateField("period_end", "PERIOD_END"), "The last day of the period the programme covers."),
		field.Text("objectives").Comment("What the programme sets out to check this period (frequency, methods, focus); null when not written.").
			Optional().
			Nillable(),
		field.String("document_version_id").Comment("The latest AUDIT_PROGRAMME document version the programme was published as; null before.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
	}
}

// Edges of the AuditProgramme.
func (AuditProgramme) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("audits", Audit.Type).Comment("The audits planned in the programme.").
			Annotations(entgql.RelayConnection()),
		edge.To("document_version", DocumentVersion.Type).Comment("The latest AUDIT_PROGRAMME document version the programme was published as; null before.").Field("document_version_id").Unique(),
	}
}

// Annotations of the AuditProgramme.
func (AuditProgramme) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A company's audit programme for a period (ISO/IEC 27001 clause 9.2.2): the internal and certification audits planned in it."), entgql.RelayConnection()}
}

// Audit is one audit of a company: an internal audit (clause 9.2) or a certification body's
// audit, with its scope, auditors, dates, checklist and findings.
type Audit struct{ ent.Schema }

// Mixin of the Audit.
func (Audit) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "AU"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "audits"}, ArchiveMixin{}}
}

// Fields of the Audit.
func (Audit) Fields() []ent.Field {
	return []ent.Field{
		field.String("programme_id").Comment("The audit programme the audit is planned in; null when outside any programme.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
		field.Enum("kind").Comment("Whether the audit is internal or which certification audit it is.").Annotations(describeEnum("What sort of audit an audit is.", "INTERNAL", "An internal audit (内部監査, clause 9.2).", "STAGE1", "The first stage of an initial certification audit (第一段階審査): documents and readiness.", "STAGE2", "The second stage of an initial certification audit (第二段階審査): the ISMS in operation.", "SURVEILLANCE", "A yearly surveillance audit (維持審査).", "RECERTIFICATION", "The audit that renews the certificate (更新審査).", "SPECIAL", "A special or short-notice audit (臨時審査).")).
			Values("INTERNAL", "STAGE1", "STAGE2", "SURVEILLANCE", "RECERTIFICATION", "SPECIAL").
			Immutable().
			Annotations(entgql.OrderField("KIND")),
		field.String("title").Comment("The audit's title.").
			NotEmpty().
			MaxLen(300).
			Annotations(entgql.OrderField("TITLE")),
		field.Strings("clauses").Comment("The management-system clauses (4 to 10) in the audit's scope, by reference (9.2, 10.2 …), in the order of the standard.").
			Optional(),
		field.Strings("controls").Comment("The Annex A controls in the audit's scope, by reference (5.1, 8.24 …), in the order of Annex A.").
			Optional(),
		withComment(dateField("planned_start", "PLANNED_START"), "The first day the audit is planned for."),
		withComment(dateField("planned_end", "PLANNED_END"), "The last day the audit is planned for."),
		field.Enum("status").Comment("Where the audit is.").Annotations(describeEnum("Where an audit is: PLANNED → IN_PROGRESS → COMPLETED; a planned or running audit can be CANCELED.", "PLANNED", "Planned, not started (the default).", "IN_PROGRESS", "Under way: checklist results and findings are recorded.", "COMPLETED", "Done; its checklist no longer changes.", "CANCELED", "Will not take place.")).
			Values("PLANNED", "IN_PROGRESS", "COMPLETED", "CANCELED").
			Default("PLANNED").
			Annotations(entgql.OrderField("STATUS")),
		field.String("lead_auditor_id").Comment("The lead auditor of an internal audit, a member of the organization; null for a certification audit or while not named.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
		field.String("certification_body").Comment("The certification body (認証機関) of a certification audit; null for an internal audit.").
			Optional().
			Nillable().
			MaxLen(300),
		field.String("external_lead_auditor").Comment("The name of the certification body's lead auditor; null for an internal audit or while not known.").
			Optional().
			Nillable().
			MaxLen(300),
		field.String("independence_override").Comment("Why an auditor audits a department it belongs to, recorded when the independence rule is overridden; null when no auditor audits its own department.").
			Optional().
			Nillable().
			MaxLen(2000),
		field.Int("major_response_days").Comment("Days a MAJOR finding of this audit has for its corrective action plan (the certification body's rule).").
			Default(90),
		field.Int("minor_response_days").Comment("Days a MINOR finding of this audit has for its corrective action plan.").
			Default(90),
		field.Time("completed_at").Comment("When the audit was completed; null unless COMPLETED.").
			Optional().
			Nillable(),
		field.String("report_version_id").Comment("The AUDIT_REPORT document version drafted when the internal audit was completed; null before.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
		field.String("improvement_report_version_id").Comment("The latest IMPROVEMENT_REPORT document version drafted on the certification audit's findings; null before.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
	}
}

// Edges of the Audit.
func (Audit) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("programme", AuditProgramme.Type).Comment("The audit programme the audit is planned in; null when outside any programme.").Ref("audits").Field("programme_id").Unique(),
		edge.To("lead_auditor", User.Type).Comment("The lead auditor of an internal audit; null for a certification audit.").Field("lead_auditor_id").Unique(),
		edge.To("scope_departments", AuditDepartment.Type).Comment("The departments in the audit's scope."),
		edge.To("scope_sites", AuditSite.Type).Comment("The sites in the audit's scope; none when the audit covers the whole company."),
		edge.To("team", AuditTeamMember.Type).Comment("The auditors of an internal audit besides its lead."),
		edge.To("checklist", ChecklistItem.Type).Comment("The audit's checklist, in order.").
			Annotations(entgql.RelayConnection()),
		edge.To("findings", Finding.Type).Comment("The findings the audit raised.").
			Annotations(entgql.RelayConnection()),
		edge.To("interviews", Interview.Type).Comment("The audit's timetable: its interview slots.").
			Annotations(entgql.RelayConnection()),
		edge.To("requests", AuditorRequest.Type).Comment("The certification auditors' requests during the audit.").
			Annotations(entgql.RelayConnection()),
		edge.To("report_version", DocumentVersion.Type).Comment("The AUDIT_REPORT document version drafted when the internal audit was completed; null before.").Field("report_version_id").Unique(),
		edge.To("improvement_report_version", DocumentVersion.Type).Comment("The latest IMPROVEMENT_REPORT document version on the certification audit's findings; null before.").Field("improvement_report_version_id").Unique(),
	}
}

// Indexes of the Audit.
func (Audit) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id", "planned_start")}
}

// Annotations of the Audit.
func (Audit) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("An audit of a company's ISMS: an internal audit (ISO/IEC 27001 clause 9.2) or a certification body's audit (stage 1, stage 2, surveillance, recertification, special), with its scope, auditors, dates, checklist and findings."), entgql.RelayConnection()}
}

// AuditDepartment puts a department in an audit's scope.
type AuditDepartment struct{ ent.Schema }

// Mixin of the AuditDepartment.
func (AuditDepartment) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "AD"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "audit_departments", Unlisted: true}}
}

// Fields of the AuditDepartment.
func (AuditDepartment) Fields() []ent.Field {
	return []ent.Field{
		field.String("audit_id").Comment("The audit.").GoType(pulid.ID("")).Immutable(),
		field.String("department_id").Comment("The department in the audit's scope.").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the AuditDepartment.
func (AuditDepartment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("audit", Audit.Type).Comment("The audit.").Ref("scope_departments").Field("audit_id").Unique().Required().Immutable(),
		edge.To("department", Department.Type).Comment("The department in the audit's scope.").Field("department_id").Unique().Required().Immutable(),
	}
}

// Indexes of the AuditDepartment.
func (AuditDepartment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("audit_id", "department_id").Unique()}
}

// Annotations of the AuditDepartment.
func (AuditDepartment) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A department in an audit's scope.")}
}

// AuditTeamMember is an auditor of an internal audit besides its lead.
type AuditTeamMember struct{ ent.Schema }

// Mixin of the AuditTeamMember.
func (AuditTeamMember) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "AT"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "audit_team_members", Unlisted: true}}
}

// Fields of the AuditTeamMember.
func (AuditTeamMember) Fields() []ent.Field {
	return []ent.Field{
		field.String("audit_id").Comment("The audit.").GoType(pulid.ID("")).Immutable(),
		field.String("user_id").Comment("The auditor.").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the AuditTeamMember.
func (AuditTeamMember) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("audit", Audit.Type).Comment("The audit.").Ref("team").Field("audit_id").Unique().Required().Immutable(),
		edge.To("user", User.Type).Comment("The auditor.").Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the AuditTeamMember.
func (AuditTeamMember) Indexes() []ent.Index {
	return []ent.Index{index.Fields("audit_id", "user_id").Unique()}
}

// Annotations of the AuditTeamMember.
func (AuditTeamMember) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("An auditor of an internal audit besides its lead.")}
}

// ChecklistItem is one question of an audit's checklist, with the evidence examined and the
// result.
type ChecklistItem struct{ ent.Schema }

// Mixin of the ChecklistItem.
func (ChecklistItem) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "CK"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "checklist_items", Unlisted: true}}
}

// Fields of the ChecklistItem.
func (ChecklistItem) Fields() []ent.Field {
	return []ent.Field{
		field.String("audit_id").Comment("The audit.").GoType(pulid.ID("")).Immutable(),
		field.Int("position").Comment("The item's place in the checklist, from 1.").
			Annotations(entgql.OrderField("POSITION")),
		field.String("clause").Comment("The management-system clause the item checks; null when it checks a control or neither.").
			Optional().
			Nillable().
			MaxLen(20),
		field.String("control").Comment("The Annex A control the item checks; null when it checks a clause or neither.").
			Optional().
			Nillable().
			MaxLen(20),
		field.String("question").Comment("What the auditor asks or looks for.").
			NotEmpty().
			MaxLen(2000),
		field.Text("evidence").Comment("The evidence examined (records, interviews, documents); null until recorded.").
			Optional().
			Nillable(),
		field.Enum("result").Comment("What the auditor concluded.").Annotations(describeEnum("What an auditor concluded on a checklist item.", "NOT_AUDITED", "Not audited yet (the default).", "CONFORMING", "The requirement is met (適合).", "NONCONFORMITY", "The requirement is not met (不適合); recording it raises a finding.", "OBSERVATION", "Met, with a concern to watch (観察事項).", "OPPORTUNITY", "Met, with an opportunity for improvement (改善の機会).")).
			Values("NOT_AUDITED", "CONFORMING", "NONCONFORMITY", "OBSERVATION", "OPPORTUNITY").
			Default("NOT_AUDITED").
			Annotations(entgql.OrderField("RESULT")),
		field.Text("notes").Comment("The auditor's notes; null when none.").
			Optional().
			Nillable(),
		field.String("finding_id").Comment("The finding the item's nonconformity raised; null otherwise.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
	}
}

// Edges of the ChecklistItem.
func (ChecklistItem) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("audit", Audit.Type).Comment("The audit.").Ref("checklist").Field("audit_id").Unique().Required().Immutable(),
		edge.To("finding", Finding.Type).Comment("The finding the item's nonconformity raised; null otherwise.").Field("finding_id").Unique(),
		edge.To("evidence_items", AuditEvidence.Type).Comment("The document versions and files examined for the item."),
	}
}

// Indexes of the ChecklistItem.
func (ChecklistItem) Indexes() []ent.Index {
	return []ent.Index{index.Fields("audit_id", "position")}
}

// Annotations of the ChecklistItem.
func (ChecklistItem) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("One question of an audit's checklist: the clause or control it checks, the evidence examined, the result and the auditor's notes."), entgql.RelayConnection()}
}

// Finding is an audit finding or another nonconformity to correct (clause 10.2), with its
// correction, cause, corrective actions and the review of their effectiveness.
type Finding struct{ ent.Schema }

// Mixin of the Finding.
func (Finding) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "FI"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "findings"}, ArchiveMixin{}}
}

// Fields of the Finding.
func (Finding) Fields() []ent.Field {
	return []ent.Field{
		field.String("audit_id").Comment("The audit that raised the finding; null for one raised directly or from an incident.").
			GoType(pulid.ID("")).
			Optional().
			Nillable().
			Immutable(),
		field.String("incident_id").Comment("The incident the finding was raised from; null for one raised otherwise.").
			GoType(pulid.ID("")).
			Optional().
			Nillable().
			Immutable(),
		field.Enum("source").Comment("Where the finding comes from.").Annotations(describeEnum("Where a finding comes from.", "INTERNAL_AUDIT", "An internal audit.", "CERTIFICATION_AUDIT", "A certification body's audit.", "INCIDENT", "An information security incident.", "DIRECT", "Raised directly (a complaint, a self-check, management).")).
			Values("INTERNAL_AUDIT", "CERTIFICATION_AUDIT", "INCIDENT", "DIRECT").
			Immutable(),
		field.Enum("grade").Comment("How serious the finding is.").Annotations(describeEnum("How serious a finding is.", "MAJOR", "A major nonconformity (重大な不適合).", "MINOR", "A minor nonconformity (軽微な不適合).", "OBSERVATION", "An observation (観察事項).", "OPPORTUNITY", "An opportunity for improvement (改善の機会).")).
			Values("MAJOR", "MINOR", "OBSERVATION", "OPPORTUNITY").
			Annotations(entgql.OrderField("GRADE")),
		field.String("clause").Comment("The management-system clause concerned; null when none.").
			Optional().
			Nillable().
			MaxLen(20),
		field.String("control").Comment("The Annex A control concerned; null when none.").
			Optional().
			Nillable().
			MaxLen(20),
		field.Text("statement").Comment("What was found (the nonconformity statement).").
			NotEmpty(),
		field.Text("evidence").Comment("The objective evidence behind the finding; null when not recorded.").
			Optional().
			Nillable(),
		withComment(dateField("response_due", "RESPONSE_DUE"), "The day the corrective action plan is due; null when no deadline applies."),
		field.Text("correction").Comment("The correction: what was done at once to fix the nonconformity itself (修正); null until recorded.").
			Optional().
			Nillable(),
		field.Text("root_cause").Comment("The analysis of why the nonconformity happened (原因分析); null until recorded.").
			Optional().
			Nillable(),
		field.Enum("status").Comment("Where the finding is.").Annotations(describeEnum("Where a finding is: OPEN while it is worked on, CLOSED once its corrective actions are done and found effective.", "OPEN", "Being worked on (the default).", "CLOSED", "Closed: corrective actions done and effective.")).
			Values("OPEN", "CLOSED").
			Default("OPEN").
			Annotations(entgql.OrderField("STATUS")),
		field.Enum("effectiveness").Comment("The result of the review of the corrective actions' effectiveness; null until reviewed.").Annotations(describeEnum("The result of an effectiveness review (有効性の確認).", "EFFECTIVE", "The corrective actions removed the cause.", "NOT_EFFECTIVE", "The nonconformity can recur: more action is needed.")).
			Values("EFFECTIVE", "NOT_EFFECTIVE").
			Optional().
			Nillable(),
		field.String("effectiveness_reviewer_id").Comment("Who reviewed the effectiveness; null until reviewed.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
		withComment(dateField("effectiveness_reviewed_on", "EFFECTIVENESS_REVIEWED_ON"), "The day the effectiveness was reviewed; null until reviewed."),
		field.Text("effectiveness_evidence").Comment("What the effectiveness review looked at; null until reviewed.").
			Optional().
			Nillable(),
		field.Time("closed_at").Comment("When the finding was closed; null while OPEN.").
			Optional().
			Nillable(),
	}
}

// Edges of the Finding.
func (Finding) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("audit", Audit.Type).Comment("The audit that raised the finding; null for one raised otherwise.").Ref("findings").Field("audit_id").Unique().Immutable(),
		edge.From("incident", Incident.Type).Comment("The incident the finding was raised from; null for one raised otherwise.").Ref("findings").Field("incident_id").Unique().Immutable(),
		edge.To("departments", FindingDepartment.Type).Comment("The departments the finding concerns."),
		edge.To("sites", FindingSite.Type).Comment("The sites the finding concerns."),
		edge.To("evidence_items", AuditEvidence.Type).Comment("The document versions and files behind the finding."),
		edge.To("corrective_actions", CorrectiveAction.Type).Comment("The corrective actions, each a task of a department."),
		edge.To("effectiveness_reviewer", User.Type).Comment("Who reviewed the effectiveness; null until reviewed.").Field("effectiveness_reviewer_id").Unique(),
	}
}

// Indexes of the Finding.
func (Finding) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id", "status")}
}

// Annotations of the Finding.
func (Finding) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A finding to correct (ISO/IEC 27001 clause 10.2): from an internal or certification audit, an incident or raised directly, with its grade, the clause or control concerned, the correction, the root cause, the corrective actions (tasks) and the review of their effectiveness."), entgql.RelayConnection()}
}

// FindingDepartment names a department a finding concerns.
type FindingDepartment struct{ ent.Schema }

// Mixin of the FindingDepartment.
func (FindingDepartment) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "FD"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "finding_departments", Unlisted: true}}
}

// Fields of the FindingDepartment.
func (FindingDepartment) Fields() []ent.Field {
	return []ent.Field{
		field.String("finding_id").Comment("The finding.").GoType(pulid.ID("")).Immutable(),
		field.String("department_id").Comment("The department the finding concerns.").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the FindingDepartment.
func (FindingDepartment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("finding", Finding.Type).Comment("The finding.").Ref("departments").Field("finding_id").Unique().Required().Immutable(),
		edge.To("department", Department.Type).Comment("The department the finding concerns.").Field("department_id").Unique().Required().Immutable(),
	}
}

// Indexes of the FindingDepartment.
func (FindingDepartment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("finding_id", "department_id").Unique()}
}

// Annotations of the FindingDepartment.
func (FindingDepartment) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A department a finding concerns.")}
}

// CorrectiveAction is one action that removes a finding's cause: a task (source FINDING) of a
// department, with an owner and a due date.
type CorrectiveAction struct{ ent.Schema }

// Mixin of the CorrectiveAction.
func (CorrectiveAction) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "CR"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "corrective_actions", Unlisted: true}}
}

// Fields of the CorrectiveAction.
func (CorrectiveAction) Fields() []ent.Field {
	return []ent.Field{
		field.String("finding_id").Comment("The finding.").GoType(pulid.ID("")).Immutable(),
		field.String("department_id").Comment("The department that carries the action out; null when none is named.").
			GoType(pulid.ID("")).
			Optional().
			Nillable().
			Immutable(),
		field.String("task_id").Comment("The task that tracks the action (source FINDING).").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the CorrectiveAction.
func (CorrectiveAction) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("finding", Finding.Type).Comment("The finding.").Ref("corrective_actions").Field("finding_id").Unique().Required().Immutable(),
		edge.To("department", Department.Type).Comment("The department that carries the action out; null when none is named.").Field("department_id").Unique().Immutable(),
		edge.To("task", Task.Type).Comment("The task that tracks the action: its owner, due date and status.").Field("task_id").Unique().Required().Immutable(),
	}
}

// Indexes of the CorrectiveAction.
func (CorrectiveAction) Indexes() []ent.Index {
	return []ent.Index{index.Fields("finding_id"), index.Fields("task_id").Unique()}
}

// Annotations of the CorrectiveAction.
func (CorrectiveAction) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A corrective action of a finding: a task (source FINDING) of a department, with an owner, a due date and a status.")}
}

// Interview is a slot of an audit's timetable on the day: when, where, who is interviewed, on
// what, by whom.
type Interview struct{ ent.Schema }

// Mixin of the Interview.
func (Interview) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "IN"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "interviews", Unlisted: true}}
}

// Fields of the Interview.
func (Interview) Fields() []ent.Field {
	return []ent.Field{
		field.String("audit_id").Comment("The audit.").GoType(pulid.ID("")).Immutable(),
		field.Time("starts_at").Comment("When the slot starts.").
			Annotations(entgql.OrderField("STARTS_AT")),
		field.Time("ends_at").Comment("When the slot ends."),
		field.String("room").Comment("The room (会議室); null for an online slot.").
			Optional().
			Nillable().
			MaxLen(300),
		field.String("online_url").Comment("The link of an online slot; null for one in a room only.").
			Optional().
			Nillable().
			MaxLen(2000),
		field.String("department_id").Comment("The department interviewed; null when the slot is not one department's.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
		field.String("topic").Comment("What the slot covers, in words; null when the clauses and controls say it.").
			Optional().
			Nillable().
			MaxLen(2000),
		field.Strings("clauses").Comment("The clauses the slot covers, in the order of the standard.").
			Optional(),
		field.Strings("controls").Comment("The Annex A controls the slot covers, in the order of Annex A.").
			Optional(),
		field.String("auditor_name").Comment("The auditor who holds the interview; null when not known.").
			Optional().
			Nillable().
			MaxLen(300),
	}
}

// Edges of the Interview.
func (Interview) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("audit", Audit.Type).Comment("The audit.").Ref("interviews").Field("audit_id").Unique().Required().Immutable(),
		edge.To("department", Department.Type).Comment("The department interviewed; null when none.").Field("department_id").Unique(),
		edge.To("interviewees", InterviewParticipant.Type).Comment("The people interviewed."),
	}
}

// Indexes of the Interview: the day's timetable is read by audit and time, clashes by company and
// time.
func (Interview) Indexes() []ent.Index {
	return []ent.Index{index.Fields("audit_id", "starts_at"), index.Fields("company_id", "starts_at")}
}

// Annotations of the Interview.
func (Interview) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A slot of an audit's timetable: when, in which room or online, which department and people are interviewed, on which clauses and controls, and by which auditor."), entgql.RelayConnection()}
}

// InterviewParticipant is a person interviewed in a slot.
type InterviewParticipant struct{ ent.Schema }

// Mixin of the InterviewParticipant.
func (InterviewParticipant) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "IP"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "interview_participants", Unlisted: true}}
}

// Fields of the InterviewParticipant.
func (InterviewParticipant) Fields() []ent.Field {
	return []ent.Field{
		field.String("interview_id").Comment("The slot.").GoType(pulid.ID("")).Immutable(),
		field.String("user_id").Comment("The person interviewed.").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the InterviewParticipant.
func (InterviewParticipant) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("interview", Interview.Type).Comment("The slot.").Ref("interviewees").Field("interview_id").Unique().Required().Immutable(),
		edge.To("user", User.Type).Comment("The person interviewed.").Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the InterviewParticipant.
func (InterviewParticipant) Indexes() []ent.Index {
	return []ent.Index{index.Fields("interview_id", "user_id").Unique(), index.Fields("user_id")}
}

// Annotations of the InterviewParticipant.
func (InterviewParticipant) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A person interviewed in a slot of an audit's timetable.")}
}

// AuditorRequest is a certification auditor's request during an audit: a question or material
// wanted, routed by the secretariat to a department or person, answered and accepted.
type AuditorRequest struct{ ent.Schema }

// Mixin of the AuditorRequest.
func (AuditorRequest) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "AR"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "auditor_requests", Unlisted: true}}
}

// Fields of the AuditorRequest.
func (AuditorRequest) Fields() []ent.Field {
	return []ent.Field{
		field.String("audit_id").Comment("The audit.").GoType(pulid.ID("")).Immutable(),
		field.Int("number").Comment("The request's number in its audit, from 1, in the order filed.").
			Immutable().
			Annotations(entgql.OrderField("NUMBER")),
		field.Text("question").Comment("The question asked or the material wanted.").
			NotEmpty(),
		field.String("clause").Comment("The clause the request concerns; null when none.").
			Optional().
			Nillable().
			MaxLen(20),
		field.String("control").Comment("The Annex A control the request concerns; null when none.").
			Optional().
			Nillable().
			MaxLen(20),
		field.Time("wanted_by").Comment("When the auditor wants the answer; null when not said.").
			Optional().
			Nillable().
			Annotations(entgql.OrderField("WANTED_BY")),
		field.Enum("status").Comment("Where the request is.").Annotations(describeEnum("Where an auditor's request is: OPEN → ROUTED → ANSWERED → ACCEPTED, or REOPENED by the auditor and routed or answered again.", "OPEN", "Filed, not yet routed (the default).", "ROUTED", "Routed to a department or person as a task.", "ANSWERED", "Answered: text, approved document versions or both.", "ACCEPTED", "The auditor accepted the answer.", "REOPENED", "The auditor found the answer short; reopenReason says why.")).
			Values("OPEN", "ROUTED", "ANSWERED", "ACCEPTED", "REOPENED").
			Default("OPEN").
			Annotations(entgql.OrderField("STATUS")),
		field.String("filed_by_id").Comment("Who filed the request: the auditor, or the secretariat for them.").
			GoType(pulid.ID("")).
			Immutable(),
		field.String("department_id").Comment("The department the request is routed to; null until routed or when routed to a person alone.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
		field.String("task_id").Comment("The task (source AUDITOR_REQUEST) of the latest routing; null until routed.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
		field.Text("answer").Comment("The answer in words; null until answered or when the documents say it all.").
			Optional().
			Nillable(),
		field.Time("answered_at").Comment("When the request was last answered; null until answered.").
			Optional().
			Nillable(),
		field.Time("accepted_at").Comment("When the auditor accepted the answer; null unless ACCEPTED.").
			Optional().
			Nillable(),
		field.String("reopen_reason").Comment("Why the auditor reopened the request, the last time; null when never reopened.").
			Optional().
			Nillable().
			MaxLen(2000),
	}
}

// Edges of the AuditorRequest.
func (AuditorRequest) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("audit", Audit.Type).Comment("The audit.").Ref("requests").Field("audit_id").Unique().Required().Immutable(),
		edge.To("filed_by", User.Type).Comment("Who filed the request.").Field("filed_by_id").Unique().Required().Immutable(),
		edge.To("department", Department.Type).Comment("The department the request is routed to; null when none.").Field("department_id").Unique(),
		edge.To("task", Task.Type).Comment("The task of the latest routing; null until routed.").Field("task_id").Unique(),
		edge.To("answer_documents", AuditorRequestDocument.Type).Comment("The approved document versions the answer hands over."),
		edge.To("answer_files", AuditEvidence.Type).Comment("The files the answer hands over."),
		edge.To("comments", AuditorRequestComment.Type).Comment("The discussion of the request between the auditor and the secretariat, oldest first."),
	}
}

// Indexes of the AuditorRequest.
func (AuditorRequest) Indexes() []ent.Index {
	return []ent.Index{index.Fields("audit_id", "number").Unique(), index.Fields("company_id", "status")}
}

// Annotations of the AuditorRequest.
func (AuditorRequest) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A certification auditor's request during an audit (a question or material wanted), routed by the secretariat to a department or person as a task, answered with text or approved document versions, and accepted or reopened by the auditor."), entgql.RelayConnection()}
}

// AuditorRequestDocument is an approved document version an answer hands over.
type AuditorRequestDocument struct{ ent.Schema }

// Mixin of the AuditorRequestDocument.
func (AuditorRequestDocument) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "RD"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "auditor_request_documents", Unlisted: true}}
}

// Fields of the AuditorRequestDocument.
func (AuditorRequestDocument) Fields() []ent.Field {
	return []ent.Field{
		field.String("request_id").Comment("The request.").GoType(pulid.ID("")).Immutable(),
		field.String("document_version_id").Comment("The approved document version handed over.").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the AuditorRequestDocument.
func (AuditorRequestDocument) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("request", AuditorRequest.Type).Comment("The request.").Ref("answer_documents").Field("request_id").Unique().Required().Immutable(),
		edge.To("document_version", DocumentVersion.Type).Comment("The approved document version handed over.").Field("document_version_id").Unique().Required().Immutable(),
	}
}

// Indexes of the AuditorRequestDocument.
func (AuditorRequestDocument) Indexes() []ent.Index {
	return []ent.Index{index.Fields("request_id", "document_version_id").Unique()}
}

// Annotations of the AuditorRequestDocument.
func (AuditorRequestDocument) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("An approved document version an answer to an auditor's request hands over.")}
}

// ChecklistTemplate is an organization's standard audit checklist (a consultancy's, reused across
// its clients): questions by clause or control, versioned. Audits copy its questions; a later
// version never rewrites an audit's checklist.
type ChecklistTemplate struct{ ent.Schema }

// Mixin of the ChecklistTemplate.
func (ChecklistTemplate) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "CT"}, TimeMixin{}, TenantMixin{Ref: "checklist_templates"}, ArchiveMixin{}}
}

// Fields of the ChecklistTemplate.
func (ChecklistTemplate) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").Comment("The template's title, e.g. 標準内部監査チェックリスト.").
			NotEmpty().
			MaxLen(300).
			Annotations(entgql.OrderField("TITLE")),
		field.Text("description").Comment("What the template is for; null when not written.").
			Optional().
			Nillable(),
		field.Int("version").Comment("The template's version, from 1; each change of its questions adds one.").
			Default(1),
		field.JSON("questions", []checklist.Question{}).Comment("The template's questions, in order.").
			Annotations(entgql.Skip(entgql.SkipAll)), // served by graph/audits.graphqls
	}
}

// Annotations of the ChecklistTemplate.
func (ChecklistTemplate) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("An organization's standard audit checklist (a consultancy's, reused across its clients): questions by clause or control, versioned. An audit copies the questions of the version it is given; a later version never rewrites an audit's checklist."), entgql.RelayConnection()}
}

// AuditSite puts a site in an audit's scope.
type AuditSite struct{ ent.Schema }

// Mixin of the AuditSite.
func (AuditSite) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "AL"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "audit_sites", Unlisted: true}}
}

// Fields of the AuditSite.
func (AuditSite) Fields() []ent.Field {
	return []ent.Field{
		field.String("audit_id").Comment("The audit.").GoType(pulid.ID("")).Immutable(),
		field.String("site_id").Comment("The site in the audit's scope.").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the AuditSite.
func (AuditSite) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("audit", Audit.Type).Comment("The audit.").Ref("scope_sites").Field("audit_id").Unique().Required().Immutable(),
		edge.To("site", Site.Type).Comment("The site in the audit's scope.").Field("site_id").Unique().Required().Immutable(),
	}
}

// Indexes of the AuditSite.
func (AuditSite) Indexes() []ent.Index {
	return []ent.Index{index.Fields("audit_id", "site_id").Unique()}
}

// Annotations of the AuditSite.
func (AuditSite) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A site in an audit's scope.")}
}

// FindingSite names a site a finding concerns.
type FindingSite struct{ ent.Schema }

// Mixin of the FindingSite.
func (FindingSite) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "FS"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "finding_sites", Unlisted: true}}
}

// Fields of the FindingSite.
func (FindingSite) Fields() []ent.Field {
	return []ent.Field{
		field.String("finding_id").Comment("The finding.").GoType(pulid.ID("")).Immutable(),
		field.String("site_id").Comment("The site the finding concerns.").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the FindingSite.
func (FindingSite) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("finding", Finding.Type).Comment("The finding.").Ref("sites").Field("finding_id").Unique().Required().Immutable(),
		edge.To("site", Site.Type).Comment("The site the finding concerns.").Field("site_id").Unique().Required().Immutable(),
	}
}

// Indexes of the FindingSite.
func (FindingSite) Indexes() []ent.Index {
	return []ent.Index{index.Fields("finding_id", "site_id").Unique()}
}

// Annotations of the FindingSite.
func (FindingSite) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A site a finding concerns.")}
}

// AuditEvidence is a piece of evidence kept with a checklist item, a finding or an answer to an
// auditor's request: an approved document version, or a file (a photograph, a log extract, a
// screenshot) kept in the blob store.
type AuditEvidence struct{ ent.Schema }

// Mixin of the AuditEvidence.
func (AuditEvidence) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "EV"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "audit_evidences", Unlisted: true}}
}

// Fields of the AuditEvidence.
func (AuditEvidence) Fields() []ent.Field {
	return []ent.Field{
		field.String("checklist_item_id").Comment("The checklist item the evidence was examined for; null when it belongs to a finding or a request.").
			GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.String("finding_id").Comment("The finding the evidence is behind; null when it belongs to a checklist item or a request.").
			GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.String("request_id").Comment("The auditor's request whose answer hands the file over; null when it belongs to a checklist item or a finding.").
			GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.String("document_version_id").Comment("The approved document version examined; null for a file.").
			GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.String("description").Comment("What the evidence shows, up to 500 characters; null when not said.").
			Optional().Nillable().MaxLen(500),
		// The file, kept in the blob store under file_key.
		field.String("file_key").Optional().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("file_name").Comment("The file's name, up to 255 characters; null for a document version.").Optional().Nillable().Immutable().MaxLen(255),
		field.String("file_content_type").Comment("The file's media type (image/png); null for a document version.").Optional().Nillable().Immutable().MaxLen(200),
		field.Int64("file_size").Comment("The file's size in bytes; null for a document version.").Optional().Nillable().Immutable().NonNegative(),
		field.String("file_sha256").Comment("The hex SHA-256 of the file, to check a download; null for a document version.").Optional().Nillable().Immutable().MaxLen(64),
	}
}

// Edges of the AuditEvidence.
func (AuditEvidence) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("checklist_item", ChecklistItem.Type).Comment("The checklist item the evidence was examined for; null otherwise.").Ref("evidence_items").Field("checklist_item_id").Unique().Immutable(),
		edge.From("finding", Finding.Type).Comment("The finding the evidence is behind; null otherwise.").Ref("evidence_items").Field("finding_id").Unique().Immutable(),
		edge.From("request", AuditorRequest.Type).Comment("The auditor's request whose answer hands the file over; null otherwise.").Ref("answer_files").Field("request_id").Unique().Immutable(),
		edge.To("document_version", DocumentVersion.Type).Comment("The approved document version examined; null for a file.").Field("document_version_id").Unique().Immutable(),
	}
}

// Indexes of the AuditEvidence.
func (AuditEvidence) Indexes() []ent.Index {
	return []ent.Index{index.Fields("checklist_item_id"), index.Fields("finding_id"), index.Fields("request_id")}
}

// Annotations of the AuditEvidence.
func (AuditEvidence) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A piece of evidence kept with a checklist item, a finding or an answer to an auditor's request: an approved document version, or a file (downloaded from /files/audit-evidence/{id}).")}
}

// AuditorRequestComment is one message in the discussion of an auditor's request, by the auditor
// or the secretariat. Comments are never changed or removed.
type AuditorRequestComment struct{ ent.Schema }

// Mixin of the AuditorRequestComment.
func (AuditorRequestComment) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "QC"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "auditor_request_comments", Unlisted: true}}
}

// Fields of the AuditorRequestComment.
func (AuditorRequestComment) Fields() []ent.Field {
	return []ent.Field{
		field.String("request_id").Comment("The request.").GoType(pulid.ID("")).Immutable(),
		field.String("author_id").Comment("Who wrote the comment.").GoType(pulid.ID("")).Immutable(),
		field.String("text").Comment("The comment, up to 4,000 characters.").NotEmpty().MaxLen(4000).Immutable(),
	}
}

// Edges of the AuditorRequestComment.
func (AuditorRequestComment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("request", AuditorRequest.Type).Comment("The request.").Ref("comments").Field("request_id").Unique().Required().Immutable(),
		edge.To("author", User.Type).Comment("Who wrote the comment.").Field("author_id").Unique().Required().Immutable(),
	}
}

// Indexes of the AuditorRequestComment.
func (AuditorRequestComment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("request_id", "created_at")}
}

// Annotations of the AuditorRequestComment.
func (AuditorRequestComment) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("One message in the discussion of an auditor's request, by the auditor or the secretariat; comments are never changed or removed.")}
}

// CompanyChecklist is a client company's own standard checklist, copied from one of the
// organization's checklist templates (or written for the company) and kept apart from it: the
// company edits its copy, and a later version of the template does not change it.
type CompanyChecklist struct{ ent.Schema }

// Mixin of the CompanyChecklist.
func (CompanyChecklist) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "CC"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "checklists"}, ArchiveMixin{}}
}

// Fields of the CompanyChecklist.
func (CompanyChecklist) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").Comment("The checklist's title.").
			NotEmpty().
			MaxLen(300).
			Annotations(entgql.OrderField("TITLE")),
		field.Text("description").Comment("What the checklist is for; null when not written.").
			Optional().
			Nillable(),
		field.Int("version").Comment("The checklist's version in the company, from 1; each change of its questions adds one.").
			Default(1),
		field.JSON("questions", []checklist.Question{}).Comment("The checklist's questions, in order.").
			Annotations(entgql.Skip(entgql.SkipAll)), // served by graph/audits.graphqls
		field.String("source_template_id").Comment("The organization's checklist template it was copied from.").
			GoType(pulid.ID("")).
			Immutable(),
		field.Int("source_version").Comment("The version of the template it was copied from.").
			Immutable(),
	}
}

// Edges of the CompanyChecklist.
func (CompanyChecklist) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("source_template", ChecklistTemplate.Type).Comment("The organization's checklist template it was copied from.").
			Field("source_template_id").Unique().Required().Immutable().Annotations(NoWhereFilter{}),
	}
}

// Annotations of the CompanyChecklist.
func (CompanyChecklist) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A client company's own standard checklist, copied from one of the organization's checklist templates and then kept by the company: a later version of the template does not change it, and applyChecklistTemplate copies its questions into the company's audits."), entgql.RelayConnection()}
}
