package schema

import (
	"entgo.io/ent"

	"secretariat/ent/documentstep"
	"secretariat/ent/documentversion"
	"secretariat/ent/privacy"
	"secretariat/internal/auditlog"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/viewer"
)

// The privacy policies below are layer 2 of tenant isolation: the viewer's role decides each read
// and write, with the rules of package authz. Every policy allows the system context, denies a
// request without a viewer and denies every write of the AUDITOR; what a policy does not allow
// is denied. Reads are otherwise allowed: layer 1 (tenancy.go) has already limited them to the
// viewer's organization and companies. A rule of a read policy that limits a role to some rows
// (authz.OnlyRowsRead: the AUDITOR reads approved document versions only) holds wherever SQL
// reaches the table, edge predicates included (tenancy.GuardEdge evaluates the read policy there).

// Roles that shape the organization (members, invitations, company access, the organization
// itself) and that add client companies: a company-scoped role would not reach a company it made.
var administrators = []viewer.Role{viewer.RoleOwner, viewer.RoleAdmin}

// Roles that shape a workspace: the company record, its sites and departments.
var structureEditors = []viewer.Role{viewer.RoleOwner, viewer.RoleAdmin, viewer.RoleConsultant, viewer.RoleSecretariat}

// Policy of the Organization: organizations are created only by signing up (a system context)
// and changed by their administrators.
func (Organization) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(),
		Mutation: authz.Writes("organizations", authz.AllowRoles(authz.Update, administrators...)),
	}
}

// Policy of the User: a user changes only its own account; accounts are created by signing up
// and by accepting an invitation, both system contexts.
func (User) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(),
		Mutation: authz.Writes("users", authz.AllowOwnRows(authz.RowID)),
	}
}

// Policy of the Membership: administrators manage members; an OWNER alone manages owners and
// the last OWNER stays, which the members service decides.
func (Membership) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(),
		Mutation: authz.Writes("memberships", authz.AllowRoles(authz.AnyWrite, administrators...), ownCalendarFeed()),
	}
}

// ownCalendarFeed allows a member to make or take away its own calendar feed, and to change
// nothing else of its membership.
func ownCalendarFeed() privacy.MutationRule {
	return authz.AllowOwnFields("user_id", "calendar_feed_hash", "calendar_feed_created_at", "updated_at")
}

// Policy of the Company: administrators add client companies; structure editors change them,
// archiving and restoring included. Records are archived, never deleted.
func (Company) Policy() ent.Policy {
	return privacy.Policy{
		Query: authz.Reads(),
		Mutation: authz.Writes("companies",
			authz.AllowRoles(authz.Create, administrators...),
			authz.AllowRoles(authz.Update, structureEditors...),
		),
	}
}

// Policy of the Site.
func (Site) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(),
		Mutation: authz.Writes("sites", authz.AllowRoles(authz.Create|authz.Update, structureEditors...)),
	}
}

// Policy of the Department.
func (Department) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(),
		Mutation: authz.Writes("departments", authz.AllowRoles(authz.Create|authz.Update, structureEditors...)),
	}
}

// Policy of the CompanyAccess: administrators grant and revoke companies.
func (CompanyAccess) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(),
		Mutation: authz.Writes("company access grants", authz.AllowRoles(authz.AnyWrite, administrators...)),
	}
}

// Policy of the Invitation: only administrators see and make invitations; to anyone else they do
// not exist. Accepting one is a system context (the invitee has no viewer yet).
func (Invitation) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(authz.OnlyRolesRead(administrators...)),
		Mutation: authz.Writes("invitations", authz.AllowRoles(authz.AnyWrite, administrators...)),
	}
}

// Policy of the RefreshToken: sessions are kept by the system context alone (sign-in, refresh,
// logout, removal); no viewer reads or writes them.
func (RefreshToken) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(authz.DenyReads("refresh tokens")),
		Mutation: authz.Writes("refresh tokens"),
	}
}

// Policy of the PasswordReset: reset tokens are issued and used by the system context alone
// (package members checks who may issue one, package auth redeems it); no viewer reads or writes
// them.
func (PasswordReset) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(authz.DenyReads("password resets")),
		Mutation: authz.Writes("password resets"),
	}
}

// Policy of the BillingAccount: administrators read it (the billing query); only the system
// context of package billing writes it, from webhooks, checkout and the quantity outbox.
func (BillingAccount) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(authz.OnlyRolesRead(administrators...)),
		Mutation: authz.Writes("billing accounts"),
	}
}

// Policy of the BillingQuantityChange: the outbox is the system context's alone.
func (BillingQuantityChange) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(authz.DenyReads("billing outbox")),
		Mutation: authz.Writes("billing outbox"),
	}
}

// Policy of the BillingEvent: the processed webhook events are the system context's alone.
func (BillingEvent) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(authz.DenyReads("billing events")),
		Mutation: authz.Writes("billing events"),
	}
}

// Roles that run a company's ISMS day to day: its records, documents, tasks and meetings.
var ismsEditors = structureEditors

// editedBy is the policy of a company's ISMS records that the editors create and change and that
// everyone else of the company reads.
func editedBy(what string, ops ent.Op, extra ...privacy.MutationRule) ent.Policy {
	return privacy.Policy{Query: authz.Reads(), Mutation: editorsWrite(what, ops, extra...)}
}

// editorsWrite is the mutation policy of editedBy, for an entity whose reads are limited further.
func editorsWrite(what string, ops ent.Op, extra ...privacy.MutationRule) privacy.MutationPolicy {
	rules := append([]privacy.MutationRule{authz.AllowRoles(ops, ismsEditors...)}, extra...)
	return authz.Writes(what, rules...)
}

// Policy of the CommitteeMember: editors seat and unseat committee members. Seats, assignments
// and representatives are appointments, not records: they are deleted, not archived (the audit
// trail keeps them). The secretariat service checks the people named and the one chair.
func (CommitteeMember) Policy() ent.Policy { return editedBy("committee members", authz.AnyWrite) }

// Policy of the SecretariatAssignment: editors assign and unassign responsibilities.
func (SecretariatAssignment) Policy() ent.Policy {
	return editedBy("secretariat assignments", authz.AnyWrite)
}

// Policy of the DepartmentRepresentative: editors name and remove representatives.
func (DepartmentRepresentative) Policy() ent.Policy {
	return editedBy("department representatives", authz.AnyWrite)
}

// Policy of the Document: editors draft and maintain documents; records are archived.
func (Document) Policy() ent.Policy { return editedBy("documents", authz.Create|authz.Update) }

// Policy of the DocumentVersion: editors draft, submit and decide versions; the documents service
// keeps submitted versions immutable and the author from approving their own. The AUDITOR, a
// certification body's auditor, reads approved versions only: the one in force (APPROVED) and
// those it replaced (SUPERSEDED, the record of what was in force). Drafts, versions in review and
// rejected versions do not exist to it, wherever it looks: by ID, in a document's versions, as a
// meeting's minutes, as a file to download, in a diff, and in a where filter on an edge that
// leads to versions (documents(where: {hasVersionsWith: {status: DRAFT}}) finds nothing).
func (DocumentVersion) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(authz.OnlyRowsRead(approvedVersions, viewer.RoleAuditor)),
		Mutation: editorsWrite("document versions", authz.Create|authz.Update),
	}
}

// approvedVersions are the versions that were approved: the one in force and those superseded.
var approvedVersions = documentversion.StatusIn(documentversion.StatusAPPROVED, documentversion.StatusSUPERSEDED)

// Policy of the DocumentStep: the history is written as the workflow moves, never changed. A step
// reads as its version does for the AUDITOR: it reads the history of the approved versions (how
// each was drafted, submitted, approved and superseded), never a step of a version it cannot read
// (the rejection of a version, the edits of a draft). HasVersion is guarded like every edge
// predicate, so the version's own read policy decides.
func (DocumentStep) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(authz.OnlyRowsRead(documentstep.HasVersion(), viewer.RoleAuditor)),
		Mutation: editorsWrite("document history", authz.Create),
	}
}

// Policy of the DocumentAcknowledgement: every member of the company (not the read-only auditor)
// acknowledges for itself.
func (DocumentAcknowledgement) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(),
		Mutation: authz.Writes("acknowledgements", authz.AllowOwnRows("user_id")),
	}
}

// Policy of the Task: editors manage tasks; a MEMBER moves the tasks assigned to it along their
// workflow and adds tasks for itself (ownTaskWork, task.go).
func (Task) Policy() ent.Policy {
	return editedBy("tasks", authz.Create|authz.Update, ownTaskWork(), reportersTasks())
}

// Policy of the Meeting.
func (Meeting) Policy() ent.Policy { return editedBy("meetings", authz.Create|authz.Update) }

// Policy of the MeetingAttendee.
func (MeetingAttendee) Policy() ent.Policy { return editedBy("meeting attendees", authz.AnyWrite) }

// Policy of the AgendaItem.
func (AgendaItem) Policy() ent.Policy { return editedBy("agenda items", authz.AnyWrite) }

// Policy of the MeetingDecision.
func (MeetingDecision) Policy() ent.Policy { return editedBy("decisions", authz.AnyWrite) }

// Policy of the AuditEvent: the trail is read by administrators and, for their company, by the
// secretariat and the auditor (the AuditEvent's interceptor keeps them to their companies); the
// auditor reads the entries of the records it reads (auditorsTrail). Only the audit hook appends
// to it; nothing changes or deletes it, not even the system context.
func (AuditEvent) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(authz.OnlyRolesRead(viewer.RoleOwner, viewer.RoleAdmin, viewer.RoleSecretariat, viewer.RoleAuditor), auditorsTrail()),
		Mutation: auditlog.AppendOnly(),
	}
}

// Policy of the ControlImplementation: editors keep the Statement of Applicability.
func (ControlImplementation) Policy() ent.Policy {
	return editedBy("Statement of Applicability rows", authz.Create|authz.Update)
}

// Policy of the SoaDocumentLink.
func (SoaDocumentLink) Policy() ent.Policy {
	return editedBy("Statement of Applicability links", authz.AnyWrite)
}

// Policy of the Asset: editors keep the asset inventory; assets are archived.
func (Asset) Policy() ent.Policy { return editedBy("assets", authz.Create|authz.Update) }

// Policy of the RiskMethod: editors set a company's method; the risks service recomputes every
// risk of the company in the same transaction. A method is replaced, never deleted.
func (RiskMethod) Policy() ent.Policy { return editedBy("risk methods", authz.Create|authz.Update) }

// Policy of the Risk: editors keep the risk register; risks are archived.
func (Risk) Policy() ent.Policy { return editedBy("risks", authz.Create|authz.Update) }

// Policy of the RiskAsset: links are set and removed by editors with the risk's lists.
func (RiskAsset) Policy() ent.Policy { return editedBy("risk assets", authz.AnyWrite) }

// Policy of the RiskControl: links are set and removed by editors with the risk's lists.
func (RiskControl) Policy() ent.Policy { return editedBy("risk controls", authz.AnyWrite) }
