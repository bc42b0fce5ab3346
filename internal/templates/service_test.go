package templates_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/companychecklist"
	"secretariat/ent/controlimplementation"
	"secretariat/ent/document"
	"secretariat/ent/documentversion"
	"secretariat/ent/meeting"
	"secretariat/ent/riskmethod"
	"secretariat/ent/task"
	"secretariat/ent/templateapplication"
	"secretariat/ent/templatesetversion"
	"secretariat/ent/trainingcourse"
	"secretariat/internal/apperr"
	"secretariat/internal/archive"
	"secretariat/internal/audits"
	"secretariat/internal/billing"
	"secretariat/internal/blob"
	"secretariat/internal/checklist"
	"secretariat/internal/companies"
	"secretariat/internal/controls"
	"secretariat/internal/date"
	"secretariat/internal/documents"
	"secretariat/internal/language"
	"secretariat/internal/meetings"
	"secretariat/internal/pulid"
	"secretariat/internal/risks"
	"secretariat/internal/riskscale"
	"secretariat/internal/servicetest"
	"secretariat/internal/tasks"
	"secretariat/internal/templates"
	"secretariat/internal/training"
)

// accepted is billing that takes every new company (the billing module's own limits are tested
// beside it and over the API).
type accepted struct{}

func (accepted) UnitsChanged(context.Context, billing.Change) error { return nil }

type world struct {
	*servicetest.Fixture
	s         *templates.Service
	checklist pulid.ID
}

func newWorld(t *testing.T, f *servicetest.Fixture) *world {
	t.Helper()
	blobs := blob.NewLocal(t.TempDir())
	ts := tasks.NewService(f.Client, servicetest.Log)
	docs := documents.NewService(f.Client, blobs, servicetest.Log)
	s := templates.NewService(f.Client, f.DB, templates.Modules{
		Companies:  companies.NewService(f.Client, accepted{}, servicetest.Log),
		Documents:  docs,
		Checklists: audits.NewService(f.Client, ts, docs, blobs, servicetest.Log),
		Controls:   controls.NewService(f.Client, docs, servicetest.Log),
		Risks:      risks.NewService(f.Client, ts, servicetest.Log),
		Tasks:      ts,
		Meetings:   meetings.NewService(f.Client, ts, docs, servicetest.Log),
		Training:   training.NewService(f.Client, servicetest.Log),
	}, servicetest.Log)
	s.SetClock(func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, date.Calendar) })
	w := &world{Fixture: f, s: s}
	w.checklist = f.Client.ChecklistTemplate.Create().SetOrganizationID(f.Org.ID).SetTitle("標準内部監査チェックリスト").
		SetQuestions([]checklist.Question{{Question: "方針は周知されているか"}}).SaveX(f.System).ID
	return w
}

func ptr[T any](v T) *T { return &v }

// kit is a set-up kit with every kind of template.
func (w *world) kit() templates.Content {
	method := riskscale.Default()
	method.AcceptanceThreshold = 2
	return templates.Content{
		Documents: []templates.Document{
			{Key: "policy", Title: "{{company.name}} 情報セキュリティ基本方針", Kind: document.KindPOLICY, Body: "# 基本方針\n{{company.name}}（{{company.alternateName}}）は {{startOn}} よりISMSを運用する。\n適用範囲: {{ company.scopeStatement }}"},
			{Key: "access-rules", Title: "アクセス管理規程", Kind: document.KindSTANDARD, Body: "# アクセス管理\n最小権限とする。", ReviewIntervalMonths: ptr(12)},
		},
		ChecklistTemplateIDs: []pulid.ID{w.checklist},
		RiskMethod:           &method,
		Controls: []templates.ControlDefault{
			{Ref: "5.1", Applicable: true, Justification: ptr("基本方針で定める")},
			{Ref: "7.4", Applicable: false, Justification: ptr("物理的な拠点を持たないため")},
		},
		Tasks: []templates.Task{
			{Title: "リスクアセスメントの実施", DueInDays: 60},
			{Title: "アクセス権の棚卸し", DueInDays: 90, Recurrence: ptr(task.RecurrenceQUARTERLY), Priority: ptr(task.PriorityHIGH)},
		},
		Meetings: []templates.MeetingCadence{
			{Kind: meeting.KindSECRETARIAT_REGULAR, Title: "事務局定例", EveryMonths: 3, At: "10:00", Agenda: []string{"進捗確認", "課題"}},
			{Kind: meeting.KindMANAGEMENT_REVIEW, Title: "マネジメントレビュー", EveryMonths: 12, At: "15:30"},
		},
		Courses: []templates.Course{
			{Title: "新入社員向け情報セキュリティ研修", Kind: trainingcourse.KindNEW_HIRE, PassMark: ptr(80), DueDays: ptr(30)},
		},
	}
}

func (w *world) newSet(t *testing.T, c templates.Content) *ent.TemplateSet {
	t.Helper()
	set, err := w.s.CreateTemplateSet(w.Org.Consultant.Ctx, templates.CreateTemplateSetInput{Name: "標準ISMS立上げキット", Content: c})
	require.NoError(t, err)
	return set
}

func (w *world) latest(t *testing.T, set *ent.TemplateSet) *ent.TemplateSetVersion {
	t.Helper()
	return w.Client.TemplateSetVersion.Query().Where(templatesetversion.TemplateSetID(set.ID)).Order(ent.Desc(templatesetversion.FieldNumber)).FirstX(w.System)
}

func TestTemplates_ASetIsPublishedInVersionsEachItemCheckedAsItsModuleWould(t *testing.T) {
	w := newWorld(t, servicetest.SQLite(t))
	o := w.Org
	set := w.newSet(t, w.kit())
	v1 := w.latest(t, set)
	assert.Equal(t, 1, v1.Number)
	assert.Equal(t, o.Consultant.UserID, v1.PublishedByID)

	next := w.kit()
	next.Documents[0].Body = "# 基本方針（改訂）"
	v2, err := w.s.PublishVersion(o.Admin.Ctx, templates.PublishTemplateSetVersionInput{TemplateSetID: set.ID, Note: ptr("方針を改訂"), Content: next})
	require.NoError(t, err)
	assert.Equal(t, 2, v2.Number)
	assert.Equal(t, 2, w.Client.TemplateSet.GetX(w.System, set.ID).LatestVersion)
	first, err := w.s.Content(w.Client.TemplateSetVersion.GetX(w.System, v1.ID))
	require.NoError(t, err)
	assert.Contains(t, first.Documents[0].Body, "{{company.name}}", "a published version is never rewritten")
	second, err := w.s.Content(v2)
	require.NoError(t, err)
	assert.Equal(t, "# 基本方針（改訂）", second.Documents[0].Body)
	assert.Equal(t, 2, second.RiskMethod.AcceptanceThreshold)

	bad := func(change func(c *templates.Content)) templates.Content {
		c := w.kit()
		change(&c)
		return c
	}
	foreign := w.Client.ChecklistTemplate.Create().SetOrganizationID(w.Other.ID).SetTitle("他社").SetQuestions([]checklist.Question{{Question: "x"}}).SaveX(w.System).ID
	for name, tc := range map[string]struct {
		content templates.Content
		want    servicetest.Want
	}{
		"nothing":               {templates.Content{}, servicetest.Invalid("content", apperr.Required)},
		"unknown placeholder":   {bad(func(c *templates.Content) { c.Documents[1].Body = "{{company.ceo}} が承認する" }), servicetest.Invalid("content.documents.1.body", apperr.InvalidValue)},
		"placeholder in title":  {bad(func(c *templates.Content) { c.Documents[0].Title = "{{company}} 方針" }), servicetest.Invalid("content.documents.0.title", apperr.InvalidValue)},
		"same key twice":        {bad(func(c *templates.Content) { c.Documents[1].Key = "policy" }), servicetest.Invalid("content.documents.1.key", apperr.Duplicate)},
		"key not a slug":        {bad(func(c *templates.Content) { c.Documents[0].Key = "基本方針" }), servicetest.Invalid("content.documents.0.key", apperr.InvalidFormat)},
		"document title":        {bad(func(c *templates.Content) { c.Documents[0].Title = " " }), servicetest.Invalid("content.documents.0.title", apperr.Required)},
		"document kind":         {bad(func(c *templates.Content) { c.Documents[0].Kind = "MEMO" }), servicetest.Invalid("content.documents.0.kind", apperr.InvalidValue)},
		"too many documents":    {bad(func(c *templates.Content) { c.Documents = make([]templates.Document, 101) }), servicetest.Invalid("content.documents", apperr.TooLong)},
		"foreign checklist":     {bad(func(c *templates.Content) { c.ChecklistTemplateIDs = []pulid.ID{foreign} }), servicetest.Invalid("content.checklistTemplateIDs.0", apperr.UnknownID)},
		"risk method":           {bad(func(c *templates.Content) { c.RiskMethod.Likelihood = c.RiskMethod.Likelihood[:1] }), servicetest.Invalid("content.riskMethod.likelihood", apperr.OutOfRange)},
		"unknown control":       {bad(func(c *templates.Content) { c.Controls[0].Ref = "9.9" }), servicetest.Invalid("content.controls.0.ref", apperr.InvalidValue)},
		"control twice":         {bad(func(c *templates.Content) { c.Controls[1].Ref = "5.1" }), servicetest.Invalid("content.controls.1.ref", apperr.Duplicate)},
		"exclusion unjustified": {bad(func(c *templates.Content) { c.Controls[1].Justification = nil }), servicetest.Invalid("content.controls.1.justification", apperr.Required)},
		"task title":            {bad(func(c *templates.Content) { c.Tasks[0].Title = "" }), servicetest.Invalid("content.tasks.0.title", apperr.Required)},
		"task due":              {bad(func(c *templates.Content) { c.Tasks[1].DueInDays = 731 }), servicetest.Invalid("content.tasks.1.dueInDays", apperr.OutOfRange)},
		"task recurrence":       {bad(func(c *templates.Content) { c.Tasks[0].Recurrence = ptr(task.Recurrence("DAILY")) }), servicetest.Invalid("content.tasks.0.recurrence", apperr.InvalidValue)},
		"meeting cadence":       {bad(func(c *templates.Content) { c.Meetings[0].EveryMonths = 5 }), servicetest.Invalid("content.meetings.0.everyMonths", apperr.InvalidValue)},
		"meeting time":          {bad(func(c *templates.Content) { c.Meetings[1].At = "25:00" }), servicetest.Invalid("content.meetings.1.at", apperr.InvalidFormat)},
		"meeting agenda":        {bad(func(c *templates.Content) { c.Meetings[0].Agenda = []string{" "} }), servicetest.Invalid("content.meetings.0.agenda", apperr.Required)},
		"drill without drill":   {bad(func(c *templates.Content) { c.Courses[0].Kind = trainingcourse.KindDRILL; c.Courses[0].PassMark = nil }), servicetest.Invalid("content.courses.0.drill", apperr.Required)},
	} {
		t.Run(name, func(t *testing.T) {
			before := w.Snapshot(t)
			_, err := w.s.PublishVersion(o.Consultant.Ctx, templates.PublishTemplateSetVersionInput{TemplateSetID: set.ID, Content: tc.content})
			servicetest.Check(t, tc.want, err)
			_, err = w.s.CreateTemplateSet(o.Consultant.Ctx, templates.CreateTemplateSetInput{Name: "別キット", Content: tc.content})
			servicetest.Check(t, tc.want, err)
			w.Unchanged(t, before)
		})
	}

	t.Run("the library is the consultancy's", func(t *testing.T) {
		before := w.Snapshot(t)
		for _, p := range []servicetest.Person{o.Secretariat, o.Member, o.Auditor} {
			_, err := w.s.CreateTemplateSet(p.Ctx, templates.CreateTemplateSetInput{Name: "x", Content: w.kit()})
			servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
			assert.Zero(t, w.Client.TemplateSet.Query().CountX(p.Ctx), "%s reads no template set", p.Role)
			assert.Zero(t, w.Client.TemplateSetVersion.Query().CountX(p.Ctx), "%s reads no version", p.Role)
			_, err = w.s.PublishVersion(p.Ctx, templates.PublishTemplateSetVersionInput{TemplateSetID: set.ID, Content: w.kit()})
			servicetest.Check(t, servicetest.Invalid("templateSetID", apperr.UnknownID), err)
		}
		_, err := w.s.PublishVersion(w.Other.Owner.Ctx, templates.PublishTemplateSetVersionInput{TemplateSetID: set.ID, Content: w.kit()})
		servicetest.Check(t, servicetest.Invalid("templateSetID", apperr.UnknownID), err)
		_, err = w.s.UpdateTemplateSet(w.Other.Owner.Ctx, templates.UpdateTemplateSetInput{ID: set.ID, Name: ptr("乗っ取り")})
		servicetest.Check(t, servicetest.Invalid("id", apperr.UnknownID), err)
		w.Unchanged(t, before)
	})

	t.Run("renamed, archived and restored", func(t *testing.T) {
		got, err := w.s.UpdateTemplateSet(o.Consultant.Ctx, templates.UpdateTemplateSetInput{ID: set.ID, Name: ptr(" 標準キット "), Description: ptr("新規顧客向け")})
		require.NoError(t, err)
		assert.Equal(t, "標準キット", got.Name)
		got, err = w.s.UpdateTemplateSet(o.Consultant.Ctx, templates.UpdateTemplateSetInput{ID: set.ID, Null: []string{"description", "name"}})
		servicetest.Check(t, servicetest.Invalid("name", apperr.Required), err)
		assert.Nil(t, got)
		_, err = w.s.SetArchived(o.Consultant.Ctx, archive.Input{ID: set.ID}, true)
		require.NoError(t, err)
		before := w.Snapshot(t)
		_, err = w.s.PublishVersion(o.Consultant.Ctx, templates.PublishTemplateSetVersionInput{TemplateSetID: set.ID, Content: w.kit()})
		servicetest.Check(t, servicetest.Invalid("templateSetID", apperr.Archived), err)
		_, err = w.s.CreateCompanyFromTemplate(o.Owner.Ctx, templates.CreateCompanyFromTemplateInput{TemplateSetVersionID: v2.ID, Company: companies.CreateCompanyInput{Name: "新規"}}, language.Request{})
		servicetest.Check(t, servicetest.Invalid("templateSetVersionID", apperr.Archived), err)
		w.Unchanged(t, before)
		_, err = w.s.SetArchived(o.Consultant.Ctx, archive.Input{ID: set.ID}, false)
		require.NoError(t, err)
		_, err = w.s.PublishVersion(o.Consultant.Ctx, templates.PublishTemplateSetVersionInput{TemplateSetID: set.ID, Content: w.kit()})
		require.NoError(t, err)
	})
}

func TestTemplates_ACompanyIsSetUpFromAVersionAllOrNothing(t *testing.T) {
	servicetest.Each(t, func(t *testing.T, f *servicetest.Fixture) {
		w := newWorld(t, f)
		o := w.Org
		set := w.newSet(t, w.kit())
		v := w.latest(t, set)
		start := date.New(2027, time.January, 15)
		in := templates.CreateCompanyFromTemplateInput{TemplateSetVersionID: v.ID, StartOn: &start,
			Company: companies.CreateCompanyInput{Name: "株式会社ミライ", AlternateName: ptr("MIRAI"), ScopeStatement: ptr("本社の全業務")}}

		t.Run("refused, nothing is left", func(t *testing.T) {
			long := w.kit()
			long.Documents[1].Title = "{{company.name}}" + strings.Repeat("規", 280)
			longSet := w.newSet(t, long)
			before := w.Snapshot(t)
			for _, tc := range []struct {
				name string
				ctx  context.Context
				in   templates.CreateCompanyFromTemplateInput
				want servicetest.Want
			}{
				{"a consultant creates no company", o.Consultant.Ctx, in, servicetest.Forbidden(apperr.RoleRequired)},
				{"another organization's version", w.Other.Owner.Ctx, in, servicetest.Invalid("templateSetVersionID", apperr.UnknownID)},
				{"the company's own input", o.Owner.Ctx, templates.CreateCompanyFromTemplateInput{TemplateSetVersionID: v.ID}, servicetest.Invalid("company.name", apperr.Required)},
				// The name makes the second document's title too long: the company and the first
				// document were written, and are undone.
				{"a document the company's name makes too long", o.Owner.Ctx, templates.CreateCompanyFromTemplateInput{TemplateSetVersionID: w.latest(t, longSet).ID, Company: companies.CreateCompanyInput{Name: "株式会社" + strings.Repeat("未来", 15)}}, servicetest.Invalid("templateSetVersionID", apperr.TooLong)},
			} {
				_, err := w.s.CreateCompanyFromTemplate(tc.ctx, tc.in, language.Request{})
				servicetest.Check(t, tc.want, err)
			}
			w.Unchanged(t, before)
		})

		app, err := w.s.CreateCompanyFromTemplate(o.Owner.Ctx, in, language.Request{})
		require.NoError(t, err)
		co := app.CompanyID
		assert.Equal(t, templateapplication.KindSET_UP, app.Kind)
		assert.Equal(t, "標準ISMS立上げキット", app.TemplateSetName)
		assert.Equal(t, 1, app.VersionNumber)
		assert.Equal(t, o.Owner.UserID, app.AppliedByID)
		sys := w.System
		assert.Equal(t, "株式会社ミライ", w.Client.Company.GetX(sys, co).Name)

		docs := w.Client.Document.Query().Where(document.CompanyID(co)).Order(ent.Asc(document.FieldCode)).WithVersions().AllX(sys)
		require.Len(t, docs, 2)
		byTitle := map[string]*ent.Document{}
		for _, d := range docs {
			byTitle[d.Title] = d
			require.Len(t, d.Edges.Versions, 1)
			assert.Equal(t, documentversion.StatusDRAFT, d.Edges.Versions[0].Status, "a document starts as a draft for the company's review")
		}
		policy := byTitle["株式会社ミライ 情報セキュリティ基本方針"]
		require.NotNil(t, policy, "the title's placeholder is filled in")
		assert.Equal(t, "# 基本方針\n株式会社ミライ（MIRAI）は 2027-01-15 よりISMSを運用する。\n適用範囲: 本社の全業務", *policy.Edges.Versions[0].Body)
		assert.Equal(t, 12, byTitle["アクセス管理規程"].ReviewIntervalMonths)
		results, err := w.s.Documents(app)
		require.NoError(t, err)
		require.Len(t, results, 2)
		assert.Equal(t, templates.Created, results[0].Outcome)
		assert.Equal(t, policy.ID, *results[0].DocumentID)

		own := w.Client.CompanyChecklist.Query().Where(companychecklist.CompanyID(co)).OnlyX(sys)
		assert.Equal(t, w.checklist, own.SourceTemplateID)
		assert.Equal(t, 2, w.Client.RiskMethod.Query().Where(riskmethod.CompanyID(co)).OnlyX(sys).Method.AcceptanceThreshold)

		soa := w.Client.ControlImplementation.Query().Where(controlimplementation.CompanyID(co)).AllX(sys)
		assert.Len(t, soa, 93, "the SoA holds every Annex A control")
		for _, row := range soa {
			switch row.ControlRef {
			case "5.1":
				assert.True(t, row.Applicable)
				assert.Equal(t, "基本方針で定める", *row.Justification)
			case "7.4":
				assert.False(t, row.Applicable)
				assert.Equal(t, "物理的な拠点を持たないため", *row.Justification)
			default:
				assert.True(t, row.Applicable, row.ControlRef)
				assert.Nil(t, row.Justification, row.ControlRef)
			}
		}

		ts := w.Client.Task.Query().Where(task.CompanyID(co)).Order(ent.Asc(task.FieldDueDate)).AllX(sys)
		require.Len(t, ts, 2)
		assert.Equal(t, start.AddDays(60), *ts[0].DueDate)
		assert.Equal(t, start.AddDays(90), *ts[1].DueDate)
		assert.Equal(t, task.RecurrenceQUARTERLY, ts[1].Recurrence)
		assert.Equal(t, task.PriorityHIGH, ts[1].Priority)

		ms := w.Client.Meeting.Query().Where(meeting.CompanyID(co)).Order(ent.Asc(meeting.FieldScheduledAt)).WithAgendaItems().AllX(sys)
		var regular, reviews []time.Time
		for _, m := range ms {
			if m.Kind == meeting.KindMANAGEMENT_REVIEW {
				reviews = append(reviews, m.ScheduledAt.In(date.Calendar))
				continue
			}
			regular = append(regular, m.ScheduledAt.In(date.Calendar))
			assert.Len(t, m.Edges.AgendaItems, 2, "each meeting starts with the agenda")
		}
		jst := func(y int, mo time.Month, d, h, mi int) time.Time {
			return time.Date(y, mo, d, h, mi, 0, 0, date.Calendar)
		}
		assert.Equal(t, []time.Time{jst(2027, 4, 15, 10, 0), jst(2027, 7, 15, 10, 0), jst(2027, 10, 15, 10, 0), jst(2028, 1, 15, 10, 0)}, regular)
		assert.Equal(t, []time.Time{jst(2028, 1, 15, 15, 30)}, reviews)

		course := w.Client.TrainingCourse.Query().Where(trainingcourse.CompanyID(co)).OnlyX(sys)
		assert.Equal(t, 80, *course.PassMark)

		t.Run("the record is the company's editors'", func(t *testing.T) {
			assert.Equal(t, 1, w.Client.TemplateApplication.Query().Where(templateapplication.CompanyID(co)).CountX(o.Owner.Ctx))
			for _, p := range []servicetest.Person{o.Secretariat, o.Member, o.Auditor} {
				assert.Zero(t, w.Client.TemplateApplication.Query().CountX(p.Ctx), "%s (company A only) reads no record of the new company", p.Role)
			}
			assert.Zero(t, w.Client.TemplateApplication.Query().CountX(w.Other.Owner.Ctx))
		})
	})
}

func TestTemplates_APushDraftsForReviewAndNeverOverwrites(t *testing.T) {
	servicetest.Each(t, func(t *testing.T, f *servicetest.Fixture) {
		w := newWorld(t, f)
		o := w.Org
		sys := w.System
		set := w.newSet(t, w.kit())
		v1 := w.latest(t, set)
		app, err := w.s.CreateCompanyFromTemplate(o.Owner.Ctx, templates.CreateCompanyFromTemplateInput{TemplateSetVersionID: v1.ID,
			Company: companies.CreateCompanyInput{Name: "株式会社ミライ"}}, language.Request{})
		require.NoError(t, err)
		mirai := app.CompanyID
		setUp, err := w.s.Documents(app)
		require.NoError(t, err)
		policy := *setUp[0].DocumentID
		rules := *setUp[1].DocumentID
		// The client approved its policy, then changed it in a version of its own: 1.1 approved, 1.0
		// superseded.
		first := w.Client.DocumentVersion.Query().Where(documentversion.DocumentID(policy)).OnlyX(sys)
		first.Update().SetStatus(documentversion.StatusSUPERSEDED).ExecX(sys)
		own := w.Client.DocumentVersion.Create().SetOrganizationID(o.ID).SetCompanyID(mirai).SetDocumentID(policy).SetMajor(1).SetMinor(1).
			SetBody("当社独自の方針").SetAuthorID(o.Owner.UserID).SetStatus(documentversion.StatusAPPROVED).SaveX(sys)
		w.Client.Document.UpdateOneID(policy).SetCurrentVersionID(own.ID).ExecX(sys)

		// Version 2 changes the policy, keeps the rules and adds a procedure.
		next := w.kit()
		next.Documents[0].Body = "# 基本方針 第2版\n{{company.name}}"
		next.Documents = append(next.Documents, templates.Document{Key: "incident-procedure", Title: "インシデント対応手順", Kind: document.KindPROCEDURE, Body: "# 手順"})
		v2, err := w.s.PublishVersion(o.Consultant.Ctx, templates.PublishTemplateSetVersionInput{TemplateSetID: set.ID, Content: next})
		require.NoError(t, err)

		t.Run("refused, nothing is left", func(t *testing.T) {
			before := w.Snapshot(t)
			for _, tc := range []struct {
				name string
				ctx  context.Context
				in   templates.PushTemplateSetVersionInput
				want servicetest.Want
			}{
				{"no company", o.Consultant.Ctx, templates.PushTemplateSetVersionInput{TemplateSetVersionID: v2.ID}, servicetest.Invalid("companyIDs", apperr.Required)},
				{"another organization's company", o.Admin.Ctx, templates.PushTemplateSetVersionInput{TemplateSetVersionID: v2.ID, CompanyIDs: []pulid.ID{mirai, w.Other.A}}, servicetest.Invalid("companyIDs.1", apperr.UnknownID)},
				{"a company the consultant is not granted", o.Consultant.Ctx, templates.PushTemplateSetVersionInput{TemplateSetVersionID: v2.ID, CompanyIDs: []pulid.ID{o.A, mirai}}, servicetest.Invalid("companyIDs.1", apperr.UnknownID)},
				{"another organization's version", w.Other.Owner.Ctx, templates.PushTemplateSetVersionInput{TemplateSetVersionID: v2.ID, CompanyIDs: []pulid.ID{w.Other.A}}, servicetest.Invalid("templateSetVersionID", apperr.UnknownID)},
				{"a client's secretariat reads no library", o.Secretariat.Ctx, templates.PushTemplateSetVersionInput{TemplateSetVersionID: v2.ID, CompanyIDs: []pulid.ID{o.A}}, servicetest.Invalid("templateSetVersionID", apperr.UnknownID)},
				{"more than 50 companies", o.Consultant.Ctx, templates.PushTemplateSetVersionInput{TemplateSetVersionID: v2.ID, CompanyIDs: make([]pulid.ID, 51)}, servicetest.Invalid("companyIDs", apperr.TooLong)},
			} {
				_, err := w.s.PushVersion(tc.ctx, tc.in)
				servicetest.Check(t, tc.want, err)
			}
			w.Unchanged(t, before)
		})

		// Company A never received the set.
		apps, err := w.s.PushVersion(o.Admin.Ctx, templates.PushTemplateSetVersionInput{TemplateSetVersionID: v2.ID, CompanyIDs: []pulid.ID{mirai, o.A}})
		require.NoError(t, err)
		require.Len(t, apps, 2)
		assert.Equal(t, []pulid.ID{mirai, o.A}, []pulid.ID{apps[0].CompanyID, apps[1].CompanyID}, "one record per company, in the order given")
		assert.Equal(t, templateapplication.KindPUSHED, apps[0].Kind)
		assert.Equal(t, 2, apps[0].VersionNumber)
		outcomes := func(a *ent.TemplateApplication) map[string]templates.Outcome {
			rs, err := w.s.Documents(a)
			require.NoError(t, err)
			out := map[string]templates.Outcome{}
			for _, r := range rs {
				out[r.Key] = r.Outcome
			}
			return out
		}
		assert.Equal(t, map[string]templates.Outcome{"policy": templates.Drafted, "access-rules": templates.Unchanged, "incident-procedure": templates.Created}, outcomes(apps[0]))
		assert.Equal(t, map[string]templates.Outcome{"policy": templates.Created, "access-rules": templates.Created, "incident-procedure": templates.Created}, outcomes(apps[1]))

		doc := w.Client.Document.GetX(sys, policy)
		assert.Equal(t, own.ID, *doc.CurrentVersionID, "the client's approved version stays in force")
		assert.Equal(t, "当社独自の方針", *w.Client.DocumentVersion.GetX(sys, own.ID).Body, "and is not rewritten")
		draft := w.Client.DocumentVersion.Query().Where(documentversion.DocumentID(policy), documentversion.StatusEQ(documentversion.StatusDRAFT)).OnlyX(sys)
		assert.Equal(t, "# 基本方針 第2版\n株式会社ミライ", *draft.Body)
		assert.Equal(t, 1, w.Client.DocumentVersion.Query().Where(documentversion.DocumentID(policy), documentversion.StatusEQ(documentversion.StatusAPPROVED)).CountX(sys))
		assert.Equal(t, 1, w.Client.DocumentVersion.Query().Where(documentversion.DocumentID(rules)).CountX(sys), "an unchanged template writes nothing")
		assert.Equal(t, 3, w.Client.Document.Query().Where(document.CompanyID(mirai)).CountX(sys))

		// Version 3 changes the policy and the rules; Mirai's policy still has the open draft of
		// version 2 (its rules were approved meanwhile), and company A archived its rules.
		third := w.kit()
		third.Documents[0].Body = "# 基本方針 第3版"
		third.Documents[1].Body = "# アクセス管理 第3版"
		rulesDraft := w.Client.DocumentVersion.Query().Where(documentversion.DocumentID(rules)).OnlyX(sys)
		rulesDraft.Update().SetStatus(documentversion.StatusAPPROVED).ExecX(sys)
		w.Client.Document.UpdateOneID(rules).SetCurrentVersionID(rulesDraft.ID).ExecX(sys)
		aRules := w.Client.Document.Query().Where(document.CompanyID(o.A), document.Title("アクセス管理規程")).OnlyX(sys)
		aRules.Update().SetArchivedAt(time.Now()).ExecX(sys)
		v3, err := w.s.PublishVersion(o.Consultant.Ctx, templates.PublishTemplateSetVersionInput{TemplateSetID: set.ID, Content: third})
		require.NoError(t, err)
		apps, err = w.s.PushVersion(o.Admin.Ctx, templates.PushTemplateSetVersionInput{TemplateSetVersionID: v3.ID, CompanyIDs: []pulid.ID{mirai, o.A}})
		require.NoError(t, err)
		require.Len(t, apps, 2)
		assert.Equal(t, map[string]templates.Outcome{"policy": templates.Skipped, "access-rules": templates.Drafted}, outcomes(apps[0]))
		assert.Equal(t, map[string]templates.Outcome{"policy": templates.Skipped, "access-rules": templates.Skipped}, outcomes(apps[1]), "A's policy has its open draft; its rules are archived")
		rs, err := w.s.Documents(apps[0])
		require.NoError(t, err)
		require.NotNil(t, rs[0].Reason)
		assert.NotEmpty(t, *rs[0].ReasonJa)
		assert.Equal(t, policy, *rs[0].DocumentID)
		assert.Equal(t, "# 基本方針 第2版\n株式会社ミライ", *w.Client.DocumentVersion.GetX(sys, draft.ID).Body, "an open draft is never overwritten")

		// Once Mirai decides on the draft, the next push of version 3 drafts the policy again:
		// a skipped document is tried again.
		draft.Update().SetStatus(documentversion.StatusREJECTED).ExecX(sys)
		apps, err = w.s.PushVersion(o.Admin.Ctx, templates.PushTemplateSetVersionInput{TemplateSetVersionID: v3.ID, CompanyIDs: []pulid.ID{mirai}})
		require.NoError(t, err)
		assert.Equal(t, map[string]templates.Outcome{"policy": templates.Drafted, "access-rules": templates.Unchanged}, outcomes(apps[0]))
	})
}
