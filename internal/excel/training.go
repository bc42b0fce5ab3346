package excel

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"secretariat/ent"
	"secretariat/ent/trainingassignment"
	"secretariat/ent/trainingcampaign"
	"secretariat/ent/trainingcourse"
	"secretariat/ent/user"
	"secretariat/internal/apperr"
	"secretariat/internal/blob"
	"secretariat/internal/date"
	"secretariat/internal/language"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
	"secretariat/internal/training"
	"secretariat/internal/validate"
)

// Drills records drill results: the training module's service, whose rules (all or none, each
// person holding an assignment of the campaign) an import follows as the API does.
type Drills interface {
	RecordDrillResults(ctx context.Context, in training.RecordDrillResultsInput) (*ent.TrainingCampaign, error)
}

// WithDrills lets the service import drill results through the training module.
func WithDrills(d Drills) Option {
	return func(s *Service) { s.drills = d }
}

// ExportTraining builds the training history of a company the viewer reaches (NOT_FOUND like
// one that does not exist otherwise), or of one person in it when person is not nil, with
// headers in the locale's language: every assignment the viewer reads (a MEMBER, its own), by
// person name and address, then by due day. The statements are the same for one row or many.
func (s *Service) ExportTraining(ctx context.Context, companyID pulid.ID, person *pulid.ID, l locale.Locale) ([]byte, error) {
	if !l.Valid() {
		l = locale.Default
	}
	c, err := s.db.Company.Get(ctx, companyID)
	if ent.IsNotFound(err) {
		err = apperr.NotFound("company", "会社")
	}
	if err != nil {
		return nil, fmt.Errorf("export training: %w", err)
	}
	q := s.db.TrainingAssignment.Query().Where(trainingassignment.CompanyID(c.ID))
	if person != nil {
		q.Where(trainingassignment.UserID(*person))
	}
	as, err := q.WithUser().WithDepartment().WithCourse().WithCampaign().
		Order(trainingassignment.ByUserField(user.FieldName), trainingassignment.ByUserField(user.FieldEmail),
			trainingassignment.ByDueOn(), trainingassignment.ByID()).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("export training: %w", err)
	}
	today := date.Today(s.now())
	rows := make([][]any, 0, len(as))
	for _, a := range as {
		rows = append(rows, trainingRow(a, today))
	}
	b, err := write(trainingSheet, l, rows)
	if err != nil {
		return nil, fmt.Errorf("export training: %w", err)
	}
	return b, nil
}

// trainingRow is one assignment as a row of the history, its status as of today.
func trainingRow(a *ent.TrainingAssignment, today date.Date) []any {
	var person, email, dept, course, kind, campaign, score, passed, result, expires any
	if u := a.Edges.User; u != nil {
		person, email = u.Name, u.Email
	}
	if d := a.Edges.Department; d != nil {
		dept = d.Name
	}
	c := a.Edges.Course
	if c != nil {
		course, kind = c.Title, string(c.Kind)
	}
	if p := a.Edges.Campaign; p != nil {
		campaign = p.Title
	}
	if a.Score != nil {
		score = *a.Score
	}
	if a.Passed != nil {
		passed = map[bool]string{true: "PASSED", false: "FAILED"}[*a.Passed]
	}
	switch {
	case a.DrillResult != nil:
		result = string(*a.DrillResult)
	case c != nil && c.Kind == trainingcourse.KindDRILL && a.CompletedAt != nil:
		result = "DONE"
	case c != nil && c.Kind == trainingcourse.KindDRILL && a.DueOn.Before(today):
		result = "NOT_DONE"
	}
	status := "OPEN"
	switch {
	case a.CompletedAt != nil && a.ExpiresOn != nil && !today.Before(*a.ExpiresOn):
		status = "EXPIRED"
	case a.CompletedAt != nil:
		status = "COMPLETED"
	case a.DueOn.Before(today):
		status = "OVERDUE"
	}
	if a.ExpiresOn != nil {
		expires = *a.ExpiresOn
	}
	attested := "NO"
	if a.Attested {
		attested = "YES"
	}
	return []any{person, email, dept, course, kind, campaign, a.DueOn, clock(a.CompletedAt), score, passed, attested, result, expires, status}
}

// DrillImportInput is a drill's results to import into its campaign.
type DrillImportInput struct {
	CampaignID pulid.ID     `json:"campaignID"`
	File       *blob.Upload `json:"file"`
}

// ImportDrillResults records a drill campaign's results from the first sheet of a workbook or a
// CSV file (UTF-8 or Shift_JIS) that the secretariat or the drill tool wrote: each row names a
// person by e-mail address and gives, for a phishing drill, CLICKED, REPORTED or IGNORED (or
// クリック, 報告, 無視), for another whether it was done (YES/NO, 済/未, TRUE/FALSE, 1/0). Other
// columns are ignored. The rows are recorded through the training service in one call, all or
// none: if any row is wrong nothing is written and every problem is listed, told in lang. Updated
// counts the people whose result changed, Unchanged the others.
func (s *Service) ImportDrillResults(ctx context.Context, in DrillImportInput, lang language.Request) (*Result, error) {
	res, err := s.importDrillResults(ctx, in)
	return s.inLanguage(ctx, lang, res, err)
}

func (s *Service) importDrillResults(ctx context.Context, in DrillImportInput) (*Result, error) {
	if s.drills == nil {
		return nil, fmt.Errorf("import drill results: the training module is not wired in")
	}
	c, err := s.db.TrainingCampaign.Query().Where(trainingcampaign.ID(in.CampaignID)).WithCourse().Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("import drill results: %w", validate.Reference("campaignID", err))
	}
	course := c.Edges.Course
	if course == nil || course.Kind != trainingcourse.KindDRILL {
		return nil, fmt.Errorf("import drill results: %w", apperr.Invalid("campaignID", apperr.InvalidValue, "the campaign runs no drill", "このキャンペーンは訓練ではありません"))
	}
	phishing := course.Drill != nil && *course.Drill == trainingcourse.DrillPHISHING
	t, err := readTable(in.File, drillSheet)
	if err != nil {
		return nil, fmt.Errorf("import drill results: %w", err)
	}
	need, other := "done", "result"
	if phishing {
		need, other = "result", "done"
	}
	if !hasKey(t.cols, need) {
		c, _ := drillSheet.byHeader(need)
		t.fail(1, c.ja, len(t.headers), apperr.Required, "this column is required for the drill", "この訓練には必須の列です")
	}
	if len(t.errs) > 0 {
		return failed(t.errs), nil
	}
	held, err := s.db.TrainingAssignment.Query().Where(trainingassignment.CampaignID(c.ID)).WithUser().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("import drill results: %w", err)
	}
	byEmail := make(map[string]*ent.TrainingAssignment, len(held))
	for _, a := range held {
		if a.Edges.User != nil {
			byEmail[strings.ToLower(a.Edges.User.Email)] = a
		}
	}
	seen := map[string]int{}
	var results []training.DrillResult
	var rows []record
	res := &Result{Errors: []RowError{}}
	for _, r := range t.rows {
		email := strings.ToLower(r.text("email"))
		a := byEmail[email]
		first, dup := seen[email]
		switch {
		case email == "":
			r.fail("email", apperr.Required, "is required", "入力してください")
		case a == nil:
			r.fail("email", apperr.UnknownID, fmt.Sprintf("%s holds no assignment of the campaign", r.text("email")), fmt.Sprintf("%s はこのキャンペーンの対象者ではありません", r.text("email")))
		case dup:
			r.fail("email", apperr.Duplicate, fmt.Sprintf("the person is already on row %d", first), fmt.Sprintf("同じ人が%d行目にあります", first))
		}
		seen[email] = r.num
		if r.text(other) != "" {
			r.fail(other, apperr.ConflictingFields, fmt.Sprintf("this drill records %s, not %s", need, other), fmt.Sprintf("この訓練では「%s」ではなく「%s」を記録します", other, need))
		}
		dr := training.DrillResult{}
		changed := false
		if phishing {
			v, ok := drillResult(r)
			if ok && a != nil {
				dr.Result = &v
				changed = a.DrillResult == nil || *a.DrillResult != v
			}
		} else {
			v, ok := done(r)
			if ok && a != nil {
				dr.Done = &v
				changed = v != (a.CompletedAt != nil)
			}
		}
		if a == nil || (dr.Result == nil && dr.Done == nil) {
			continue
		}
		dr.UserID = a.UserID
		if changed {
			res.Updated++
		} else {
			res.Unchanged++
		}
		results = append(results, dr)
		rows = append(rows, r)
	}
	if len(t.errs) > 0 {
		return failed(t.errs), nil
	}
	if len(results) == 0 {
		return nil, fmt.Errorf("import drill results: %w", apperr.Invalid("file", apperr.Required, "the file has no results", "結果の行がありません"))
	}
	if _, err := s.drills.RecordDrillResults(ctx, training.RecordDrillResultsInput{CampaignID: c.ID, Results: results}); err != nil {
		if !drillProblems(err, rows) {
			return nil, fmt.Errorf("import drill results: %w", err)
		}
		return failed(t.errs), nil
	}
	return res, nil
}

// drillProblems puts the training service's refusal of results.i.field on row i's column and
// reports whether every problem was about the input (false: the error ends the import).
func drillProblems(err error, rows []record) bool {
	problems := apperr.Fields(err)
	if len(problems) == 0 {
		return false
	}
	for _, p := range problems {
		if p.Kind != apperr.KindInvalid {
			return false
		}
	}
	for _, p := range problems {
		var i int
		var field string
		if n, _ := fmt.Sscanf(strings.ReplaceAll(p.Field, ".", " "), "results %d %s", &i, &field); n != 2 || i < 0 || i >= len(rows) {
			return false
		}
		column := map[string]string{"userID": "email", "result": "result", "done": "done"}[field]
		if column == "" {
			column = "email"
		}
		rows[i].fail(column, p.Reason, p.Text.EN, p.Text.JA)
	}
	return true
}

// drillResult reads what a person did in a phishing drill: a code or its Japanese word.
func drillResult(r record) (trainingassignment.DrillResult, bool) {
	v := r.text("result")
	words := map[string]trainingassignment.DrillResult{"クリック": "CLICKED", "報告": "REPORTED", "無視": "IGNORED"}
	switch code := strings.ToUpper(v); {
	case v == "":
		r.fail("result", apperr.Required, "is required: CLICKED, REPORTED or IGNORED", "入力してください（CLICKED、REPORTED、IGNORED）")
	case slices.Contains(drillResults, code):
		return trainingassignment.DrillResult(code), true
	case words[v] != "":
		return words[v], true
	default:
		r.fail("result", apperr.InvalidValue, fmt.Sprintf("%q is not one of %s", v, strings.Join(drillResults, ", ")),
			fmt.Sprintf("「%s」は指定できません。%s のいずれかにしてください", v, strings.Join(drillResults, "、")))
	}
	return "", false
}

// done reads whether a person did a drill that is not a phishing one.
func done(r record) (bool, bool) {
	v := r.text("done")
	switch strings.ToUpper(v) {
	case "":
		r.fail("done", apperr.Required, "is required: YES or NO", "入力してください（YES または NO）")
	case "YES", "TRUE", "1", "DONE", "済", "はい", "実施":
		return true, true
	case "NO", "FALSE", "0", "NOT_DONE", "未", "いいえ", "未実施":
		return false, true
	default:
		r.fail("done", apperr.InvalidValue, fmt.Sprintf("%q is not YES or NO", v), fmt.Sprintf("「%s」は指定できません。YES または NO にしてください", v))
	}
	return false, false
}
