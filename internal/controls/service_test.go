package controls_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/controlimplementation"
	"secretariat/ent/document"
	"secretariat/ent/documentversion"
	"secretariat/ent/soadocumentlink"
	"secretariat/internal/apperr"
	"secretariat/internal/blob"
	"secretariat/internal/controls"
	"secretariat/internal/date"
	"secretariat/internal/documents"
	"secretariat/internal/iso27001"
	"secretariat/internal/language"
	"secretariat/internal/pulid"
	"secretariat/internal/servicetest"
)

func ptr[T any](v T) *T { return &v }

var ja = language.Request{Asked: "ja"}

func newServices(t *testing.T, f *servicetest.Fixture) (*controls.Service, *documents.Service) {
	docs := documents.NewService(f.Client, blob.NewLocal(t.TempDir()), servicetest.Log)
	return controls.NewService(f.Client, docs, servicetest.Log), docs
}

// initialized returns company A's SoA rows by reference, initialized by the secretariat.
func initialized(t *testing.T, f *servicetest.Fixture, s *controls.Service) map[string]*ent.ControlImplementation {
	t.Helper()
	_, err := s.Initialize(f.Org.Secretariat.Ctx, f.Org.A, ja)
	require.NoError(t, err)
	rows := map[string]*ent.ControlImplementation{}
	for _, r := range f.Client.ControlImplementation.Query().Where(controlimplementation.CompanyID(f.Org.A)).AllX(f.System) {
		rows[r.ControlRef] = r
	}
	return rows
}

// Initializing creates a row for every control of the catalogue, applicable and NOT_STARTED,
// once; only an editor initializes, even when nothing is left to create.
func TestControls_InitializeCreatesEveryRowOnce(t *testing.T) {
	f := servicetest.SQLite(t)
	s, _ := newServices(t, f)
	o := f.Org
	before := f.Snapshot(t)
	_, err := s.Initialize(o.Member.Ctx, o.A, ja)
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	_, err = s.Initialize(o.Secretariat.Ctx, o.B, ja)
	servicetest.Check(t, servicetest.NotFound, err)
	_, err = s.Initialize(f.Other.Owner.Ctx, o.A, ja)
	servicetest.Check(t, servicetest.NotFound, err)
	f.Unchanged(t, before)

	got, err := s.Initialize(o.Secretariat.Ctx, o.A, ja)
	require.NoError(t, err)
	assert.Equal(t, len(iso27001.AnnexA()), got.Created)
	assert.False(t, got.AlreadyInitialized)
	for _, r := range f.Client.ControlImplementation.Query().Where(controlimplementation.CompanyID(o.A)).AllX(f.System) {
		assert.True(t, r.Applicable, r.ControlRef)
		assert.Equal(t, controlimplementation.ImplementationStatusNOT_STARTED, r.ImplementationStatus, r.ControlRef)
		assert.Nil(t, r.Justification, r.ControlRef)
	}
	sum, err := got.StatementOfApplicability.Summary(o.Secretariat.Ctx)
	require.NoError(t, err)
	assert.Equal(t, 93, sum.Controls)
	assert.Equal(t, 93, sum.Unjustified)

	again, err := s.Initialize(o.Consultant.Ctx, o.A, ja)
	require.NoError(t, err)
	assert.Equal(t, 0, again.Created, "a second call creates none")
	assert.True(t, again.AlreadyInitialized)

	before = f.Snapshot(t)
	_, err = s.Initialize(o.Auditor.Ctx, o.A, ja)
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	f.Unchanged(t, before)

	f.Client.Company.UpdateOneID(o.B).SetArchivedAt(time.Now()).ExecX(f.System)
	_, err = s.Initialize(o.Owner.Ctx, o.B, ja)
	servicetest.Check(t, servicetest.Invalid("companyID", apperr.Archived), err)
}

// Every row states why: the reason for excluding a control and equally for including it. The
// owner reaches the company and is not its auditor.
func TestControls_UpdateRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s, _ := newServices(t, f)
	o := f.Org
	rows := initialized(t, f, s)
	justified := rows["5.2"]
	f.Client.ControlImplementation.UpdateOne(justified).SetJustification("リスク R-001 に対応").ExecX(f.System)
	refs := []string{"5.3", "5.4", "5.5", "5.6", "5.7", "5.8", "5.9", "5.10", "5.11", "5.12", "5.13", "5.14", "5.15", "5.16", "5.17", "5.18", "5.19", "5.20", "5.21"}
	next := 0
	fresh := func() pulid.ID { next++; return rows[refs[next-1]].ID }
	for _, tc := range []struct {
		name  string
		ctx   context.Context
		row   func() pulid.ID
		in    controls.UpdateControlImplementationInput
		want  servicetest.Want
		check func(t *testing.T, r *ent.ControlImplementation)
	}{
		{"an included control states why", o.Secretariat.Ctx, fresh, controls.UpdateControlImplementationInput{Justification: ptr(" 法令上の要求事項 "), ImplementationStatus: ptr(controlimplementation.ImplementationStatusPLANNED)}, servicetest.OK,
			func(t *testing.T, r *ent.ControlImplementation) {
				assert.Equal(t, ptr("法令上の要求事項"), r.Justification)
				assert.Equal(t, controlimplementation.ImplementationStatusPLANNED, r.ImplementationStatus)
			}},
		{"an excluded control states why", o.Consultant.Ctx, fresh, controls.UpdateControlImplementationInput{Applicable: ptr(false), Justification: ptr("該当する業務がない")}, servicetest.OK,
			func(t *testing.T, r *ent.ControlImplementation) { assert.False(t, r.Applicable) }},
		{"a justified row keeps its reason when other fields change", o.Secretariat.Ctx, func() pulid.ID { return justified.ID },
			controls.UpdateControlImplementationInput{OwnerID: &o.Member.UserID, EvidenceNote: ptr("共有フォルダ/ISMS"), LastReviewedOn: ptr(date.New(2026, 1, 15))}, servicetest.OK,
			func(t *testing.T, r *ent.ControlImplementation) {
				assert.Equal(t, ptr("リスク R-001 に対応"), r.Justification)
				assert.Equal(t, &o.Member.UserID, r.OwnerID)
			}},
		{"an included control without a reason is refused", o.Secretariat.Ctx, fresh, controls.UpdateControlImplementationInput{ImplementationStatus: ptr(controlimplementation.ImplementationStatusIMPLEMENTED)}, servicetest.Invalid("justification", apperr.Required), nil},
		{"an excluded control without a reason is refused", o.Secretariat.Ctx, fresh, controls.UpdateControlImplementationInput{Applicable: ptr(false)}, servicetest.Invalid("justification", apperr.Required), nil},
		{"a blank reason is no reason", o.Secretariat.Ctx, fresh, controls.UpdateControlImplementationInput{Justification: ptr("  ")}, servicetest.Invalid("justification", apperr.Required), nil},
		{"the reason cannot be cleared", o.Secretariat.Ctx, func() pulid.ID { return justified.ID }, controls.UpdateControlImplementationInput{Null: []string{"justification"}}, servicetest.Invalid("justification", apperr.Required), nil},
		{"excluding a justified control keeps its reason", o.Secretariat.Ctx, func() pulid.ID { return justified.ID }, controls.UpdateControlImplementationInput{Applicable: ptr(false)}, servicetest.OK,
			func(t *testing.T, r *ent.ControlImplementation) { assert.False(t, r.Applicable) }},
		{"the reason has at most 5,000 characters", o.Secretariat.Ctx, fresh, controls.UpdateControlImplementationInput{Justification: ptr(strings.Repeat("理", 5001))}, servicetest.Invalid("justification", apperr.TooLong), nil},
		{"applicable cannot be null", o.Secretariat.Ctx, fresh, controls.UpdateControlImplementationInput{Justification: ptr("x"), Null: []string{"applicable"}}, servicetest.Invalid("applicable", apperr.Required), nil},
		{"an unknown status is refused", o.Secretariat.Ctx, fresh, controls.UpdateControlImplementationInput{Justification: ptr("x"), ImplementationStatus: ptr(controlimplementation.ImplementationStatus("DONE"))}, servicetest.Invalid("implementationStatus", apperr.InvalidValue), nil},
		{"a review date is not in the future", o.Secretariat.Ctx, fresh, controls.UpdateControlImplementationInput{Justification: ptr("x"), LastReviewedOn: ptr(date.Today(time.Now()).AddDays(2))}, servicetest.Invalid("lastReviewedOn", apperr.OutOfRange), nil},
		{"a review date before 2000 is a typing mistake", o.Secretariat.Ctx, fresh, controls.UpdateControlImplementationInput{Justification: ptr("x"), LastReviewedOn: ptr(date.New(226, 1, 1))}, servicetest.Invalid("lastReviewedOn", apperr.OutOfRange), nil},
		{"an auditor cannot own a control", o.Secretariat.Ctx, fresh, controls.UpdateControlImplementationInput{Justification: ptr("x"), OwnerID: &o.Auditor.UserID}, servicetest.Invalid("ownerID", apperr.RoleRequired), nil},
		{"the owner reaches the company", o.Secretariat.Ctx, fresh, controls.UpdateControlImplementationInput{Justification: ptr("x"), OwnerID: &f.Other.Owner.UserID}, servicetest.Invalid("ownerID", apperr.InvalidValue), nil},
		{"a member changes no row", o.Member.Ctx, fresh, controls.UpdateControlImplementationInput{Justification: ptr("x")}, servicetest.Forbidden(apperr.RoleRequired), nil},
		{"an auditor changes no row", o.Auditor.Ctx, fresh, controls.UpdateControlImplementationInput{Justification: ptr("x")}, servicetest.Forbidden(apperr.RoleRequired), nil},
		{"another organization does not find the row", f.Other.Owner.Ctx, fresh, controls.UpdateControlImplementationInput{Justification: ptr("x")}, servicetest.NotFound, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.ID = tc.row()
			before := f.Snapshot(t)
			_, err := s.Update(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			tc.check(t, f.Client.ControlImplementation.GetX(f.System, tc.in.ID))
		})
	}

	t.Run("a row of an archived company does not change", func(t *testing.T) {
		f.Client.Company.UpdateOneID(o.A).SetArchivedAt(time.Now()).ExecX(f.System)
		defer f.Client.Company.UpdateOneID(o.A).ClearArchivedAt().ExecX(f.System)
		before := f.Snapshot(t)
		_, err := s.Update(o.Secretariat.Ctx, controls.UpdateControlImplementationInput{ID: justified.ID, Justification: ptr("y")})
		servicetest.Check(t, servicetest.Invalid("id", apperr.Archived), err)
		f.Unchanged(t, before)
	})
}

// Linked documents are documents of the row's company, not archived; linking twice and unlinking
// what is not linked change nothing.
func TestControls_DocumentLinks(t *testing.T) {
	f := servicetest.SQLite(t)
	s, docs := newServices(t, f)
	o := f.Org
	row := initialized(t, f, s)["5.1"]
	create := func(company pulid.ID) *ent.Document {
		d, err := docs.CreateDocument(o.Owner.Ctx, documents.CreateDocumentInput{CompanyID: company, Title: "情報セキュリティ方針", Kind: document.KindPOLICY})
		require.NoError(t, err)
		return d
	}
	policy, otherCompany, archived := create(o.A), create(o.B), create(o.A)
	_, err := docs.SetArchived(o.Owner.Ctx, documents.ArchiveDocumentInput{ID: archived.ID}, true)
	require.NoError(t, err)
	links := func() int {
		return f.Client.SoaDocumentLink.Query().Where(soadocumentlink.ControlImplementationID(row.ID)).CountX(f.System)
	}
	link := func(ctx context.Context, doc pulid.ID) func() error {
		return func() error {
			_, err := s.LinkDocument(ctx, controls.LinkControlDocumentInput{ControlImplementationID: row.ID, DocumentID: doc})
			return err
		}
	}
	unlink := func(ctx context.Context, doc pulid.ID) func() error {
		return func() error {
			_, err := s.UnlinkDocument(ctx, controls.LinkControlDocumentInput{ControlImplementationID: row.ID, DocumentID: doc})
			return err
		}
	}
	for _, tc := range []struct {
		name  string
		do    func() error
		want  servicetest.Want
		links int
	}{
		{"an editor links a document of the company", link(o.Secretariat.Ctx, policy.ID), servicetest.OK, 1},
		{"linking again changes nothing", link(o.Secretariat.Ctx, policy.ID), servicetest.OK, 1},
		{"a member links nothing, even what is linked", link(o.Member.Ctx, policy.ID), servicetest.Forbidden(apperr.RoleRequired), 1},
		{"a document of another company is refused", link(o.Owner.Ctx, otherCompany.ID), servicetest.Invalid("documentID", apperr.InvalidValue), 1},
		{"a document not reached is unknown", link(o.Secretariat.Ctx, otherCompany.ID), servicetest.Invalid("documentID", apperr.UnknownID), 1},
		{"an archived document is not linked", link(o.Owner.Ctx, archived.ID), servicetest.Invalid("documentID", apperr.Archived), 1},
		{"an auditor unlinks nothing", unlink(o.Auditor.Ctx, policy.ID), servicetest.Forbidden(apperr.RoleRequired), 1},
		{"an editor unlinks a document", unlink(o.Consultant.Ctx, policy.ID), servicetest.OK, 0},
		{"unlinking again changes nothing", unlink(o.Consultant.Ctx, policy.ID), servicetest.OK, 0},
		{"a member unlinks nothing, even what is not linked", unlink(o.Member.Ctx, policy.ID), servicetest.Forbidden(apperr.RoleRequired), 0},
		{"another organization does not find the row", link(f.Other.Owner.Ctx, policy.ID), servicetest.NotFound, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.Snapshot(t)
			err := tc.do()
			servicetest.Check(t, tc.want, err)
			if tc.want.Fails() {
				f.Unchanged(t, before)
			}
			assert.Equal(t, tc.links, links())
		})
	}
}

// Approving the SoA needs every row justified; it files a snapshot as a version of the company's
// SOA document, submitted for review, and refuses while a version is in review.
func TestControls_ApproveRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s, docs := newServices(t, f)
	o := f.Org
	ctx := o.Secretariat.Ctx

	before := f.Snapshot(t)
	_, err := s.Approve(ctx, controls.ApproveInput{CompanyID: o.A})
	servicetest.Check(t, servicetest.Conflict(apperr.StaleState), err)
	f.Unchanged(t, before)

	rows := initialized(t, f, s)
	before = f.Snapshot(t)
	_, err = s.Approve(ctx, controls.ApproveInput{CompanyID: o.A})
	servicetest.Check(t, servicetest.Conflict(apperr.StaleState), err)
	f.Unchanged(t, before)

	f.Client.ControlImplementation.Update().Where(controlimplementation.CompanyID(o.A)).SetJustification("リスク対応").ExecX(f.System)
	f.Client.ControlImplementation.UpdateOne(rows["7.4"]).SetApplicable(false).SetJustification("監視カメラを設置する施設がない").ExecX(f.System)

	before = f.Snapshot(t)
	_, err = s.Approve(o.Member.Ctx, controls.ApproveInput{CompanyID: o.A})
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	_, err = s.Approve(ctx, controls.ApproveInput{CompanyID: o.A, ChangeSummary: ptr(strings.Repeat("a", 2001))})
	servicetest.Check(t, servicetest.Invalid("changeSummary", apperr.TooLong), err)
	_, err = s.Approve(f.Other.Owner.Ctx, controls.ApproveInput{CompanyID: o.A})
	servicetest.Check(t, servicetest.NotFound, err)
	f.Unchanged(t, before)

	v1, err := s.Approve(ctx, controls.ApproveInput{CompanyID: o.A})
	require.NoError(t, err)
	assert.Equal(t, documentversion.StatusIN_REVIEW, v1.Status, "the snapshot is submitted for review")
	assert.Equal(t, "1.0", documents.Number(v1))
	require.NotNil(t, v1.Body)
	assert.Contains(t, *v1.Body, "7.4")
	assert.Equal(t, ptr("適用宣言書の承認申請（適用 92・除外 1）"), v1.ChangeSummary)
	soa := f.Client.Document.GetX(f.System, v1.DocumentID)
	assert.Equal(t, document.KindSOA, soa.Kind)
	assert.Equal(t, "ISMS-SOA-001", soa.Code)

	before = f.Snapshot(t)
	_, err = s.Approve(ctx, controls.ApproveInput{CompanyID: o.A})
	servicetest.Check(t, servicetest.Conflict(apperr.InvalidTransition), err)
	f.Unchanged(t, before)

	_, err = docs.Approve(o.Consultant.Ctx, documents.StepInput{ID: v1.ID})
	require.NoError(t, err, "another person approves the snapshot as any document")
	v2, err := s.Approve(ctx, controls.ApproveInput{CompanyID: o.A, ChangeSummary: ptr("年次見直し")})
	require.NoError(t, err)
	assert.Equal(t, v1.DocumentID, v2.DocumentID, "the same SOA document")
	assert.Equal(t, "1.1", documents.Number(v2))
	assert.Equal(t, ptr("年次見直し"), v2.ChangeSummary)
}

// Two initializations at the same moment create each row once: the unique index refuses the
// second, answered as CONFLICT.
func TestControls_ConcurrentInitializationsCreateEachRowOnce(t *testing.T) {
	servicetest.Each(t, func(t *testing.T, f *servicetest.Fixture) {
		s, _ := newServices(t, f)
		var wg sync.WaitGroup
		errs := make([]error, 3)
		for i, p := range []servicetest.Person{f.Org.Owner, f.Org.Consultant, f.Org.Secretariat} {
			wg.Go(func() { _, errs[i] = s.Initialize(p.Ctx, f.Org.A, ja) })
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				servicetest.Check(t, servicetest.Conflict(apperr.StaleState), err)
			}
		}
		assert.Equal(t, len(iso27001.AnnexA()), f.Client.ControlImplementation.Query().Where(controlimplementation.CompanyID(f.Org.A)).CountX(f.System))
	})
}

// The SoA lists its rows in the natural order of references with titles in the locale asked
// for, the risks of the register (not archived) that link each control, and counts of what is
// included, excluded, unjustified and how far the included controls are.
func TestControls_StatementListsAndCounts(t *testing.T) {
	f := servicetest.SQLite(t)
	s, _ := newServices(t, f)
	o := f.Org
	rows := initialized(t, f, s)
	f.Client.ControlImplementation.UpdateOne(rows["5.1"]).SetJustification("方針").SetImplementationStatus(controlimplementation.ImplementationStatusIMPLEMENTED).ExecX(f.System)
	f.Client.ControlImplementation.UpdateOne(rows["7.4"]).SetApplicable(false).SetJustification("施設なし").ExecX(f.System)
	register := func(code string, archived bool) {
		c := f.Client.Risk.Create().SetOrganizationID(o.ID).SetCompanyID(o.A).SetCode(code).SetTitle("リスク").
			SetLikelihood(1).SetImpact(1).SetScore(1).SetLevel("LOW")
		if archived {
			c.SetArchivedAt(time.Now())
		}
		r := c.SaveX(f.System)
		f.Client.RiskControl.Create().SetOrganizationID(o.ID).SetCompanyID(o.A).SetRiskID(r.ID).SetControlRef("5.10").ExecX(f.System)
	}
	register("R-001", false)
	register("R-002", true)

	first, _ := iso27001.Lookup("5.1")
	for _, tc := range []struct {
		lang  string
		title string
	}{{"ja", first.TitleJa}, {"en", first.TitleEn}, {"en-GB", first.TitleEn}} {
		t.Run("titles in "+tc.lang, func(t *testing.T) {
			soa, err := s.Statement(o.Member.Ctx, o.A, language.Request{Asked: tc.lang})
			require.NoError(t, err)
			list, err := soa.Rows(o.Member.Ctx, controls.Selection{Risks: func(q *ent.RiskQuery) (*ent.RiskQuery, error) { return q, nil }})
			require.NoError(t, err)
			require.Len(t, list, 93)
			var refs []string
			for _, r := range list {
				refs = append(refs, r.Control.Ref)
			}
			assert.Equal(t, []string{"5.1", "5.2", "5.3"}, refs[:3])
			assert.Less(t, slicesIndex(refs, "5.9"), slicesIndex(refs, "5.10"), "5.9 before 5.10")
			assert.Equal(t, "8.34", refs[92])
			assert.Equal(t, tc.title, list[0].Control.Title)
			var linked []string
			for _, r := range list[slicesIndex(refs, "5.10")].Risks {
				linked = append(linked, r.Code)
			}
			assert.Equal(t, []string{"R-001"}, linked, "archived risks are left out")
		})
	}

	soa, err := s.Statement(o.Auditor.Ctx, o.A, ja)
	require.NoError(t, err, "an auditor reads the SoA")
	sum, err := soa.Summary(o.Auditor.Ctx)
	require.NoError(t, err)
	assert.Equal(t, 93, sum.Controls)
	assert.Equal(t, 92, sum.Applicable)
	assert.Equal(t, 1, sum.Excluded)
	assert.Equal(t, 91, sum.Unjustified)
	byStatus := map[controlimplementation.ImplementationStatus]int{}
	for _, c := range sum.ByStatus {
		byStatus[c.Status] = c.Count
	}
	assert.Equal(t, 1, byStatus[controlimplementation.ImplementationStatusIMPLEMENTED])
	assert.Equal(t, 91, byStatus[controlimplementation.ImplementationStatusNOT_STARTED], "the excluded control is not counted")

	_, err = s.Statement(o.Member.Ctx, o.B, ja)
	servicetest.Check(t, servicetest.NotFound, err)
	_, err = s.Statement(o.Owner.Ctx, o.A, language.Request{Asked: "fr"})
	servicetest.Check(t, servicetest.Invalid("locale", apperr.InvalidValue), err)
}

func slicesIndex(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
