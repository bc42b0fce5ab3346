package documents_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/document"
	"secretariat/ent/documentstep"
	"secretariat/ent/documentversion"
	"secretariat/ent/meeting"
	"secretariat/ent/predicate"
	"secretariat/internal/apperr"
	"secretariat/internal/blob"
	"secretariat/internal/documents"
	"secretariat/internal/pulid"
	"secretariat/internal/servicetest"
	"secretariat/internal/viewer"
)

// auditedDocuments are two documents of company A whose versions went through every status:
// policy has 1.0 SUPERSEDED, 1.1 APPROVED (current), 1.2 REJECTED and 1.3 DRAFT; procedure has
// only 1.0 IN_REVIEW. Every version has the file of its document's first version.
type auditedDocuments struct {
	policy, procedure *ent.Document
	// versions by status.
	versions map[documentversion.Status]*ent.DocumentVersion
}

func newAuditedDocuments(t *testing.T, f *servicetest.Fixture, s *documents.Service) auditedDocuments {
	t.Helper()
	author, decider := f.Org.Secretariat.Ctx, f.Org.Consultant.Ctx
	must := func(v *ent.DocumentVersion, err error) *ent.DocumentVersion {
		t.Helper()
		require.NoError(t, err)
		return v
	}
	create := func(title string, kind document.Kind) (*ent.Document, *ent.DocumentVersion) {
		t.Helper()
		pdf := "%PDF-1.4 " + title
		doc, err := s.CreateDocument(author, documents.CreateDocumentInput{CompanyID: f.Org.A, Title: title, Kind: kind, Body: ptr("# " + title + " 1.0\n"),
			File: &blob.Upload{File: strings.NewReader(pdf), Filename: "scan.pdf", Size: int64(len(pdf)), ContentType: "application/pdf"}})
		require.NoError(t, err)
		return doc, f.Client.DocumentVersion.Query().Where(documentversion.DocumentID(doc.ID)).OnlyX(f.System)
	}
	revise := func(doc *ent.Document, body string) *ent.DocumentVersion {
		t.Helper()
		return must(s.CreateVersion(author, documents.CreateVersionInput{DocumentID: doc.ID, Body: ptr(body)}))
	}
	submit := func(v *ent.DocumentVersion) *ent.DocumentVersion {
		t.Helper()
		return must(s.Submit(author, documents.StepInput{ID: v.ID}))
	}
	approve := func(v *ent.DocumentVersion) *ent.DocumentVersion {
		t.Helper()
		return must(s.Approve(decider, documents.StepInput{ID: v.ID}))
	}

	d := auditedDocuments{versions: map[documentversion.Status]*ent.DocumentVersion{}}
	var first *ent.DocumentVersion
	d.policy, first = create("情報セキュリティ基本方針", document.KindPOLICY)
	approve(submit(first))
	approve(submit(revise(d.policy, "# 1.1 承認済み\n")))
	must(s.Reject(decider, documents.RejectInput{ID: submit(revise(d.policy, "# 1.2 差し戻し\n")).ID, Reason: "範囲が誤り"}))
	revise(d.policy, "# 1.3 下書き\n")
	var inReview *ent.DocumentVersion
	d.procedure, inReview = create("アクセス制御手順", document.KindPROCEDURE)
	submit(inReview)

	for _, v := range f.Client.DocumentVersion.Query().AllX(f.System) {
		require.NotContains(t, d.versions, v.Status)
		d.versions[v.Status] = v
	}
	require.Len(t, d.versions, 5, "one version in each status")
	d.policy = f.Client.Document.GetX(f.System, d.policy.ID)
	d.procedure = f.Client.Document.GetX(f.System, d.procedure.ID)
	require.Equal(t, d.versions[documentversion.StatusAPPROVED].ID, *d.policy.CurrentVersionID)
	return d
}

// The AUDITOR, a certification body's auditor, reads the approved versions of its company's
// documents only (APPROVED, and SUPERSEDED: what was in force); a draft, a version in review and a
// rejected version do not exist to it, whatever path it takes, and neither do their steps. The
// rule is one privacy rule of the DocumentVersion (and one of the DocumentStep): the other roles
// read every version, as before.
func TestDocuments_TheAuditorReadsApprovedVersionsOnly(t *testing.T) {
	servicetest.Each(t, func(t *testing.T, f *servicetest.Fixture) {
		s := newService(t, f)
		d := newAuditedDocuments(t, f, s)
		c := f.Client
		current := d.versions[documentversion.StatusAPPROVED]
		never := pulid.New("DV")
		ctx := f.Org.Secretariat.Ctx
		_, neverErr := c.DocumentVersion.Get(ctx, never)
		require.True(t, ent.IsNotFound(neverErr))
		_, neverFile := s.OpenFile(ctx, never)
		_, neverDiff := s.Diff(ctx, never, current.ID)

		for _, tc := range []struct {
			status       documentversion.Status
			auditorReads bool
		}{
			{documentversion.StatusAPPROVED, true},
			{documentversion.StatusSUPERSEDED, true},
			{documentversion.StatusDRAFT, false},
			{documentversion.StatusIN_REVIEW, false},
			{documentversion.StatusREJECTED, false},
		} {
			v := d.versions[tc.status]
			steps := c.DocumentStep.Query().Where(documentstep.VersionID(v.ID)).IDsX(f.System)
			require.NotEmpty(t, steps)
			for _, p := range f.Org.People() {
				reads := p.Role != viewer.RoleAuditor || tc.auditorReads
				name := string(tc.status) + " read by " + string(p.Role)
				t.Run(name, func(t *testing.T) {
					// By ID: a version it may not read fails exactly as one that never existed.
					got, err := c.DocumentVersion.Get(p.Ctx, v.ID)
					if reads {
						require.NoError(t, err)
						assert.Equal(t, v.ID, got.ID)
					} else {
						assert.True(t, ent.IsNotFound(err), "%v", err)
						assert.Equal(t, neverErr.Error(), err.Error())
					}
					// Lists, counts and traversals.
					n, err := c.DocumentVersion.Query().Where(documentversion.ID(v.ID)).Count(p.Ctx)
					require.NoError(t, err)
					assert.Equal(t, b2i(reads), n, "counted")
					ofDoc, err := c.Document.Query().Where(document.ID(v.DocumentID)).QueryVersions().IDs(p.Ctx)
					require.NoError(t, err)
					assert.Equal(t, reads, slices.Contains(ofDoc, v.ID), "among its document's versions")
					// Where predicates on the edge that leads to versions: by ID and by status.
					for what, pred := range map[string]predicate.Document{
						"hasVersionsWith id":     document.HasVersionsWith(documentversion.ID(v.ID)),
						"hasVersionsWith status": document.HasVersionsWith(documentversion.StatusEQ(tc.status), documentversion.DocumentID(v.DocumentID)),
					} {
						found, err := c.Document.Query().Where(pred).Exist(p.Ctx)
						require.NoError(t, err)
						assert.Equal(t, reads, found, what)
					}
					// The version's history: by ID, in a list, through the document's history.
					n, err = c.DocumentStep.Query().Where(documentstep.VersionID(v.ID)).Count(p.Ctx)
					require.NoError(t, err)
					assert.Equal(t, b2i(reads)*len(steps), n, "steps listed")
					_, err = c.DocumentStep.Get(p.Ctx, steps[0])
					assert.Equal(t, reads, err == nil, "a step by ID: %v", err)
					history, err := s.History(p.Ctx, c.Document.GetX(f.System, v.DocumentID), documents.Page{First: ptr(100)})
					require.NoError(t, err)
					assert.Equal(t, reads, slices.ContainsFunc(history.Edges, func(e *ent.DocumentStepEdge) bool { return e.Node.VersionID == v.ID }), "in the document's history")
					// The file and the diff answer NOT_FOUND as for an ID that never existed.
					file, err := s.OpenFile(p.Ctx, v.ID)
					if reads {
						require.NoError(t, err)
						require.NoError(t, file.Content.Close())
					} else {
						assert.Equal(t, apperr.KindNotFound, apperr.KindOf(err))
						assert.Equal(t, neverFile.Error(), err.Error())
					}
					to := current.ID
					if v.DocumentID != current.DocumentID {
						to = v.ID // the only version of its document
					}
					_, err = s.Diff(p.Ctx, v.ID, to)
					if reads {
						assert.NoError(t, err)
					} else {
						assert.Equal(t, apperr.KindNotFound, apperr.KindOf(err))
						assert.Equal(t, neverDiff.Error(), err.Error())
					}
				})
			}
		}

		// The documents themselves stay in the register; what the auditor reads of them is their
		// approved versions.
		for _, p := range f.Org.People() {
			auditor := p.Role == viewer.RoleAuditor
			versions := map[pulid.ID]int{}
			for _, doc := range []*ent.Document{d.policy, d.procedure} {
				n, err := c.Document.QueryVersions(doc).Count(p.Ctx)
				require.NoError(t, err, p.Role)
				versions[doc.ID] = n
			}
			cur, err := c.Document.QueryCurrentVersion(d.policy).Only(p.Ctx)
			require.NoError(t, err, p.Role)
			assert.Equal(t, current.ID, cur.ID, p.Role)
			open, err := s.OpenVersion(p.Ctx, d.policy)
			require.NoError(t, err, p.Role)
			hidden, err := c.DocumentVersion.Query().
				Where(documentversion.StatusIn(documentversion.StatusDRAFT, documentversion.StatusIN_REVIEW, documentversion.StatusREJECTED)).
				Count(p.Ctx)
			require.NoError(t, err, p.Role)
			drafts, err := c.Document.Query().Where(document.HasVersionsWith(documentversion.StatusEQ(documentversion.StatusDRAFT))).Count(p.Ctx)
			require.NoError(t, err, p.Role)
			if auditor {
				assert.Equal(t, map[pulid.ID]int{d.policy.ID: 2, d.procedure.ID: 0}, versions, "approved and superseded only")
				assert.Nil(t, open, "no open version")
				assert.Zero(t, hidden)
				assert.Zero(t, drafts, "a filter cannot tell that a draft exists")
				continue
			}
			assert.Equal(t, map[pulid.ID]int{d.policy.ID: 4, d.procedure.ID: 1}, versions, p.Role)
			require.NotNil(t, open, p.Role)
			assert.Equal(t, d.versions[documentversion.StatusDRAFT].ID, open.ID, p.Role)
			assert.Equal(t, 3, hidden, p.Role)
			assert.Equal(t, 1, drafts, p.Role)
		}
		n, err := c.Document.Query().Count(f.Org.Auditor.Ctx)
		require.NoError(t, err)
		assert.Equal(t, 2, n, "the auditor still finds both documents")
	})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// An AUDITOR cannot act on a version it cannot read: it is not found, as for any other ID, and
// nothing changes. (It writes nothing anyway; NOT_FOUND rather than FORBIDDEN keeps it from
// learning that the version exists.)
func TestDocuments_TheAuditorDoesNotFindAVersionToDecide(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	d := newAuditedDocuments(t, f, s)
	ctx := f.Org.Auditor.Ctx
	before := f.Snapshot(t)
	for name, do := range map[string]func() error{
		"approve": func() error {
			_, err := s.Approve(ctx, documents.StepInput{ID: d.versions[documentversion.StatusIN_REVIEW].ID})
			return err
		},
		"reject": func() error {
			_, err := s.Reject(ctx, documents.RejectInput{ID: d.versions[documentversion.StatusIN_REVIEW].ID, Reason: "x"})
			return err
		},
		"submit": func() error {
			_, err := s.Submit(ctx, documents.StepInput{ID: d.versions[documentversion.StatusDRAFT].ID})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) { servicetest.Check(t, servicetest.NotFound, do()) })
	}
	f.Unchanged(t, before)
}

// Another module's edge to a version reads as the version does: the minutes of a meeting published
// as a version that is not approved yet are no version to the auditor, through the edge or a where
// filter on it.
func TestDocuments_TheAuditorDoesNotFindMinutesNotYetApproved(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	d := newAuditedDocuments(t, f, s)
	c := f.Client
	held := func(title string, version *ent.DocumentVersion) *ent.Meeting {
		return c.Meeting.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.A).SetKind(meeting.KindCOMMITTEE).SetTitle(title).
			SetScheduledAt(time.Now().Add(-time.Hour)).SetStatus(meeting.StatusHELD).SetMinutes("議事録").
			SetMinutesVersionID(version.ID).SaveX(f.System)
	}
	draftMinutes := held("第1回委員会", d.versions[documentversion.StatusDRAFT])
	approvedMinutes := held("第2回委員会", d.versions[documentversion.StatusAPPROVED])
	for _, p := range f.Org.People() {
		auditor := p.Role == viewer.RoleAuditor
		_, err := c.Meeting.QueryMinutesVersion(draftMinutes).Only(p.Ctx)
		assert.Equal(t, auditor, ent.IsNotFound(err), "%s: %v", p.Role, err)
		v, err := c.Meeting.QueryMinutesVersion(approvedMinutes).Only(p.Ctx)
		require.NoError(t, err, p.Role)
		assert.Equal(t, d.versions[documentversion.StatusAPPROVED].ID, v.ID)
		n, err := c.Meeting.Query().Where(meeting.HasMinutesVersion()).Count(p.Ctx)
		require.NoError(t, err, p.Role)
		assert.Equal(t, 2-b2i(auditor), n, p.Role)
		n, err = c.Meeting.Query().Where(meeting.HasMinutesVersionWith(documentversion.StatusEQ(documentversion.StatusDRAFT))).Count(p.Ctx)
		require.NoError(t, err, p.Role)
		assert.Equal(t, 1-b2i(auditor), n, p.Role)
	}
}
