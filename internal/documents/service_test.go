package documents_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/document"
	"secretariat/ent/documentstep"
	"secretariat/ent/documentversion"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/blob"
	"secretariat/internal/date"
	"secretariat/internal/documents"
	"secretariat/internal/pulid"
	"secretariat/internal/servicetest"
)

func ptr[T any](v T) *T { return &v }

func newService(t *testing.T, f *servicetest.Fixture) *documents.Service {
	return documents.NewService(f.Client, blob.NewLocal(t.TempDir()), servicetest.Log)
}

// draft creates a POLICY in company A, written by the secretariat, and returns it with its
// version 1.0.
func draft(t *testing.T, f *servicetest.Fixture, s *documents.Service) (*ent.Document, *ent.DocumentVersion) {
	t.Helper()
	doc, err := s.CreateDocument(f.Org.Secretariat.Ctx, documents.CreateDocumentInput{
		CompanyID: f.Org.A, Title: "情報セキュリティ基本方針", Kind: document.KindPOLICY, Body: ptr("# 基本方針")})
	require.NoError(t, err)
	v := f.Client.DocumentVersion.Query().Where(documentversion.DocumentID(doc.ID)).OnlyX(f.System)
	return doc, v
}

// versionIn returns a version of a new document in the status: the secretariat writes and
// submits, the consultant decides.
func versionIn(t *testing.T, f *servicetest.Fixture, s *documents.Service, status documentversion.Status) *ent.DocumentVersion {
	t.Helper()
	author, decider := f.Org.Secretariat.Ctx, f.Org.Consultant.Ctx
	doc, v := draft(t, f, s)
	step := func(do func() (*ent.DocumentVersion, error)) {
		t.Helper()
		var err error
		v, err = do()
		require.NoError(t, err)
	}
	if status == documentversion.StatusDRAFT {
		return v
	}
	step(func() (*ent.DocumentVersion, error) { return s.Submit(author, documents.StepInput{ID: v.ID}) })
	switch status {
	case documentversion.StatusREJECTED:
		step(func() (*ent.DocumentVersion, error) {
			return s.Reject(decider, documents.RejectInput{ID: v.ID, Reason: "要修正"})
		})
	case documentversion.StatusAPPROVED, documentversion.StatusSUPERSEDED:
		step(func() (*ent.DocumentVersion, error) { return s.Approve(decider, documents.StepInput{ID: v.ID}) })
	}
	if status == documentversion.StatusSUPERSEDED {
		first := v
		step(func() (*ent.DocumentVersion, error) {
			return s.CreateVersion(author, documents.CreateVersionInput{DocumentID: doc.ID})
		})
		step(func() (*ent.DocumentVersion, error) { return s.Submit(author, documents.StepInput{ID: v.ID}) })
		step(func() (*ent.DocumentVersion, error) { return s.Approve(decider, documents.StepInput{ID: v.ID}) })
		v = f.Client.DocumentVersion.GetX(f.System, first.ID)
	}
	require.Equal(t, status, v.Status)
	return v
}

func TestDocuments_CreateDocumentRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	f.Client.Company.UpdateOneID(o.B).SetArchivedAt(time.Now()).ExecX(f.System)
	_, err := s.CreateDocument(o.Owner.Ctx, documents.CreateDocumentInput{CompanyID: o.A, Title: "既存", Kind: document.KindOTHER, Code: ptr("ISMS-TAKEN")})
	require.NoError(t, err)
	valid := func(mod func(*documents.CreateDocumentInput)) documents.CreateDocumentInput {
		in := documents.CreateDocumentInput{CompanyID: o.A, Title: " アクセス制御規程 ", Kind: document.KindSTANDARD, Body: ptr("本文")}
		if mod != nil {
			mod(&in)
		}
		return in
	}
	for _, tc := range []struct {
		name string
		ctx  context.Context
		in   documents.CreateDocumentInput
		want servicetest.Want
	}{
		{"the owner creates a document", o.Owner.Ctx, valid(nil), servicetest.OK},
		{"an admin creates a document", o.Admin.Ctx, valid(nil), servicetest.OK},
		{"a consultant creates a document", o.Consultant.Ctx, valid(nil), servicetest.OK},
		{"the secretariat creates a document", o.Secretariat.Ctx, valid(nil), servicetest.OK},
		{"another member may own the document", o.Secretariat.Ctx, valid(func(in *documents.CreateDocumentInput) { in.OwnerID = &o.Member.UserID }), servicetest.OK},
		{"a document may start without content", o.Secretariat.Ctx, valid(func(in *documents.CreateDocumentInput) { in.Body = nil }), servicetest.OK},
		{"a member writes no document", o.Member.Ctx, valid(nil), servicetest.Forbidden(apperr.RoleRequired)},
		{"an auditor writes no document", o.Auditor.Ctx, valid(func(in *documents.CreateDocumentInput) { in.OwnerID = &o.Secretariat.UserID }), servicetest.Forbidden(apperr.RoleRequired)},
		{"an auditor cannot own a document", o.Secretariat.Ctx, valid(func(in *documents.CreateDocumentInput) { in.OwnerID = &o.Auditor.UserID }), servicetest.Invalid("ownerID", apperr.RoleRequired)},
		{"the owner must reach the company", o.Consultant.Ctx, valid(func(in *documents.CreateDocumentInput) { in.OwnerID = &f.Other.Owner.UserID }), servicetest.Invalid("ownerID", apperr.InvalidValue)},
		{"the title is required", o.Secretariat.Ctx, valid(func(in *documents.CreateDocumentInput) { in.Title = " " }), servicetest.Invalid("title", apperr.Required)},
		{"the title has at most 300 characters", o.Secretariat.Ctx, valid(func(in *documents.CreateDocumentInput) { in.Title = strings.Repeat("題", 301) }), servicetest.Invalid("title", apperr.TooLong)},
		{"an unknown kind is refused", o.Secretariat.Ctx, valid(func(in *documents.CreateDocumentInput) { in.Kind = "MEMO" }), servicetest.Invalid("kind", apperr.InvalidValue)},
		{"an unknown classification is refused", o.Secretariat.Ctx, valid(func(in *documents.CreateDocumentInput) {
			in.Classification = ptr(document.Classification("TOP_SECRET"))
		}), servicetest.Invalid("classification", apperr.InvalidValue)},
		{"a code has no spaces", o.Secretariat.Ctx, valid(func(in *documents.CreateDocumentInput) { in.Code = ptr("ISMS S 1") }), servicetest.Invalid("code", apperr.InvalidValue)},
		{"a code has at most 50 characters", o.Secretariat.Ctx, valid(func(in *documents.CreateDocumentInput) { in.Code = ptr(strings.Repeat("X", 51)) }), servicetest.Invalid("code", apperr.TooLong)},
		{"a code is unique in the company", o.Secretariat.Ctx, valid(func(in *documents.CreateDocumentInput) { in.Code = ptr(" ISMS-TAKEN ") }), servicetest.Conflict(apperr.Duplicate)},
		{"a review interval of 0 months is out of range", o.Secretariat.Ctx, valid(func(in *documents.CreateDocumentInput) { in.ReviewIntervalMonths = ptr(0) }), servicetest.Invalid("reviewIntervalMonths", apperr.OutOfRange)},
		{"a review interval over 60 months is out of range", o.Secretariat.Ctx, valid(func(in *documents.CreateDocumentInput) { in.ReviewIntervalMonths = ptr(61) }), servicetest.Invalid("reviewIntervalMonths", apperr.OutOfRange)},
		{"the body is UTF-8 text", o.Secretariat.Ctx, valid(func(in *documents.CreateDocumentInput) { in.Body = ptr("\xff\xfe") }), servicetest.Invalid("body", apperr.InvalidFormat)},
		{"the body has at most 1 MiB", o.Secretariat.Ctx, valid(func(in *documents.CreateDocumentInput) { in.Body = ptr(strings.Repeat("a", 1<<20+1)) }), servicetest.Invalid("body", apperr.TooLong)},
		{"a file has at most 25 MiB", o.Secretariat.Ctx, valid(func(in *documents.CreateDocumentInput) {
			in.File = &blob.Upload{File: strings.NewReader(""), Filename: "a.pdf", Size: 25<<20 + 1}
		}), servicetest.Invalid("file", apperr.TooLong)},
		{"a company of another organization is unknown", o.Owner.Ctx, valid(func(in *documents.CreateDocumentInput) { in.CompanyID = f.Other.A }), servicetest.Invalid("companyID", apperr.UnknownID)},
		{"a company not granted is unknown", o.Secretariat.Ctx, valid(func(in *documents.CreateDocumentInput) { in.CompanyID = o.B }), servicetest.Invalid("companyID", apperr.UnknownID)},
		{"an archived company takes no document", o.Consultant.Ctx, valid(func(in *documents.CreateDocumentInput) { in.CompanyID = o.B }), servicetest.Invalid("companyID", apperr.Archived)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.Snapshot(t)
			doc, err := s.CreateDocument(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			stored := f.Client.Document.GetX(f.System, doc.ID)
			assert.Equal(t, "アクセス制御規程", stored.Title, "the title is trimmed")
			v := f.Client.DocumentVersion.Query().Where(documentversion.DocumentID(doc.ID)).OnlyX(f.System)
			assert.Equal(t, documentversion.StatusDRAFT, v.Status, "version 1.0 is a DRAFT")
			assert.Equal(t, "1.0", documents.Number(v))
			assert.Nil(t, stored.CurrentVersionID, "nothing is current before an approval")
			want := v.AuthorID
			if tc.in.OwnerID != nil {
				want = *tc.in.OwnerID
			}
			assert.Equal(t, &want, stored.OwnerID, "the owner is the one named, else the author")
			steps := f.Client.DocumentStep.Query().Where(documentstep.VersionID(v.ID)).AllX(f.System)
			require.Len(t, steps, 1)
			assert.Equal(t, documentstep.ActionDRAFTED, steps[0].Action)
			assert.Equal(t, &v.AuthorID, steps[0].ActorID)
		})
	}
}

// A document without a code takes the next number of its kind's series in its company: one more
// than the highest in use, archived documents included, three digits at least.
func TestDocuments_CodesFollowTheKindsSeries(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	ctx := f.Org.Owner.Ctx
	create := func(company pulid.ID, kind document.Kind, code *string) string {
		t.Helper()
		doc, err := s.CreateDocument(ctx, documents.CreateDocumentInput{CompanyID: company, Title: "文書", Kind: kind, Code: code})
		require.NoError(t, err)
		return doc.Code
	}
	assert.Equal(t, "ISMS-P-001", create(f.Org.A, document.KindPOLICY, nil), "the first policy")
	assert.Equal(t, "ISMS-P-002", create(f.Org.A, document.KindPOLICY, nil), "the next policy")
	assert.Equal(t, "ISMS-PR-001", create(f.Org.A, document.KindPROCEDURE, nil), "procedures are their own series")
	for kind, want := range map[document.Kind]string{
		document.KindSTANDARD: "ISMS-S-001", document.KindMANUAL: "ISMS-M-001", document.KindRECORD_TEMPLATE: "ISMS-F-001",
		document.KindRISK_ASSESSMENT: "ISMS-RA-001", document.KindSOA: "ISMS-SOA-001", document.KindMINUTES: "ISMS-MIN-001",
		document.KindOTHER: "ISMS-X-001",
	} {
		assert.Equal(t, want, create(f.Org.A, kind, nil), "series of %s", kind)
	}
	assert.Equal(t, "ISMS-P-001", create(f.Org.B, document.KindPOLICY, nil), "each company numbers its own")
	assert.Equal(t, "ISMS-P-010", create(f.Org.A, document.KindPOLICY, ptr("ISMS-P-010")), "a code given is kept")
	assert.Equal(t, "ISMS-P-011", create(f.Org.A, document.KindPOLICY, nil), "after the highest in use")
	p12 := create(f.Org.A, document.KindPOLICY, nil)
	doc := f.Client.Document.Query().Where(document.Code(p12)).OnlyX(f.System)
	_, err := s.SetArchived(ctx, documents.ArchiveDocumentInput{ID: doc.ID}, true)
	require.NoError(t, err)
	assert.Equal(t, "ISMS-P-013", create(f.Org.A, document.KindPOLICY, nil), "an archived document keeps its number")
	create(f.Org.A, document.KindPOLICY, ptr("ISMS-P-999"))
	assert.Equal(t, "ISMS-P-1000", create(f.Org.A, document.KindPOLICY, nil), "past three digits")
}

// A version moves DRAFT → IN_REVIEW → APPROVED or REJECTED; its content changes only as a DRAFT.
// Every other step is out of order: CONFLICT INVALID_TRANSITION, and nothing changes.
func TestDocuments_VersionWorkflow(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	author, decider := f.Org.Secretariat.Ctx, f.Org.Consultant.Ctx
	steps := []struct {
		name    string
		from    documentversion.Status
		do      func(v *ent.DocumentVersion) (*ent.DocumentVersion, error)
		becomes documentversion.Status
	}{
		{"edited", documentversion.StatusDRAFT, func(v *ent.DocumentVersion) (*ent.DocumentVersion, error) {
			return s.UpdateVersion(author, documents.UpdateVersionInput{ID: v.ID, Body: ptr("# 改訂")})
		}, documentversion.StatusDRAFT},
		{"submitted", documentversion.StatusDRAFT, func(v *ent.DocumentVersion) (*ent.DocumentVersion, error) {
			return s.Submit(author, documents.StepInput{ID: v.ID, Comment: ptr("ご確認ください")})
		}, documentversion.StatusIN_REVIEW},
		{"approved", documentversion.StatusIN_REVIEW, func(v *ent.DocumentVersion) (*ent.DocumentVersion, error) {
			return s.Approve(decider, documents.StepInput{ID: v.ID})
		}, documentversion.StatusAPPROVED},
		{"rejected", documentversion.StatusIN_REVIEW, func(v *ent.DocumentVersion) (*ent.DocumentVersion, error) {
			return s.Reject(decider, documents.RejectInput{ID: v.ID, Reason: "表現を修正"})
		}, documentversion.StatusREJECTED},
	}
	statuses := []documentversion.Status{documentversion.StatusDRAFT, documentversion.StatusIN_REVIEW,
		documentversion.StatusAPPROVED, documentversion.StatusREJECTED, documentversion.StatusSUPERSEDED}
	for _, step := range steps {
		for _, from := range statuses {
			ok := from == step.from
			name := "a " + string(from) + " version is " + step.name
			if !ok {
				name = "a " + string(from) + " version cannot be " + step.name
			}
			t.Run(name, func(t *testing.T) {
				v := versionIn(t, f, s, from)
				before := f.Snapshot(t)
				got, err := step.do(v)
				if !ok {
					servicetest.Check(t, servicetest.Conflict(apperr.InvalidTransition), err)
					f.Unchanged(t, before)
					return
				}
				require.NoError(t, err)
				assert.Equal(t, step.becomes, got.Status)
				assert.Equal(t, step.becomes, f.Client.DocumentVersion.GetX(f.System, v.ID).Status)
			})
		}
	}
}

// Approving needs an editor other than the author (segregation of duties); CanApprove answers
// the same. The author may reject its own version: that is how a draft is discarded.
func TestDocuments_WhoDecidesAVersion(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want servicetest.Want
	}{
		{"the author cannot approve its own version", o.Secretariat.Ctx, servicetest.Forbidden(apperr.SelfApproval)},
		{"a member cannot approve", o.Member.Ctx, servicetest.Forbidden(apperr.RoleRequired)},
		{"an auditor does not find a version in review (it reads approved versions only)", o.Auditor.Ctx, servicetest.NotFound},
		{"a consultant approves another's version", o.Consultant.Ctx, servicetest.OK},
		{"an admin approves another's version", o.Admin.Ctx, servicetest.OK},
		{"the owner approves another's version", o.Owner.Ctx, servicetest.OK},
		{"an editor of another organization does not find the version", f.Other.Owner.Ctx, servicetest.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := versionIn(t, f, s, documentversion.StatusIN_REVIEW)
			can, err := s.CanApprove(tc.ctx, v)
			if tc.want != servicetest.NotFound {
				require.NoError(t, err)
				assert.Equal(t, !tc.want.Fails(), can, "CanApprove agrees with Approve")
			}
			before := f.Snapshot(t)
			got, err := s.Approve(tc.ctx, documents.StepInput{ID: v.ID})
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			assert.Equal(t, documentversion.StatusAPPROVED, got.Status)
			assert.NotNil(t, got.DecidedByID)
			assert.NotEqual(t, v.AuthorID, *got.DecidedByID)
		})
	}

	t.Run("the author may reject its own version", func(t *testing.T) {
		v := versionIn(t, f, s, documentversion.StatusIN_REVIEW)
		got, err := s.Reject(o.Secretariat.Ctx, documents.RejectInput{ID: v.ID, Reason: "取り下げ"})
		require.NoError(t, err)
		assert.Equal(t, documentversion.StatusREJECTED, got.Status)
	})
	t.Run("a member cannot reject", func(t *testing.T) {
		v := versionIn(t, f, s, documentversion.StatusIN_REVIEW)
		before := f.Snapshot(t)
		_, err := s.Reject(o.Member.Ctx, documents.RejectInput{ID: v.ID, Reason: "反対"})
		servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
		f.Unchanged(t, before)
	})
	t.Run("a rejection needs a reason", func(t *testing.T) {
		v := versionIn(t, f, s, documentversion.StatusIN_REVIEW)
		before := f.Snapshot(t)
		_, err := s.Reject(o.Consultant.Ctx, documents.RejectInput{ID: v.ID, Reason: "  "})
		servicetest.Check(t, servicetest.Invalid("reason", apperr.Required), err)
		f.Unchanged(t, before)
	})
	t.Run("a version not in review cannot be approved, say CanApprove and Approve", func(t *testing.T) {
		v := versionIn(t, f, s, documentversion.StatusDRAFT)
		can, err := s.CanApprove(o.Consultant.Ctx, v)
		require.NoError(t, err)
		assert.False(t, can)
	})
}

// Approving supersedes the current version, makes the new one current and sets the next review
// one interval after today; rejecting leaves the current version as it was.
func TestDocuments_ApprovalReplacesTheCurrentVersion(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	author, decider := f.Org.Secretariat.Ctx, f.Org.Consultant.Ctx
	doc, err := s.CreateDocument(author, documents.CreateDocumentInput{CompanyID: f.Org.A, Title: "規程", Kind: document.KindSTANDARD,
		Body: ptr("v1"), ReviewIntervalMonths: ptr(6)})
	require.NoError(t, err)
	v1 := f.Client.DocumentVersion.Query().Where(documentversion.DocumentID(doc.ID)).OnlyX(f.System)
	_, err = s.Submit(author, documents.StepInput{ID: v1.ID})
	require.NoError(t, err)
	_, err = s.Approve(decider, documents.StepInput{ID: v1.ID, Comment: ptr("承認")})
	require.NoError(t, err)
	doc = f.Client.Document.GetX(f.System, doc.ID)
	assert.Equal(t, &v1.ID, doc.CurrentVersionID)
	today := date.Today(time.Now())
	require.NotNil(t, doc.NextReviewOn)
	assert.Equal(t, today.Time().AddDate(0, 6, 0).Month(), doc.NextReviewOn.Time().Month(), "the next review is six months on")
	assert.True(t, doc.NextReviewOn.After(today.AddDays(27*6)) && doc.NextReviewOn.Before(today.AddDays(31*6+1)))

	v2, err := s.CreateVersion(author, documents.CreateVersionInput{DocumentID: doc.ID, ChangeSummary: ptr("軽微な修正")})
	require.NoError(t, err)
	assert.Equal(t, "1.1", documents.Number(v2), "a revision takes the next minor number")
	assert.Equal(t, ptr("v1"), v2.Body, "the body is carried over from the current version")
	_, err = s.Submit(author, documents.StepInput{ID: v2.ID})
	require.NoError(t, err)
	_, err = s.Reject(decider, documents.RejectInput{ID: v2.ID, Reason: "誤記あり"})
	require.NoError(t, err)
	doc = f.Client.Document.GetX(f.System, doc.ID)
	assert.Equal(t, &v1.ID, doc.CurrentVersionID, "a rejection keeps the current version")
	rejected := f.Client.DocumentVersion.GetX(f.System, v2.ID)
	assert.Equal(t, ptr("誤記あり"), rejected.RejectionReason)

	v3, err := s.CreateVersion(author, documents.CreateVersionInput{DocumentID: doc.ID, Major: true, Body: ptr("v2")})
	require.NoError(t, err)
	assert.Equal(t, "2.0", documents.Number(v3), "a major revision, numbered after the highest version")
	_, err = s.Submit(author, documents.StepInput{ID: v3.ID})
	require.NoError(t, err)
	_, err = s.Approve(f.Org.Owner.Ctx, documents.StepInput{ID: v3.ID})
	require.NoError(t, err)
	assert.Equal(t, documentversion.StatusSUPERSEDED, f.Client.DocumentVersion.GetX(f.System, v1.ID).Status)
	assert.Equal(t, &v3.ID, f.Client.Document.GetX(f.System, doc.ID).CurrentVersionID)

	var actions []documentstep.Action
	for _, st := range f.Client.DocumentStep.Query().Order(ent.Asc(documentstep.FieldCreatedAt), ent.Asc(documentstep.FieldID)).AllX(f.System) {
		actions = append(actions, st.Action)
	}
	assert.Equal(t, []documentstep.Action{
		documentstep.ActionDRAFTED, documentstep.ActionSUBMITTED, documentstep.ActionAPPROVED,
		documentstep.ActionDRAFTED, documentstep.ActionSUBMITTED, documentstep.ActionREJECTED,
		documentstep.ActionDRAFTED, documentstep.ActionSUBMITTED, documentstep.ActionSUPERSEDED, documentstep.ActionAPPROVED,
	}, actions, "every step is recorded")
}

func TestDocuments_VersionRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	author := f.Org.Secretariat.Ctx
	for _, tc := range []struct {
		name string
		// arrange sets up the records and returns the step to try.
		arrange func(t *testing.T) func() error
		want    servicetest.Want
	}{
		{"one version is open at a time", func(t *testing.T) func() error {
			doc, _ := draft(t, f, s)
			return func() error {
				_, err := s.CreateVersion(author, documents.CreateVersionInput{DocumentID: doc.ID})
				return err
			}
		}, servicetest.Conflict(apperr.InvalidTransition)},
		{"a version in review blocks a revision too", func(t *testing.T) func() error {
			v := versionIn(t, f, s, documentversion.StatusIN_REVIEW)
			return func() error {
				_, err := s.CreateVersion(author, documents.CreateVersionInput{DocumentID: v.DocumentID})
				return err
			}
		}, servicetest.Conflict(apperr.InvalidTransition)},
		{"a version without content cannot be submitted", func(t *testing.T) func() error {
			doc, err := s.CreateDocument(author, documents.CreateDocumentInput{CompanyID: f.Org.A, Title: "空", Kind: document.KindOTHER, Body: ptr("  \n")})
			require.NoError(t, err)
			v := f.Client.DocumentVersion.Query().Where(documentversion.DocumentID(doc.ID)).OnlyX(f.System)
			return func() error {
				_, err = s.Submit(author, documents.StepInput{ID: v.ID})
				return err
			}
		}, servicetest.Conflict(apperr.InvalidTransition)},
		{"a step's comment has at most 2,000 characters", func(t *testing.T) func() error {
			_, v := draft(t, f, s)
			return func() error {
				_, err := s.Submit(author, documents.StepInput{ID: v.ID, Comment: ptr(strings.Repeat("a", 2001))})
				return err
			}
		}, servicetest.Invalid("comment", apperr.TooLong)},
		{"a member cannot edit a draft", func(t *testing.T) func() error {
			_, v := draft(t, f, s)
			return func() error {
				_, err := s.UpdateVersion(f.Org.Member.Ctx, documents.UpdateVersionInput{ID: v.ID, Body: ptr("改ざん")})
				return err
			}
		}, servicetest.Forbidden(apperr.RoleRequired)},
		{"a version of a company not granted is not found", func(t *testing.T) func() error {
			doc, err := s.CreateDocument(f.Org.Consultant.Ctx, documents.CreateDocumentInput{CompanyID: f.Org.B, Title: "B社規程", Kind: document.KindOTHER, Body: ptr("b")})
			require.NoError(t, err)
			v := f.Client.DocumentVersion.Query().Where(documentversion.DocumentID(doc.ID)).OnlyX(f.System)
			return func() error {
				_, err = s.Submit(author, documents.StepInput{ID: v.ID})
				return err
			}
		}, servicetest.NotFound},
		{"a version of another organization is not found", func(t *testing.T) func() error {
			_, v := draft(t, f, s)
			return func() error {
				_, err := s.Submit(f.Other.Owner.Ctx, documents.StepInput{ID: v.ID})
				return err
			}
		}, servicetest.NotFound},
		{"a revision of an unknown document names documentID", func(t *testing.T) func() error {
			return func() error {
				_, err := s.CreateVersion(author, documents.CreateVersionInput{DocumentID: pulid.New("DO")})
				return err
			}
		}, servicetest.Invalid("documentID", apperr.UnknownID)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			act := tc.arrange(t)
			before := f.Snapshot(t)
			servicetest.Check(t, tc.want, act())
			f.Unchanged(t, before)
		})
	}
}

// An archived document is read-only: every change is refused until it is restored. Archiving
// again keeps the first time.
func TestDocuments_ArchivedDocumentIsReadOnly(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	ctx := f.Org.Secretariat.Ctx
	v := versionIn(t, f, s, documentversion.StatusAPPROVED)
	open, err := s.CreateVersion(ctx, documents.CreateVersionInput{DocumentID: v.DocumentID})
	require.NoError(t, err)
	first, err := s.SetArchived(ctx, documents.ArchiveDocumentInput{ID: v.DocumentID}, true)
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		do   func() error
		want servicetest.Want
	}{
		{"its fields", func() error {
			_, err := s.UpdateDocument(ctx, documents.UpdateDocumentInput{ID: v.DocumentID, Title: ptr("改題")})
			return err
		}, servicetest.Conflict(apperr.Archived)},
		{"its draft", func() error {
			_, err := s.UpdateVersion(ctx, documents.UpdateVersionInput{ID: open.ID, Body: ptr("x")})
			return err
		}, servicetest.Conflict(apperr.Archived)},
		{"the draft's submission", func() error {
			_, err := s.Submit(ctx, documents.StepInput{ID: open.ID})
			return err
		}, servicetest.Conflict(apperr.Archived)},
		{"an acknowledgement", func() error {
			_, err := s.Acknowledge(f.Org.Member.Ctx, documents.AcknowledgeInput{DocumentID: v.DocumentID})
			return err
		}, servicetest.Conflict(apperr.Archived)},
		{"archiving again, which keeps the first time", func() error {
			again, err := s.SetArchived(ctx, documents.ArchiveDocumentInput{ID: v.DocumentID}, true)
			if err == nil {
				assert.True(t, first.ArchivedAt.Equal(*again.ArchivedAt))
			}
			return err
		}, servicetest.OK},
		{"archiving by a member", func() error {
			_, err := s.SetArchived(f.Org.Member.Ctx, documents.ArchiveDocumentInput{ID: v.DocumentID}, true)
			return err
		}, servicetest.Forbidden(apperr.RoleRequired)},
	} {
		t.Run(tc.name+" cannot change", func(t *testing.T) {
			before := f.Snapshot(t)
			servicetest.Check(t, tc.want, tc.do())
			f.Unchanged(t, before)
		})
	}
	restored, err := s.SetArchived(ctx, documents.ArchiveDocumentInput{ID: v.DocumentID}, false)
	require.NoError(t, err)
	assert.Nil(t, restored.ArchivedAt)
	_, err = s.UpdateDocument(ctx, documents.UpdateDocumentInput{ID: v.DocumentID, Title: ptr("改題")})
	assert.NoError(t, err, "a restored document changes again")
}

func TestDocuments_UpdateDocumentRules(t *testing.T) {
	const ownCode = "<the document's own code>"
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	taken, _ := draft(t, f, s)
	for _, tc := range []struct {
		name  string
		ctx   context.Context
		in    documents.UpdateDocumentInput
		want  servicetest.Want
		check func(t *testing.T, d *ent.Document)
	}{
		{"the fields set change", o.Secretariat.Ctx, documents.UpdateDocumentInput{Title: ptr(" 新題 "), Code: ptr("ISMS-NEW"), ReviewIntervalMonths: ptr(24)}, servicetest.OK, func(t *testing.T, d *ent.Document) {
			assert.Equal(t, "新題", d.Title)
			assert.Equal(t, "ISMS-NEW", d.Code)
			assert.Equal(t, 24, d.ReviewIntervalMonths)
		}},
		{"null clears the owner and the next review", o.Secretariat.Ctx, documents.UpdateDocumentInput{Null: []string{"ownerID", "nextReviewOn"}}, servicetest.OK, func(t *testing.T, d *ent.Document) {
			assert.Nil(t, d.OwnerID)
			assert.Nil(t, d.NextReviewOn)
		}},
		{"a blank folder clears it", o.Secretariat.Ctx, documents.UpdateDocumentInput{Folder: ptr(" ")}, servicetest.OK, func(t *testing.T, d *ent.Document) {
			assert.Nil(t, d.Folder)
		}},
		{"keeping its own code is no conflict", o.Secretariat.Ctx, documents.UpdateDocumentInput{Code: ptr(ownCode)}, servicetest.OK, func(t *testing.T, d *ent.Document) {
			assert.True(t, strings.HasPrefix(d.Code, "ISMS-P-"))
		}},
		{"the code of another document is refused", o.Secretariat.Ctx, documents.UpdateDocumentInput{Code: ptr(taken.Code)}, servicetest.Conflict(apperr.Duplicate), nil},
		{"a blank code is refused", o.Secretariat.Ctx, documents.UpdateDocumentInput{Code: ptr(" ")}, servicetest.Invalid("code", apperr.Required), nil},
		{"the title cannot be null", o.Secretariat.Ctx, documents.UpdateDocumentInput{Null: []string{"title"}}, servicetest.Invalid("title", apperr.Required), nil},
		{"the kind cannot be null", o.Secretariat.Ctx, documents.UpdateDocumentInput{Null: []string{"kind"}}, servicetest.Invalid("kind", apperr.Required), nil},
		{"the review interval cannot be null", o.Secretariat.Ctx, documents.UpdateDocumentInput{Null: []string{"reviewIntervalMonths"}}, servicetest.Invalid("reviewIntervalMonths", apperr.Required), nil},
		{"the review interval stays within 1 to 60", o.Secretariat.Ctx, documents.UpdateDocumentInput{ReviewIntervalMonths: ptr(0)}, servicetest.Invalid("reviewIntervalMonths", apperr.OutOfRange), nil},
		{"an auditor cannot own a document", o.Secretariat.Ctx, documents.UpdateDocumentInput{OwnerID: &o.Auditor.UserID}, servicetest.Invalid("ownerID", apperr.RoleRequired), nil},
		{"a member changes no document", o.Member.Ctx, documents.UpdateDocumentInput{Title: ptr("x")}, servicetest.Forbidden(apperr.RoleRequired), nil},
		{"another organization does not find the document", f.Other.Owner.Ctx, documents.UpdateDocumentInput{Title: ptr("x")}, servicetest.NotFound, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, _ := draft(t, f, s)
			if tc.in.Code != nil && *tc.in.Code == ownCode {
				tc.in.Code = ptr(doc.Code)
			}
			tc.in.ID = doc.ID
			before := f.Snapshot(t)
			_, err := s.UpdateDocument(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			tc.check(t, f.Client.Document.GetX(f.System, doc.ID))
		})
	}
}

// Acknowledgements are of the current version, by the viewer itself, once; the auditor reads only.
func TestDocuments_AcknowledgementRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	approved := versionIn(t, f, s, documentversion.StatusAPPROVED)
	pending := versionIn(t, f, s, documentversion.StatusIN_REVIEW)

	before := f.Snapshot(t)
	_, err := s.Acknowledge(o.Member.Ctx, documents.AcknowledgeInput{DocumentID: pending.DocumentID})
	servicetest.Check(t, servicetest.Conflict(apperr.InvalidTransition), err)
	_, err = s.Acknowledge(o.Auditor.Ctx, documents.AcknowledgeInput{DocumentID: approved.DocumentID})
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	_, err = s.Acknowledge(f.Other.Owner.Ctx, documents.AcknowledgeInput{DocumentID: approved.DocumentID})
	servicetest.Check(t, servicetest.NotFound, err)
	f.Unchanged(t, before)

	first, err := s.Acknowledge(o.Member.Ctx, documents.AcknowledgeInput{DocumentID: approved.DocumentID})
	require.NoError(t, err)
	assert.Equal(t, approved.ID, first.VersionID, "the current version is acknowledged")
	assert.Equal(t, o.Member.UserID, first.UserID)
	again, err := s.Acknowledge(o.Member.Ctx, documents.AcknowledgeInput{DocumentID: approved.DocumentID})
	require.NoError(t, err)
	assert.Equal(t, first.ID, again.ID, "acknowledging again returns the first")

	report, err := s.Report(o.Owner.Ctx, f.Client.Document.GetX(f.System, approved.DocumentID))
	require.NoError(t, err)
	assert.Equal(t, 1, report.AcknowledgedCount())
	var pendingPeople []pulid.ID
	for _, u := range report.Pending {
		pendingPeople = append(pendingPeople, u.ID)
	}
	assert.ElementsMatch(t, []pulid.ID{o.Owner.UserID, o.Admin.UserID, o.Consultant.UserID, o.Secretariat.UserID}, pendingPeople,
		"everyone who reaches the company but the auditor, and who has not acknowledged")
}

// An overdue document without an open review task gets one for its owner, due in 14 days; run
// again, nothing more.
func TestDocuments_ScheduleReviews(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	today := date.Today(time.Now())
	overdue, _ := draft(t, f, s)
	f.Client.Document.UpdateOne(overdue).SetNextReviewOn(today.AddDays(-1)).SetOwnerID(o.Member.UserID).ExecX(f.System)
	dueToday, _ := draft(t, f, s)
	f.Client.Document.UpdateOne(dueToday).SetNextReviewOn(today).ExecX(f.System)
	archived, _ := draft(t, f, s)
	f.Client.Document.UpdateOne(archived).SetNextReviewOn(today.AddDays(-30)).SetArchivedAt(time.Now()).ExecX(f.System)
	leaver, err := f.AddPerson(o.ID, "MEMBER", "異動者", nil, o.B)
	require.NoError(t, err)
	orphan, _ := draft(t, f, s)
	f.Client.Document.UpdateOne(orphan).SetNextReviewOn(today.AddDays(-10)).SetOwnerID(leaver.UserID).ExecX(f.System)

	before := f.Snapshot(t)
	_, err = s.ScheduleReviews(o.Member.Ctx, o.A)
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	_, err = s.ScheduleReviews(f.Other.Owner.Ctx, o.A)
	servicetest.Check(t, servicetest.NotFound, err)
	f.Unchanged(t, before)

	created, err := s.ScheduleReviews(o.Secretariat.Ctx, o.A)
	require.NoError(t, err)
	require.Len(t, created, 2, "the overdue documents, not the one due today nor the archived one")
	bySource := map[pulid.ID]*ent.Task{}
	for _, tk := range created {
		assert.Equal(t, task.SourceDOCUMENT_REVIEW, tk.Source)
		assert.Equal(t, today.AddDays(14), *tk.DueDate)
		bySource[*tk.SourceID] = tk
	}
	require.Contains(t, bySource, overdue.ID)
	assert.Equal(t, &o.Member.UserID, bySource[overdue.ID].AssigneeID, "the owner reviews")
	require.Contains(t, bySource, orphan.ID)
	assert.Nil(t, bySource[orphan.ID].AssigneeID, "an owner who no longer reaches the company is not assigned")

	again, err := s.ScheduleReviews(o.Secretariat.Ctx, o.A)
	require.NoError(t, err)
	assert.Empty(t, again, "an open review task is enough")
}

// At most one version is open and at most one approved per document, even when two requests
// race: the partial unique indexes refuse what the service's checks cannot see.
func TestDocuments_ConcurrentRevisionsOpenOneVersion(t *testing.T) {
	servicetest.Each(t, func(t *testing.T, f *servicetest.Fixture) {
		s := newService(t, f)
		v := versionIn(t, f, s, documentversion.StatusAPPROVED)
		errs := make(chan error, 4)
		for _, p := range []servicetest.Person{f.Org.Owner, f.Org.Admin, f.Org.Consultant, f.Org.Secretariat} {
			go func() {
				_, err := s.CreateVersion(p.Ctx, documents.CreateVersionInput{DocumentID: v.DocumentID})
				errs <- err
			}()
		}
		ok := 0
		for range 4 {
			err := <-errs
			if err == nil {
				ok++
				continue
			}
			assert.Equal(t, apperr.KindConflict, apperr.KindOf(err), "%v", err)
		}
		assert.Equal(t, 1, ok, "one revision is opened")
		assert.Equal(t, 1, f.Client.DocumentVersion.Query().Where(documentversion.DocumentID(v.DocumentID),
			documentversion.StatusIn(documentversion.StatusDRAFT, documentversion.StatusIN_REVIEW)).CountX(f.System))
	})
}

// Two editors approving the same version at the same moment: one approval stands, the other is
// told the version changed (CONFLICT), and the document has one current version.
func TestDocuments_ConcurrentApprovalsApproveOnce(t *testing.T) {
	servicetest.Each(t, func(t *testing.T, f *servicetest.Fixture) {
		s := newService(t, f)
		v := versionIn(t, f, s, documentversion.StatusIN_REVIEW)
		deciders := []servicetest.Person{f.Org.Owner, f.Org.Admin, f.Org.Consultant}
		errs := make([]error, len(deciders))
		var wg sync.WaitGroup
		for i, p := range deciders {
			wg.Go(func() { _, errs[i] = s.Approve(p.Ctx, documents.StepInput{ID: v.ID}) })
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
				continue
			}
			assert.Equal(t, apperr.KindConflict, apperr.KindOf(err), "%v", err)
		}
		assert.Equal(t, 1, ok, "one approval stands")
		assert.Equal(t, 1, f.Client.DocumentStep.Query().Where(documentstep.VersionID(v.ID), documentstep.ActionEQ(documentstep.ActionAPPROVED)).CountX(f.System))
		assert.Equal(t, &v.ID, f.Client.Document.GetX(f.System, v.DocumentID).CurrentVersionID)
	})
}
