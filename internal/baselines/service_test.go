package baselines_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/auditevent"
	"secretariat/ent/baselineoverlay"
	"secretariat/ent/document"
	"secretariat/ent/documentversion"
	"secretariat/internal/apperr"
	"secretariat/internal/archive"
	"secretariat/internal/baselines"
	"secretariat/internal/pulid"
	"secretariat/internal/riskscale"
	"secretariat/internal/servicetest"
)

func ptr[T any](v T) *T { return &v }

// firm is the fixture's organization as a firm with its head office in company A and three
// sites (東京本社, 大阪拠点, 福岡拠点): the head office's approved policy, and a local
// procedure of Osaka with an approved version.
type firm struct {
	*servicetest.Fixture
	s                      *baselines.Service
	sites                  [3]pulid.ID
	policy, policyV1       pulid.ID
	procedure, procedureV1 pulid.ID
}

func newFirm(t *testing.T, f *servicetest.Fixture) *firm {
	t.Helper()
	w := &firm{Fixture: f, s: baselines.NewService(f.Client, servicetest.Log)}
	for i, name := range []string{"東京本社", "大阪拠点", "福岡拠点"} {
		w.sites[i] = f.Client.Site.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.A).SetName(name).SaveX(f.System).ID
	}
	w.policy, w.policyV1 = w.approved(t, "ISMS-P-001", "情報セキュリティ基本方針", document.KindPOLICY, 0)
	w.procedure, w.procedureV1 = w.approved(t, "OSK-PR-001", "大阪拠点 入退室手順", document.KindPROCEDURE, 0)
	return w
}

// approved writes a document of company A with an approved version minor.
func (w *firm) approved(t *testing.T, code, title string, kind document.Kind, minor int) (pulid.ID, pulid.ID) {
	t.Helper()
	doc := w.Client.Document.Create().SetOrganizationID(w.Org.ID).SetCompanyID(w.Org.A).SetCode(code).SetTitle(title).SetKind(kind).SaveX(w.System)
	v := w.version(t, doc.ID, minor)
	return doc.ID, v
}

func (w *firm) version(t *testing.T, doc pulid.ID, minor int) pulid.ID {
	t.Helper()
	w.Client.DocumentVersion.Update().Where(documentversion.DocumentID(doc), documentversion.StatusEQ(documentversion.StatusAPPROVED)).
		SetStatus(documentversion.StatusSUPERSEDED).ExecX(w.System)
	v := w.Client.DocumentVersion.Create().SetOrganizationID(w.Org.ID).SetCompanyID(w.Org.A).SetDocumentID(doc).SetMajor(1).SetMinor(minor).
		SetBody("本文").SetAuthorID(w.Org.Secretariat.UserID).SetStatus(documentversion.StatusAPPROVED).SaveX(w.System)
	w.Client.Document.UpdateOneID(doc).SetCurrentVersionID(v.ID).ExecX(w.System)
	return v.ID
}

func (w *firm) v1() baselines.ContentInput {
	method := riskscale.Default()
	return baselines.ContentInput{
		Controls: []baselines.Control{
			{Ref: "5.1", Applicable: true, Justification: "全社方針", Rule: baselines.Locked},
			{Ref: "7.4", Applicable: true, Justification: "全拠点で監視する", Rule: baselines.Overridable},
			{Ref: "8.1", Applicable: false, Justification: "本社で一括管理", Rule: baselines.Extend},
		},
		Documents:  []baselines.DocumentInput{{Key: "security-policy", DocumentVersionID: w.policyV1, Rule: baselines.Locked}},
		RiskMethod: &baselines.MethodInput{Method: method, Rule: baselines.Extend},
	}
}

func byKey(rows []*baselines.Change) map[string]string {
	out := map[string]string{}
	for _, c := range rows {
		out[string(c.Kind)+" "+c.Key] = c.Change
	}
	return out
}

// The multi-site scenario: baseline v1 adopted by the three sites; Osaka's overlay adds two
// controls and its own procedure and tightens the risk method; what the rules forbid is
// refused naming the item and its rule; Fukuoka's override waits for the head office and then
// shows DEVIATING; v2 leaves Tokyo and Osaka BEHIND with the diff; Osaka's upgrade keeps its
// overlay; its procedure is promoted into v3 and inherited at the next upgrade.
func TestBaselines_HeadOfficeAndThreeSites(t *testing.T) {
	servicetest.Each(t, func(t *testing.T, f *servicetest.Fixture) {
		w := newFirm(t, f)
		o := w.Org
		hq := o.Consultant.Ctx
		b, err := w.s.CreateBaseline(hq, baselines.CreateBaselineInput{Name: "全社ISMSベースライン", Content: w.v1()})
		require.NoError(t, err)
		v1 := w.Client.Baseline.QueryVersions(w.Client.Baseline.GetX(w.System, b.ID)).OnlyX(w.System)
		content, err := w.s.Content(v1)
		require.NoError(t, err)
		require.Len(t, content.Documents, 1)
		assert.Equal(t, "ISMS-P-001", content.Documents[0].Code)
		assert.Equal(t, "1.0", content.Documents[0].Version)
		assert.Equal(t, w.policyV1, content.Documents[0].SourceVersionID)

		var adoptions [3]*ent.BaselineAdoption
		for i, site := range w.sites {
			adoptions[i], err = w.s.Adopt(o.Secretariat.Ctx, baselines.AdoptBaselineInput{BaselineVersionID: v1.ID, CompanyID: o.A, SiteID: &site})
			require.NoError(t, err)
		}
		tokyo, osaka, fukuoka := adoptions[0], adoptions[1], adoptions[2]
		_, err = w.s.Adopt(o.Secretariat.Ctx, baselines.AdoptBaselineInput{BaselineVersionID: v1.ID, CompanyID: o.A, SiteID: &w.sites[1]})
		servicetest.Check(t, servicetest.Conflict(apperr.Duplicate), err)

		overlay := func(in baselines.AddBaselineOverlayInput) (*ent.BaselineOverlay, error) {
			return w.s.AddOverlay(o.Secretariat.Ctx, in)
		}
		// Osaka adds two controls and a local procedure, and tightens the method.
		for _, ref := range []string{"5.7", "8.23"} {
			item, err := overlay(baselines.AddBaselineOverlayInput{AdoptionID: osaka.ID, Kind: baselineoverlay.KindCONTROL, Target: ref, Applicable: ptr(true), Justification: ptr("大阪拠点の追加管理策"), Reason: "拠点固有のリスク"})
			require.NoError(t, err)
			assert.Equal(t, []any{baselineoverlay.ActionADD, baselineoverlay.StatusIN_EFFECT}, []any{item.Action, item.Status})
		}
		localProcedure, err := overlay(baselines.AddBaselineOverlayInput{AdoptionID: osaka.ID, Kind: baselineoverlay.KindDOCUMENT, Target: "osaka-entry-procedure", DocumentID: &w.procedure, Reason: "拠点の入退室手順"})
		require.NoError(t, err)
		assert.Equal(t, baselineoverlay.ActionADD, localProcedure.Action)
		tightened, err := overlay(baselines.AddBaselineOverlayInput{AdoptionID: osaka.ID, Kind: baselineoverlay.KindRISK_METHOD, AcceptanceThreshold: ptr(2), Reason: "顧客要求"})
		require.NoError(t, err)
		assert.Equal(t, []any{baselineoverlay.ActionTIGHTEN, baselineoverlay.StatusIN_EFFECT}, []any{tightened.Action, tightened.Status})
		included, err := overlay(baselines.AddBaselineOverlayInput{AdoptionID: osaka.ID, Kind: baselineoverlay.KindCONTROL, Target: "8.1", Applicable: ptr(true), Justification: ptr("拠点でも管理する"), Reason: "拠点サーバーあり"})
		require.NoError(t, err)
		assert.Equal(t, baselineoverlay.ActionTIGHTEN, included.Action, "including a control the baseline excludes tightens it")

		t.Run("what a rule does not allow is refused, naming the item and its rule", func(t *testing.T) {
			before := w.Snapshot(t)
			for _, tc := range []struct {
				in   baselines.AddBaselineOverlayInput
				rule string
			}{
				{baselines.AddBaselineOverlayInput{AdoptionID: osaka.ID, Kind: baselineoverlay.KindCONTROL, Target: "5.1", Applicable: ptr(false), Justification: ptr("不要"), Reason: "除外したい"}, "control 5.1 is LOCKED"},
				{baselines.AddBaselineOverlayInput{AdoptionID: tokyo.ID, Kind: baselineoverlay.KindDOCUMENT, Target: "security-policy", DocumentID: &w.procedure, Replace: true, Reason: "独自方針"}, "document security-policy is LOCKED"},
				{baselines.AddBaselineOverlayInput{AdoptionID: tokyo.ID, Kind: baselineoverlay.KindRISK_METHOD, AcceptanceThreshold: ptr(6), Reason: "緩和したい"}, "the risk method is EXTEND"},
			} {
				_, err := overlay(tc.in)
				servicetest.Check(t, servicetest.Invalid("target", apperr.Immutable), err)
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.rule)
				assert.Contains(t, err.Error(), `baseline "全社ISMSベースライン" version 1`)
			}
			for _, tc := range []struct {
				in    baselines.AddBaselineOverlayInput
				field string
			}{
				{baselines.AddBaselineOverlayInput{AdoptionID: osaka.ID, Kind: baselineoverlay.KindCONTROL, Target: "5.9", Applicable: ptr(true), Justification: ptr("x"), DocumentID: &w.procedure, Reason: "x"}, "documentID"},
				{baselines.AddBaselineOverlayInput{AdoptionID: osaka.ID, Kind: baselineoverlay.KindRISK_METHOD, Target: "method", AcceptanceThreshold: ptr(1), Reason: "x"}, "target"},
				{baselines.AddBaselineOverlayInput{AdoptionID: osaka.ID, Kind: baselineoverlay.KindDOCUMENT, Target: "x", DocumentID: &w.procedure, AcceptanceThreshold: ptr(1), Reason: "x"}, "acceptanceThreshold"},
			} {
				_, err := overlay(tc.in)
				servicetest.Check(t, servicetest.Invalid(tc.field, apperr.ConflictingFields), err)
			}
			_, err := overlay(baselines.AddBaselineOverlayInput{AdoptionID: osaka.ID, Kind: baselineoverlay.KindCONTROL, Target: "5.7", Applicable: ptr(true), Justification: ptr("二重"), Reason: "重複"})
			servicetest.Check(t, servicetest.Conflict(apperr.Duplicate), err)
			_, err = w.s.AddOverlay(w.Other.Owner.Ctx, baselines.AddBaselineOverlayInput{AdoptionID: osaka.ID, Kind: baselineoverlay.KindCONTROL, Target: "5.9", Applicable: ptr(true), Justification: ptr("x"), Reason: "x"})
			servicetest.Check(t, servicetest.Invalid("adoptionID", apperr.UnknownID), err)
			_, err = w.s.Adopt(w.Other.Owner.Ctx, baselines.AdoptBaselineInput{BaselineVersionID: v1.ID, CompanyID: w.Other.A})
			servicetest.Check(t, servicetest.Invalid("baselineVersionID", apperr.UnknownID), err)
			_, err = w.s.Adopt(o.Secretariat.Ctx, baselines.AdoptBaselineInput{BaselineVersionID: v1.ID, CompanyID: o.B})
			servicetest.Check(t, servicetest.Invalid("companyID", apperr.UnknownID), err)
			w.Unchanged(t, before)
		})

		// Fukuoka replaces the overridable 7.4: pending until the head office approves.
		override, err := overlay(baselines.AddBaselineOverlayInput{AdoptionID: fukuoka.ID, Kind: baselineoverlay.KindCONTROL, Target: "7.4", Applicable: ptr(false), Justification: ptr("監視は委託先が実施"), Reason: "ビル管理会社が監視"})
		require.NoError(t, err)
		assert.Equal(t, []any{baselineoverlay.ActionOVERRIDE, baselineoverlay.StatusPENDING}, []any{override.Action, override.Status})
		views := func() map[pulid.ID]*baselines.View {
			t.Helper()
			v, err := w.s.Views(o.Owner.Ctx, []pulid.ID{tokyo.ID, osaka.ID, fukuoka.ID})
			require.NoError(t, err)
			return v
		}
		assert.Equal(t, baselines.InSync, views()[fukuoka.ID].Drift.Status, "a pending override does not deviate")
		_, err = w.s.DecideOverride(o.Secretariat.Ctx, baselines.DecideBaselineOverrideInput{ID: override.ID, Approve: true})
		servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
		_, err = w.s.DecideOverride(hq, baselines.DecideBaselineOverrideInput{ID: override.ID, Approve: true, Note: ptr("委託契約で担保")})
		require.NoError(t, err)
		_, err = w.s.DecideOverride(hq, baselines.DecideBaselineOverrideInput{ID: override.ID, Approve: true})
		servicetest.Check(t, servicetest.Invalid("id", apperr.InvalidTransition), err)
		v := views()
		assert.Equal(t, baselines.Deviating, v[fukuoka.ID].Drift.Status)
		assert.Equal(t, baselines.InSync, v[osaka.ID].Drift.Status, "additions and tightenings do not deviate")
		assert.Len(t, v[osaka.ID].Drift.Local, 5)
		var seven *baselines.EffectiveControl
		for _, c := range v[fukuoka.ID].Effective.Controls {
			if c.Ref == "7.4" {
				seven = c
			}
		}
		require.NotNil(t, seven)
		assert.Equal(t, []any{baselines.Overridden, false, true}, []any{seven.Source, seven.Effective.Applicable, seven.Baseline.Applicable})
		osakaControls := map[string]baselines.Source{}
		for _, c := range v[osaka.ID].Effective.Controls {
			osakaControls[c.Ref] = c.Source
		}
		assert.Equal(t, map[string]baselines.Source{"5.1": baselines.FromBaseline, "5.7": baselines.Local, "7.4": baselines.FromBaseline, "8.1": baselines.Tightened, "8.23": baselines.Local}, osakaControls)
		assert.Equal(t, []any{3, 2, baselines.Tightened}, []any{v[osaka.ID].Effective.RiskMethod.Baseline, v[osaka.ID].Effective.RiskMethod.Effective, v[osaka.ID].Effective.RiskMethod.Source})

		// Version 2: the policy's new approved version, and control 5.15 required.
		policyV2 := w.version(t, w.policy, 1)
		next := w.v1()
		next.Documents[0].DocumentVersionID = policyV2
		next.Controls = append(next.Controls, baselines.Control{Ref: "5.15", Applicable: true, Justification: "アクセス制御", Rule: baselines.Locked})
		_, err = w.s.PublishVersion(hq, baselines.PublishBaselineVersionInput{BaselineID: b.ID, Note: ptr("方針改訂"), Content: next})
		require.NoError(t, err)
		v = views()
		assert.Equal(t, []baselines.DriftStatus{baselines.Behind, baselines.Behind, baselines.Deviating}, []baselines.DriftStatus{v[tokyo.ID].Drift.Status, v[osaka.ID].Drift.Status, v[fukuoka.ID].Drift.Status})
		assert.Equal(t, map[string]string{"DOCUMENT security-policy": "CHANGED", "CONTROL 5.15": "ADDED"}, byKey(v[osaka.ID].Drift.Changes))
		policyChange := v[osaka.ID].Drift.Changes[1]
		assert.True(t, strings.HasPrefix(*policyChange.Before, "ISMS-P-001 1.0"), *policyChange.Before)
		assert.True(t, strings.HasPrefix(*policyChange.After, "ISMS-P-001 1.1"), *policyChange.After)

		up, err := w.s.Upgrade(o.Secretariat.Ctx, osaka.ID)
		require.NoError(t, err)
		assert.Equal(t, 2, up.VersionNumber)
		v = views()
		assert.Equal(t, baselines.InSync, v[osaka.ID].Drift.Status)
		assert.Len(t, v[osaka.ID].Drift.Local, 5, "the upgrade keeps the overlay")

		// The head office promotes Osaka's procedure into version 3; Osaka's next upgrade inherits it.
		v3, err := w.s.Promote(hq, baselines.PromoteBaselineOverlayInput{OverlayID: localProcedure.ID, Rule: baselines.Extend})
		require.NoError(t, err)
		assert.Equal(t, 3, v3.Number)
		c3, err := w.s.Content(v3)
		require.NoError(t, err)
		require.Len(t, c3.Documents, 2)
		assert.Equal(t, []any{"osaka-entry-procedure", "OSK-PR-001", w.procedureV1, baselines.Extend}, []any{c3.Documents[1].Key, c3.Documents[1].Code, c3.Documents[1].SourceVersionID, c3.Documents[1].Rule})
		_, err = w.s.Promote(hq, baselines.PromoteBaselineOverlayInput{OverlayID: localProcedure.ID, Rule: baselines.Extend})
		servicetest.Check(t, servicetest.Conflict(apperr.Duplicate), err)
		_, err = w.s.Promote(hq, baselines.PromoteBaselineOverlayInput{OverlayID: tightened.ID, Rule: baselines.Extend})
		servicetest.Check(t, servicetest.Invalid("overlayID", apperr.InvalidValue), err)
		_, err = w.s.Upgrade(o.Secretariat.Ctx, osaka.ID)
		require.NoError(t, err)
		v = views()
		assert.Equal(t, baselines.InSync, v[osaka.ID].Drift.Status)
		assert.Len(t, v[osaka.ID].Drift.Local, 4, "the promoted procedure is inherited, no longer local")
		sources := map[string]baselines.Source{}
		for _, d := range v[osaka.ID].Effective.Documents {
			sources[d.Key] = d.Source
		}
		assert.Equal(t, map[string]baselines.Source{"security-policy": baselines.FromBaseline, "osaka-entry-procedure": baselines.FromBaseline}, sources)

		t.Run("an upgrade the new rules refuse changes nothing", func(t *testing.T) {
			locked := w.v1()
			locked.Documents[0].DocumentVersionID = policyV2
			locked.Controls[1].Rule = baselines.Locked // 7.4, which Fukuoka overrides
			_, err := w.s.PublishVersion(hq, baselines.PublishBaselineVersionInput{BaselineID: b.ID, Content: locked})
			require.NoError(t, err)
			before := w.Snapshot(t)
			_, err = w.s.Upgrade(o.Secretariat.Ctx, fukuoka.ID)
			servicetest.Check(t, servicetest.Invalid("adoptionID", apperr.Immutable), err)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "control 7.4 is LOCKED")
			w.Unchanged(t, before)
			_, err = w.s.WithdrawOverlay(o.Secretariat.Ctx, archive.Input{ID: override.ID})
			require.NoError(t, err)
			up, err := w.s.Upgrade(o.Secretariat.Ctx, fukuoka.ID)
			require.NoError(t, err)
			assert.Equal(t, 4, up.VersionNumber)
			assert.Equal(t, baselines.InSync, views()[fukuoka.ID].Drift.Status)
		})

		t.Run("in the audit trail", func(t *testing.T) {
			events := w.Client.AuditEvent.Query().Where(auditevent.EntityID(override.ID)).Order(ent.Asc(auditevent.FieldID)).AllX(w.System)
			require.Len(t, events, 3, "proposed, approved, withdrawn")
			assert.Equal(t, []any{o.Secretariat.UserID, o.Consultant.UserID}, []any{*events[0].ActorID, *events[1].ActorID})
		})

		t.Run("who reads", func(t *testing.T) {
			assert.Zero(t, w.Client.Baseline.Query().CountX(o.Auditor.Ctx))
			assert.Zero(t, w.Client.BaselineAdoption.Query().CountX(o.Auditor.Ctx))
			assert.Equal(t, 1, w.Client.Baseline.Query().CountX(o.Member.Ctx), "every site runs by the baseline")
			assert.Zero(t, w.Client.Baseline.Query().CountX(w.Other.Owner.Ctx))
			assert.Zero(t, w.Client.BaselineAdoption.Query().CountX(w.Other.Owner.Ctx))
			assert.Zero(t, w.Client.BaselineOverlay.Query().CountX(w.Other.Owner.Ctx))
		})
	})
}

// Publishing checks every item, each on its path, and copies only approved versions.
func TestBaselines_AVersionIsChecked(t *testing.T) {
	w := newFirm(t, servicetest.SQLite(t))
	o := w.Org
	draft := w.Client.DocumentVersion.Create().SetOrganizationID(o.ID).SetCompanyID(o.A).SetDocumentID(w.policy).SetMajor(1).SetMinor(5).
		SetBody("改訂案").SetAuthorID(o.Secretariat.UserID).SaveX(w.System).ID
	foreign := w.Client.Document.Create().SetOrganizationID(w.Other.ID).SetCompanyID(w.Other.A).SetCode("X-1").SetTitle("他社").SetKind(document.KindPOLICY).SaveX(w.System)
	foreignVersion := w.Client.DocumentVersion.Create().SetOrganizationID(w.Other.ID).SetCompanyID(w.Other.A).SetDocumentID(foreign.ID).SetMajor(1).SetMinor(0).
		SetAuthorID(w.Other.Owner.UserID).SetStatus(documentversion.StatusAPPROVED).SaveX(w.System).ID
	bad := func(change func(c *baselines.ContentInput)) baselines.ContentInput {
		c := w.v1()
		change(&c)
		return c
	}
	before := w.Snapshot(t)
	for name, tc := range map[string]struct {
		content baselines.ContentInput
		want    servicetest.Want
	}{
		"nothing":               {baselines.ContentInput{}, servicetest.Invalid("content", apperr.Required)},
		"unknown rule":          {bad(func(c *baselines.ContentInput) { c.Controls[0].Rule = "FROZEN" }), servicetest.Invalid("content.controls.0.rule", apperr.InvalidValue)},
		"unknown control":       {bad(func(c *baselines.ContentInput) { c.Controls[0].Ref = "A.9.1" }), servicetest.Invalid("content.controls.0.ref", apperr.InvalidValue)},
		"exclusion unjustified": {bad(func(c *baselines.ContentInput) { c.Controls[2].Justification = "" }), servicetest.Invalid("content.controls.2.justification", apperr.Required)},
		"a draft as master":     {bad(func(c *baselines.ContentInput) { c.Documents[0].DocumentVersionID = draft }), servicetest.Invalid("content.documents.0.documentVersionID", apperr.InvalidValue)},
		"another tenant's":      {bad(func(c *baselines.ContentInput) { c.Documents[0].DocumentVersionID = foreignVersion }), servicetest.Invalid("content.documents.0.documentVersionID", apperr.UnknownID)},
		"document key":          {bad(func(c *baselines.ContentInput) { c.Documents[0].Key = "方針" }), servicetest.Invalid("content.documents.0.key", apperr.InvalidFormat)},
		"risk method":           {bad(func(c *baselines.ContentInput) { c.RiskMethod.Method.Bands = nil }), servicetest.Invalid("content.riskMethod.method.bands", apperr.Required)},
		"risk method rule":      {bad(func(c *baselines.ContentInput) { c.RiskMethod.Rule = "" }), servicetest.Invalid("content.riskMethod.rule", apperr.InvalidValue)},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := w.s.CreateBaseline(o.Consultant.Ctx, baselines.CreateBaselineInput{Name: "全社", Content: tc.content})
			servicetest.Check(t, tc.want, err)
		})
	}
	for _, p := range []servicetest.Person{o.Secretariat, o.Member, o.Auditor} {
		_, err := w.s.CreateBaseline(p.Ctx, baselines.CreateBaselineInput{Name: "全社", Content: w.v1()})
		servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	}
	w.Unchanged(t, before)
}
