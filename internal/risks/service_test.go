package risks_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/asset"
	"secretariat/ent/riskasset"
	"secretariat/ent/riskcontrol"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/archive"
	"secretariat/internal/date"
	"secretariat/internal/language"
	"secretariat/internal/pulid"
	"secretariat/internal/risks"
	"secretariat/internal/riskscale"
	"secretariat/internal/servicetest"
	"secretariat/internal/tasks"

	"secretariat/ent/risk"
)

func newRiskService(f *servicetest.Fixture) *risks.Service {
	return risks.NewService(f.Client, tasks.NewService(f.Client, servicetest.Log), servicetest.Log)
}

// register adds a risk to company A as the secretariat.
func register(t *testing.T, f *servicetest.Fixture, s *risks.Service, likelihood, impact int, target ...int) *ent.Risk {
	t.Helper()
	in := risks.CreateRiskInput{CompanyID: f.Org.A, Title: "ランサムウェア感染", Likelihood: likelihood, Impact: impact}
	if len(target) == 2 {
		in.TargetLikelihood, in.TargetImpact = &target[0], &target[1]
	}
	r, err := s.Create(f.Org.Secretariat.Ctx, in)
	require.NoError(t, err)
	return r
}

func newAsset(f *servicetest.Fixture, company pulid.ID, name string, archived bool) pulid.ID {
	c := f.Client.Asset.Create().SetOrganizationID(f.OrgOf(company)).SetCompanyID(company).SetName(name).SetType(asset.TypeHARDWARE)
	if archived {
		c.SetArchivedAt(time.Now())
	}
	return c.SaveX(f.System).ID
}

// Score, level, residual score and residual level are computed by the company's method (by
// default likelihood × impact on 3×3, LOW from 1, MEDIUM from 4, HIGH from 6), never taken from
// input.
func TestRisks_ScoresComeFromTheMethod(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newRiskService(f)
	for _, tc := range []struct {
		name               string
		likelihood, impact int
		target             []int
		score              int
		level              string
		residualScore      *int
		residualLevel      *string
	}{
		{"1×1 is LOW", 1, 1, nil, 1, "LOW", nil, nil},
		{"1×3 is LOW", 1, 3, nil, 3, "LOW", nil, nil},
		{"2×2 is MEDIUM", 2, 2, nil, 4, "MEDIUM", nil, nil},
		{"2×3 is HIGH", 2, 3, nil, 6, "HIGH", nil, nil},
		{"3×3 is HIGH, its target 1×2 LOW", 3, 3, []int{1, 2}, 9, "HIGH", ptr(2), ptr("LOW")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := register(t, f, s, tc.likelihood, tc.impact, tc.target...)
			stored := f.Client.Risk.GetX(f.System, r.ID)
			assert.Equal(t, tc.score, stored.Score)
			assert.Equal(t, tc.level, stored.Level)
			assert.Equal(t, tc.residualScore, stored.ResidualScore)
			assert.Equal(t, tc.residualLevel, stored.ResidualLevel)
			assert.Equal(t, risk.StatusIDENTIFIED, stored.Status, "a new risk is IDENTIFIED")
		})
	}

	t.Run("an update recomputes, and clearing the target clears the residual", func(t *testing.T) {
		r := register(t, f, s, 1, 1, 1, 1)
		got, err := s.Update(f.Org.Secretariat.Ctx, risks.UpdateRiskInput{ID: r.ID, Likelihood: ptr(3), Null: []string{"targetLikelihood", "targetImpact"}})
		require.NoError(t, err)
		assert.Equal(t, 3, got.Score)
		assert.Equal(t, "LOW", got.Level)
		assert.Nil(t, got.ResidualScore)
		assert.Nil(t, got.ResidualLevel)
	})
}

func TestRisks_CreateRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newRiskService(f)
	o := f.Org
	register(t, f, s, 1, 1)
	mine, ofB, archived := newAsset(f, o.A, "基幹サーバ", false), newAsset(f, o.B, "B社サーバ", false), newAsset(f, o.A, "旧サーバ", true)
	f.Client.Company.UpdateOneID(o.B).SetArchivedAt(time.Now()).ExecX(f.System)
	valid := func(mod func(*risks.CreateRiskInput)) risks.CreateRiskInput {
		in := risks.CreateRiskInput{CompanyID: o.A, Title: " 情報漏えい ", Likelihood: 2, Impact: 3, OwnerID: &o.Member.UserID,
			Treatment: ptr(risk.TreatmentMITIGATE), AssetIDs: []pulid.ID{mine}, ControlRefs: []string{" A.5.15 ", "8.5", "5.15"}}
		if mod != nil {
			mod(&in)
		}
		return in
	}
	hundredOne := make([]string, 101)
	for _, tc := range []struct {
		name string
		ctx  context.Context
		in   risks.CreateRiskInput
		want servicetest.Want
	}{
		{"the secretariat registers a risk", o.Secretariat.Ctx, valid(nil), servicetest.OK},
		{"a consultant registers a risk", o.Consultant.Ctx, valid(nil), servicetest.OK},
		{"a member registers no risk", o.Member.Ctx, valid(nil), servicetest.Forbidden(apperr.RoleRequired)},
		{"an auditor registers no risk", o.Auditor.Ctx, valid(nil), servicetest.Forbidden(apperr.RoleRequired)},
		{"the title is required", o.Secretariat.Ctx, valid(func(in *risks.CreateRiskInput) { in.Title = "" }), servicetest.Invalid("title", apperr.Required)},
		{"the threat has at most 10,000 characters", o.Secretariat.Ctx, valid(func(in *risks.CreateRiskInput) { in.Threat = ptr(strings.Repeat("a", 10_001)) }), servicetest.Invalid("threat", apperr.TooLong)},
		{"a likelihood of 0 is outside the scale", o.Secretariat.Ctx, valid(func(in *risks.CreateRiskInput) { in.Likelihood = 0 }), servicetest.Invalid("likelihood", apperr.OutOfRange)},
		{"an impact of 4 is outside the default scale", o.Secretariat.Ctx, valid(func(in *risks.CreateRiskInput) { in.Impact = 4 }), servicetest.Invalid("impact", apperr.OutOfRange)},
		{"a target outside the scale is refused", o.Secretariat.Ctx, valid(func(in *risks.CreateRiskInput) { in.TargetLikelihood, in.TargetImpact = ptr(4), ptr(1) }), servicetest.Invalid("targetLikelihood", apperr.OutOfRange)},
		{"a target has both values or neither", o.Secretariat.Ctx, valid(func(in *risks.CreateRiskInput) { in.TargetLikelihood = ptr(1) }), servicetest.Invalid("targetImpact", apperr.ConflictingFields)},
		{"an unknown treatment is refused", o.Secretariat.Ctx, valid(func(in *risks.CreateRiskInput) { in.Treatment = ptr(risk.Treatment("IGNORE")) }), servicetest.Invalid("treatment", apperr.InvalidValue)},
		{"an unknown status is refused", o.Secretariat.Ctx, valid(func(in *risks.CreateRiskInput) { in.Status = ptr(risk.Status("DONE")) }), servicetest.Invalid("status", apperr.InvalidValue)},
		{"control references are Annex A controls", o.Secretariat.Ctx, valid(func(in *risks.CreateRiskInput) { in.ControlRefs = []string{"5.1", "9.9"} }), servicetest.Invalid("controlRefs", apperr.InvalidValue)},
		{"at most 100 controls", o.Secretariat.Ctx, valid(func(in *risks.CreateRiskInput) { in.ControlRefs = hundredOne }), servicetest.Invalid("controlRefs", apperr.TooLong)},
		{"the code is unique in the company", o.Secretariat.Ctx, valid(func(in *risks.CreateRiskInput) { in.Code = ptr("R-001") }), servicetest.Conflict(apperr.Duplicate)},
		{"the owner works in the company", o.Secretariat.Ctx, valid(func(in *risks.CreateRiskInput) { in.OwnerID = &f.Other.Member.UserID }), servicetest.Invalid("ownerID", apperr.InvalidValue)},
		{"an auditor owns no risk", o.Secretariat.Ctx, valid(func(in *risks.CreateRiskInput) { in.OwnerID = &o.Auditor.UserID }), servicetest.Invalid("ownerID", apperr.RoleRequired)},
		{"an asset of another company is refused", o.Owner.Ctx, valid(func(in *risks.CreateRiskInput) { in.AssetIDs = []pulid.ID{ofB} }), servicetest.Invalid("assetIDs", apperr.InvalidValue)},
		{"an asset not reached is unknown", o.Secretariat.Ctx, valid(func(in *risks.CreateRiskInput) { in.AssetIDs = []pulid.ID{ofB} }), servicetest.Invalid("assetIDs", apperr.UnknownID)},
		{"an archived asset is not linked", o.Secretariat.Ctx, valid(func(in *risks.CreateRiskInput) { in.AssetIDs = []pulid.ID{archived} }), servicetest.Invalid("assetIDs", apperr.Archived)},
		{"a company not granted is unknown", o.Secretariat.Ctx, valid(func(in *risks.CreateRiskInput) { in.CompanyID = o.B; in.AssetIDs = nil }), servicetest.Invalid("companyID", apperr.UnknownID)},
		{"an archived company takes no risk", o.Owner.Ctx, valid(func(in *risks.CreateRiskInput) { in.CompanyID = o.B; in.AssetIDs = nil }), servicetest.Invalid("companyID", apperr.Archived)},
		{"a company of another organization is unknown", o.Owner.Ctx, valid(func(in *risks.CreateRiskInput) { in.CompanyID = f.Other.A; in.AssetIDs = nil }), servicetest.Invalid("companyID", apperr.UnknownID)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.Snapshot(t)
			r, err := s.Create(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			stored := f.Client.Risk.GetX(f.System, r.ID)
			assert.Equal(t, "情報漏えい", stored.Title)
			assert.Regexp(t, `^R-\d{3}$`, stored.Code, "numbered in the register")
			assert.Equal(t, 6, stored.Score)
			var refs []string
			for _, l := range f.Client.RiskControl.Query().Where(riskcontrol.RiskID(r.ID)).AllX(f.System) {
				refs = append(refs, l.ControlRef)
			}
			assert.ElementsMatch(t, []string{"5.15", "8.5"}, refs, "references are trimmed, A. dropped, duplicates once")
			assert.Equal(t, 1, f.Client.RiskAsset.Query().Where(riskasset.RiskID(r.ID)).CountX(f.System))
		})
	}
}

// Risks are numbered … in each company, after the highest in use.
func TestRisks_CodesNumberTheRegister(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newRiskService(f)
	ctx := f.Org.Consultant.Ctx
	create := func(company pulid.ID, code *string) string {
		t.Helper()
		r, err := s.Create(ctx, risks.CreateRiskInput{CompanyID: company, Title: "リスク", Likelihood: 1, Impact: 1, Code: code})
		require.NoError(t, err)
		return r.Code
	}
	assert.Equal(t, "R-001", create(f.Org.A, nil))
	assert.Equal(t, "R-002", create(f.Org.A, nil))
	assert.Equal(t, "R-001", create(f.Org.B, nil), "each company numbers its own")
	assert.Equal(t, "R-050", create(f.Org.A, ptr("R-050")))
	assert.Equal(t, "R-051", create(f.Org.A, nil), "after the highest in use")
	assert.Equal(t, "外部-1", create(f.Org.A, ptr("外部-1")), "a code of another form is kept")
	assert.Equal(t, "R-052", create(f.Org.A, nil))
}

func TestRisks_UpdateRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newRiskService(f)
	o := f.Org
	taken := register(t, f, s, 1, 1)
	mine := newAsset(f, o.A, "基幹サーバ", false)
	for _, tc := range []struct {
		name  string
		ctx   context.Context
		in    risks.UpdateRiskInput
		want  servicetest.Want
		check func(t *testing.T, r *ent.Risk)
	}{
		{"the links given replace the old ones", o.Secretariat.Ctx, risks.UpdateRiskInput{AssetIDs: []pulid.ID{mine}, ControlRefs: []string{"8.7"}}, servicetest.OK, func(t *testing.T, r *ent.Risk) {
			assert.Equal(t, 1, f.Client.RiskAsset.Query().Where(riskasset.RiskID(r.ID)).CountX(f.System))
			assert.Equal(t, "8.7", f.Client.RiskControl.Query().Where(riskcontrol.RiskID(r.ID)).OnlyX(f.System).ControlRef)
		}},
		{"null clears the links", o.Secretariat.Ctx, risks.UpdateRiskInput{Null: []string{"controlRefs"}}, servicetest.OK, func(t *testing.T, r *ent.Risk) {
			assert.Zero(t, f.Client.RiskControl.Query().Where(riskcontrol.RiskID(r.ID)).CountX(f.System))
		}},
		{"null clears the owner and a blank threat clears it", o.Secretariat.Ctx, risks.UpdateRiskInput{Threat: ptr(" "), Null: []string{"ownerID"}}, servicetest.OK, func(t *testing.T, r *ent.Risk) {
			assert.Nil(t, r.OwnerID)
			assert.Nil(t, r.Threat)
		}},
		{"the status moves to ASSESSED", o.Secretariat.Ctx, risks.UpdateRiskInput{Status: ptr(risk.StatusASSESSED)}, servicetest.OK, func(t *testing.T, r *ent.Risk) {
			assert.Equal(t, risk.StatusASSESSED, r.Status)
		}},
		{"the code of another risk is refused", o.Secretariat.Ctx, risks.UpdateRiskInput{Code: ptr(taken.Code)}, servicetest.Conflict(apperr.Duplicate), nil},
		{"the code cannot be blank", o.Secretariat.Ctx, risks.UpdateRiskInput{Code: ptr(" ")}, servicetest.Invalid("code", apperr.Required), nil},
		{"the title cannot be null", o.Secretariat.Ctx, risks.UpdateRiskInput{Null: []string{"title"}}, servicetest.Invalid("title", apperr.Required), nil},
		{"the likelihood cannot be null", o.Secretariat.Ctx, risks.UpdateRiskInput{Null: []string{"likelihood"}}, servicetest.Invalid("likelihood", apperr.Required), nil},
		{"the status cannot be null", o.Secretariat.Ctx, risks.UpdateRiskInput{Null: []string{"status"}}, servicetest.Invalid("status", apperr.Required), nil},
		{"a target left half is refused", o.Secretariat.Ctx, risks.UpdateRiskInput{Null: []string{"targetImpact"}}, servicetest.Invalid("targetImpact", apperr.ConflictingFields), nil},
		{"an impact outside the scale is refused", o.Secretariat.Ctx, risks.UpdateRiskInput{Impact: ptr(7)}, servicetest.Invalid("impact", apperr.OutOfRange), nil},
		{"the owner cannot become an auditor", o.Secretariat.Ctx, risks.UpdateRiskInput{OwnerID: &o.Auditor.UserID}, servicetest.Invalid("ownerID", apperr.RoleRequired), nil},
		{"a member changes no risk", o.Member.Ctx, risks.UpdateRiskInput{Title: ptr("x")}, servicetest.Forbidden(apperr.RoleRequired), nil},
		{"another organization does not find the risk", f.Other.Owner.Ctx, risks.UpdateRiskInput{Title: ptr("x")}, servicetest.NotFound, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := s.Create(o.Secretariat.Ctx, risks.CreateRiskInput{CompanyID: o.A, Title: "標的型攻撃", Threat: ptr("メール"), Likelihood: 2, Impact: 2,
				TargetLikelihood: ptr(1), TargetImpact: ptr(1), OwnerID: &o.Member.UserID, ControlRefs: []string{"5.1", "6.3"}})
			require.NoError(t, err)
			tc.in.ID = r.ID
			before := f.Snapshot(t)
			_, err = s.Update(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			tc.check(t, f.Client.Risk.GetX(f.System, r.ID))
		})
	}

	t.Run("an archived risk does not change until restored", func(t *testing.T) {
		r := register(t, f, s, 2, 2)
		_, err := s.SetArchived(o.Secretariat.Ctx, archive.Input{ID: r.ID}, true)
		require.NoError(t, err)
		before := f.Snapshot(t)
		_, err = s.Update(o.Secretariat.Ctx, risks.UpdateRiskInput{ID: r.ID, Likelihood: ptr(3)})
		servicetest.Check(t, servicetest.Invalid("id", apperr.Archived), err)
		_, err = s.AddTreatmentTask(o.Secretariat.Ctx, risks.AddTreatmentTaskInput{RiskID: r.ID, Title: "対策", DueDate: date.New(2026, 9, 30)})
		servicetest.Check(t, servicetest.Invalid("id", apperr.Archived), err)
		_, err = s.SetArchived(o.Member.Ctx, archive.Input{ID: r.ID}, false)
		servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
		f.Unchanged(t, before)
		_, err = s.SetArchived(o.Secretariat.Ctx, archive.Input{ID: r.ID}, false)
		require.NoError(t, err)
		_, err = s.Update(o.Secretariat.Ctx, risks.UpdateRiskInput{ID: r.ID, Likelihood: ptr(3)})
		assert.NoError(t, err)
	})
}

// A treatment plan's items are tasks of the risk's company (source RISK_TREATMENT); the first
// moves a risk still IDENTIFIED or ASSESSED to TREATING.
func TestRisks_TreatmentTasksMoveTheRiskToTreating(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newRiskService(f)
	o := f.Org
	due := date.New(2026, 9, 30)
	for _, tc := range []struct {
		from, to risk.Status
	}{
		{risk.StatusIDENTIFIED, risk.StatusTREATING},
		{risk.StatusASSESSED, risk.StatusTREATING},
		{risk.StatusTREATING, risk.StatusTREATING},
	} {
		t.Run("a "+string(tc.from)+" risk becomes "+string(tc.to), func(t *testing.T) {
			r := register(t, f, s, 3, 3)
			f.Client.Risk.UpdateOne(r).SetStatus(tc.from).ExecX(f.System)
			tk, err := s.AddTreatmentTask(o.Secretariat.Ctx, risks.AddTreatmentTaskInput{RiskID: r.ID, Title: "バックアップの隔離", DueDate: due, AssigneeID: &o.Member.UserID})
			require.NoError(t, err)
			assert.Equal(t, tc.to, f.Client.Risk.GetX(f.System, r.ID).Status)
			stored := f.Client.Task.GetX(f.System, tk.ID)
			assert.Equal(t, task.SourceRISK_TREATMENT, stored.Source)
			assert.Equal(t, &r.ID, stored.SourceID)
			assert.Equal(t, o.A, stored.CompanyID)
		})
	}
	for _, tc := range []struct {
		name string
		ctx  context.Context
		in   risks.AddTreatmentTaskInput
		want servicetest.Want
	}{
		{"a member adds no treatment task", o.Member.Ctx, risks.AddTreatmentTaskInput{Title: "対策", DueDate: due, AssigneeID: &o.Secretariat.UserID}, servicetest.Forbidden(apperr.RoleRequired)},
		{"the task's rules apply: a title", o.Secretariat.Ctx, risks.AddTreatmentTaskInput{Title: " ", DueDate: due}, servicetest.Invalid("title", apperr.Required)},
		{"the task's rules apply: no auditor assigned", o.Secretariat.Ctx, risks.AddTreatmentTaskInput{Title: "対策", DueDate: due, AssigneeID: &o.Auditor.UserID}, servicetest.Invalid("assigneeID", apperr.RoleRequired)},
		{"another organization does not find the risk", f.Other.Owner.Ctx, risks.AddTreatmentTaskInput{Title: "対策", DueDate: due}, servicetest.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := register(t, f, s, 3, 3)
			tc.in.RiskID = r.ID
			before := f.Snapshot(t)
			_, err := s.AddTreatmentTask(tc.ctx, tc.in)
			servicetest.Check(t, tc.want, err)
			f.Unchanged(t, before)
			assert.Equal(t, risk.StatusIDENTIFIED, f.Client.Risk.GetX(f.System, r.ID).Status)
		})
	}
}

// method builds a method of l×i steps with the rule, bands starting at the scores given (LOW,
// MEDIUM, HIGH …) and the threshold.
func method(l, i int, rule riskscale.Rule, threshold int, bandStarts ...int) risks.UpdateMethodInput {
	steps := func(n int) []riskscale.Step {
		out := make([]riskscale.Step, n)
		for k := range out {
			out[k] = riskscale.Step{Value: k + 1, LabelJa: "段階", LabelEn: "step"}
		}
		return out
	}
	codes := []string{"LOW", "MEDIUM", "HIGH", "CRITICAL"}
	var bands []riskscale.Band
	for k, start := range bandStarts {
		bands = append(bands, riskscale.Band{MinScore: start, Level: codes[k], LabelJa: "レベル", LabelEn: "level"})
	}
	return risks.UpdateMethodInput{Likelihood: steps(l), Impact: steps(i), Rule: rule, Bands: bands, AcceptanceThreshold: threshold}
}

func TestRisks_MethodValidation(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newRiskService(f)
	o := f.Org
	five := method(5, 5, riskscale.Product, 8, 1, 5, 10, 17)
	f.Client.Company.UpdateOneID(o.B).SetArchivedAt(time.Now()).ExecX(f.System)
	for _, tc := range []struct {
		name string
		ctx  context.Context
		in   func() risks.UpdateMethodInput
		want servicetest.Want
	}{
		{"the secretariat sets a 5×5 method", o.Secretariat.Ctx, func() risks.UpdateMethodInput { return five }, servicetest.OK},
		{"a SUM rule is a method", o.Consultant.Ctx, func() risks.UpdateMethodInput { return method(3, 3, riskscale.Sum, 4, 2, 4) }, servicetest.OK},
		{"a member sets no method", o.Member.Ctx, func() risks.UpdateMethodInput { return five }, servicetest.Forbidden(apperr.RoleRequired)},
		{"a scale has at least 2 steps", o.Secretariat.Ctx, func() risks.UpdateMethodInput { return method(1, 3, riskscale.Product, 2, 1) }, servicetest.Invalid("likelihood", apperr.OutOfRange)},
		{"a scale has at most 10 steps", o.Secretariat.Ctx, func() risks.UpdateMethodInput { return method(3, 11, riskscale.Product, 2, 1) }, servicetest.Invalid("impact", apperr.OutOfRange)},
		{"steps are valued 1, 2, 3 … in order", o.Secretariat.Ctx, func() risks.UpdateMethodInput {
			m := method(3, 3, riskscale.Product, 3, 1)
			m.Likelihood[1].Value = 3
			return m
		}, servicetest.Invalid("likelihood", apperr.InvalidValue)},
		{"every step has both labels", o.Secretariat.Ctx, func() risks.UpdateMethodInput {
			m := method(3, 3, riskscale.Product, 3, 1)
			m.Impact[2].LabelEn = " "
			return m
		}, servicetest.Invalid("impact", apperr.Required)},
		{"a label has at most 100 characters", o.Secretariat.Ctx, func() risks.UpdateMethodInput {
			m := method(3, 3, riskscale.Product, 3, 1)
			m.Likelihood[0].LabelJa = strings.Repeat("長", 101)
			return m
		}, servicetest.Invalid("likelihood", apperr.TooLong)},
		{"an unknown rule is refused", o.Secretariat.Ctx, func() risks.UpdateMethodInput { return method(3, 3, "AVERAGE", 3, 1) }, servicetest.Invalid("rule", apperr.InvalidValue)},
		{"a method needs a level", o.Secretariat.Ctx, func() risks.UpdateMethodInput { return method(3, 3, riskscale.Product, 3) }, servicetest.Invalid("bands", apperr.Required)},
		{"the first level starts at the lowest score", o.Secretariat.Ctx, func() risks.UpdateMethodInput { return method(3, 3, riskscale.Product, 3, 2, 4) }, servicetest.Invalid("bands", apperr.InvalidValue)},
		{"levels start at increasing scores", o.Secretariat.Ctx, func() risks.UpdateMethodInput { return method(3, 3, riskscale.Product, 3, 1, 6, 4) }, servicetest.Invalid("bands", apperr.InvalidValue)},
		{"the threshold is a score of the method", o.Secretariat.Ctx, func() risks.UpdateMethodInput { return method(3, 3, riskscale.Product, 10, 1) }, servicetest.Invalid("acceptanceThreshold", apperr.OutOfRange)},
		{"a company of another organization is unknown", o.Owner.Ctx, func() risks.UpdateMethodInput {
			m := five
			m.CompanyID = f.Other.A
			return m
		}, servicetest.Invalid("companyID", apperr.UnknownID)},
		{"an archived company keeps its method", o.Owner.Ctx, func() risks.UpdateMethodInput {
			m := five
			m.CompanyID = o.B
			return m
		}, servicetest.Invalid("companyID", apperr.Archived)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in()
			if in.CompanyID == "" {
				in.CompanyID = o.A
			}
			before := f.Snapshot(t)
			view, err := s.UpdateMethod(tc.ctx, in, language.Request{Asked: "ja"})
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			assert.False(t, view.IsDefault())
			stored, err := s.Method(o.Owner.Ctx, o.A)
			require.NoError(t, err)
			assert.Equal(t, in.Rule, stored.Rule)
		})
	}
}

// Changing the method recomputes every risk of the company, archived ones included, in the same
// transaction; it is refused, changing nothing, while a risk lies outside a smaller scale.
func TestRisks_MethodChangeRecomputesTheRegister(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newRiskService(f)
	o := f.Org
	ctx := o.Secretariat.Ctx
	ja := language.Request{Asked: "ja"}
	forA := func(m risks.UpdateMethodInput) risks.UpdateMethodInput { m.CompanyID = o.A; return m }
	big, err := s.UpdateMethod(ctx, forA(method(5, 5, riskscale.Product, 8, 1, 5, 10, 17)), ja)
	require.NoError(t, err)
	require.False(t, big.IsDefault())
	low := register(t, f, s, 2, 3, 1, 1)
	high := register(t, f, s, 5, 4)
	archived := register(t, f, s, 3, 3)
	_, err = s.SetArchived(ctx, archive.Input{ID: archived.ID}, true)
	require.NoError(t, err)
	assert.Equal(t, 20, f.Client.Risk.GetX(f.System, high.ID).Score)
	assert.Equal(t, "CRITICAL", f.Client.Risk.GetX(f.System, high.ID).Level)

	before := f.Snapshot(t)
	_, err = s.UpdateMethod(ctx, forA(method(3, 3, riskscale.Product, 3, 1, 4, 6)), ja)
	servicetest.Check(t, servicetest.Invalid("likelihood", apperr.StaleState), err)
	servicetest.Check(t, servicetest.Invalid("impact", apperr.StaleState), err)
	f.Unchanged(t, before)

	_, err = s.UpdateMethod(ctx, forA(method(5, 5, riskscale.Sum, 5, 2, 6, 9)), ja)
	require.NoError(t, err)
	for _, tc := range []struct {
		r             *ent.Risk
		score         int
		level         string
		residualScore *int
	}{
		{low, 5, "LOW", ptr(2)},
		{high, 9, "HIGH", nil},
		{archived, 6, "MEDIUM", nil},
	} {
		got := f.Client.Risk.GetX(f.System, tc.r.ID)
		assert.Equal(t, tc.score, got.Score, tc.r.Code)
		assert.Equal(t, tc.level, got.Level, tc.r.Code)
		assert.Equal(t, tc.residualScore, got.ResidualScore, tc.r.Code)
	}
	assert.Equal(t, 0, f.Client.Risk.Query().Where(risk.CompanyID(o.B)).CountX(f.System), "company B's register is its own")
}

// Who accepts a risk (ISO/IEC 27001 6.1.3 f): its owner, whatever the role, or top management
// (OWNER, ADMIN); nobody else, and never an auditor. The secretariat records each acceptance;
// a refusal writes nothing. internal/server TestRisks_TheAPIAndTheImportAcceptAlike runs the
// same table through the API and the Excel import.
func TestRisks_WhoAcceptsARisk(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newRiskService(f)
	o := f.Org
	refused := servicetest.Invalid("acceptedByID", apperr.RoleRequired)
	for _, tc := range []struct {
		name            string
		approver, owner *servicetest.Person
		want            servicetest.Want
	}{
		{"the OWNER, who does not own the risk", &o.Owner, &o.Member, servicetest.OK},
		{"an ADMIN, who does not own the risk", &o.Admin, &o.Member, servicetest.OK},
		{"a MEMBER who owns the risk", &o.Member, &o.Member, servicetest.OK},
		{"a SECRETARIAT who owns the risk", &o.Secretariat, &o.Secretariat, servicetest.OK},
		{"a CONSULTANT who owns the risk", &o.Consultant, &o.Consultant, servicetest.OK},
		{"a MEMBER who does not own the risk", &o.Member, &o.Secretariat, refused},
		{"a SECRETARIAT who does not own the risk", &o.Secretariat, &o.Member, refused},
		{"a CONSULTANT who does not own the risk", &o.Consultant, &o.Member, refused},
		{"a MEMBER, the risk having no owner", &o.Member, nil, refused},
		{"an AUDITOR", &o.Auditor, &o.Member, refused},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := risks.CreateRiskInput{CompanyID: o.A, Title: "委託先の情報漏えい", Likelihood: 1, Impact: 1}
			if tc.owner != nil {
				in.OwnerID = &tc.owner.UserID
			}
			r, err := s.Create(o.Secretariat.Ctx, in)
			require.NoError(t, err)
			before := f.Snapshot(t)
			got, err := s.Accept(o.Secretariat.Ctx, risks.AcceptRiskInput{ID: r.ID, ApproverID: &tc.approver.UserID, ExpiresOn: date.New(2099, 3, 31)})
			if servicetest.Check(t, tc.want, err) && !tc.want.Fails() {
				assert.Equal(t, risk.StatusACCEPTED, got.Status)
				assert.Equal(t, tc.approver.UserID, *got.AcceptedByID)
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
			}
		})
	}
}
