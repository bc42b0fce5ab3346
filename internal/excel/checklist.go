package excel

import (
	"context"
	"fmt"
	"strings"

	"secretariat/ent"
	"secretariat/ent/checklistitem"
	"secretariat/ent/finding"
	"secretariat/internal/apperr"
	"secretariat/internal/audits"
	"secretariat/internal/blob"
	"secretariat/internal/language"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/validate"
)

// ExportChecklist builds the checklist of an audit the viewer reads (ChecklistWorkbook).
func (s *Service) ExportChecklist(ctx context.Context, auditID pulid.ID, l locale.Locale) ([]byte, error) {
	return ChecklistWorkbook(ctx, s.db, auditID, l)
}

// ChecklistWorkbook builds the checklist of an audit that db reads, in the order of its items,
// with headers in the locale's language: each item's number, ID, clause or control, question,
// result, evidence, notes and the grade of the finding its nonconformity raised. An audit the
// viewer cannot read is NOT_FOUND, like one that does not exist. The audits module attaches it to
// the report of an internal audit.
func ChecklistWorkbook(ctx context.Context, db *ent.Client, auditID pulid.ID, l locale.Locale) ([]byte, error) {
	if !l.Valid() {
		l = locale.Default
	}
	a, err := db.Audit.Get(ctx, auditID)
	if ent.IsNotFound(err) {
		err = apperr.NotFound("audit", "監査")
	}
	if err != nil {
		return nil, fmt.Errorf("export checklist: %w", err)
	}
	items, err := db.ChecklistItem.Query().
		Where(checklistitem.AuditID(a.ID)).
		WithFinding().
		Order(checklistitem.ByPosition(), checklistitem.ByID()).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("export checklist: %w", err)
	}
	rows := make([][]any, 0, len(items))
	for _, it := range items {
		var grade any
		if it.Edges.Finding != nil {
			grade = string(it.Edges.Finding.Grade)
		}
		rows = append(rows, []any{it.Position, string(it.ID), optTextOf(it.Clause), optTextOf(it.Control), optText(it.Question),
			string(it.Result), optTextOf(it.Evidence), optTextOf(it.Notes), grade})
	}
	b, err := write(checklistSheet, l, rows)
	if err != nil {
		return nil, fmt.Errorf("export checklist: %w", err)
	}
	return b, nil
}

// ChecklistImportInput is a filled-in checklist to import into its audit.
type ChecklistImportInput struct {
	AuditID pulid.ID     `json:"auditID"`
	File    *blob.Upload `json:"file"`
}

// checklistColumns maps the audits service's input fields to the checklist's columns: a refusal
// of the item itself (the audit is not in progress) goes to the item's ID.
var checklistColumns = map[string]string{"id": "id", "result": "result", "evidence": "evidence", "notes": "notes", "grade": "grade"}

// ImportChecklist records the results of an audit's checklist from the first sheet: each row
// names an item of the audit by its ID, and a row that differs from the item is recorded through
// the audits service (RecordChecklistResult), with its rules: the audit is in progress, a
// NONCONFORMITY raises its finding (grade MINOR unless MAJOR is given), an item that raised one
// stays NONCONFORMITY. The number, clause, control and question of the file are ignored. If any
// row is wrong nothing is written, and every problem is listed, told in lang (inLanguage). Items
// are never created: Imported stays 0, Updated counts the items recorded.
func (s *Service) ImportChecklist(ctx context.Context, in ChecklistImportInput, lang language.Request) (*Result, error) {
	res, err := s.importChecklist(ctx, in)
	return s.inLanguage(ctx, lang, res, err)
}

func (s *Service) importChecklist(ctx context.Context, in ChecklistImportInput) (*Result, error) {
	a, err := s.db.Audit.Get(ctx, in.AuditID)
	if err != nil {
		return nil, fmt.Errorf("import checklist: %w", validate.Reference("auditID", err))
	}
	if a.ArchivedAt != nil {
		return nil, fmt.Errorf("import checklist: %w", apperr.Invalid("auditID", apperr.Archived, "the audit is archived; restore it first", "監査はアーカイブされています。先に復元してください"))
	}
	if err := authz.Check(ctx, checklistitem.Policy, s.db.ChecklistItem.Update().Where(checklistitem.AuditID(a.ID)).Mutation()); err != nil {
		return nil, fmt.Errorf("import checklist: %w", err)
	}
	t, err := readTable(in.File, checklistSheet)
	if err != nil {
		return nil, fmt.Errorf("import checklist: %w", err)
	}
	if len(t.errs) > 0 {
		return failed(t.errs), nil
	}
	items, err := s.db.ChecklistItem.Query().Where(checklistitem.AuditID(a.ID)).WithFinding().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("import checklist: %w", err)
	}
	byID := make(map[pulid.ID]*ent.ChecklistItem, len(items))
	for _, it := range items {
		byID[it.ID] = it
	}
	seen := map[pulid.ID]int{}
	var writes []rowWrite
	res := &Result{Errors: []RowError{}}
	for _, r := range t.rows {
		id := pulid.ID(strings.ToUpper(r.text("id")))
		item := byID[id]
		switch first, dup := seen[id]; {
		case id == "":
			r.fail("id", apperr.Required, "is required", "入力してください")
			continue
		case item == nil:
			r.fail("id", apperr.UnknownID, fmt.Sprintf("no item of the audit's checklist has the ID %q", r.text("id")),
				fmt.Sprintf("この監査のチェックリストにID「%s」の項目はありません", r.text("id")))
			continue
		case dup:
			r.fail("id", apperr.Duplicate, fmt.Sprintf("the item is already on row %d", first), fmt.Sprintf("同じ項目が%d行目にあります", first))
			continue
		}
		seen[id] = r.num
		in, changed := checklistRow(r, item)
		switch {
		case in == nil:
		case !changed:
			res.Unchanged++
		default:
			res.Updated++
			writes = append(writes, rowWrite{r, func(ctx context.Context) error { _, err := s.audits.RecordChecklistResult(ctx, *in); return err }})
		}
	}
	if err := writeAll(ctx, t, writes, checklistColumns, "id"); err != nil {
		return nil, fmt.Errorf("import checklist: %w", err)
	}
	if len(t.errs) > 0 {
		return failed(t.errs), nil
	}
	return res, nil
}

// checklistRow reads the result, evidence, notes and grade of the row into the input that records
// them on the item, and whether they differ from what the item holds; nil when the row has
// problems (recorded in the table). A column the file lacks leaves that part of the item as it is;
// an empty result is NOT_AUDITED. The service cannot empty a recorded evidence or note, so an
// empty cell where the item has one is refused rather than ignored; and a grade other than the one
// of the finding the item already raised is refused, since recording the item does not regrade
// its finding.
func checklistRow(r record, item *ent.ChecklistItem) (*audits.RecordChecklistResultInput, bool) {
	before := len(r.t.errs)
	in := &audits.RecordChecklistResultInput{ID: item.ID, Result: item.Result, Evidence: item.Evidence, Notes: item.Notes}
	if r.has("result") {
		in.Result = checklistitem.ResultNOT_AUDITED
		if v := strings.ToUpper(r.text("result")); v != "" {
			if checklistitem.ResultValidator(checklistitem.Result(v)) != nil {
				r.fail("result", apperr.InvalidValue, fmt.Sprintf("%q is not one of %s", r.text("result"), strings.Join(checklistResults, ", ")),
					fmt.Sprintf("「%s」は指定できません。%s のいずれかにしてください", r.text("result"), strings.Join(checklistResults, "、")))
			} else {
				in.Result = checklistitem.Result(v)
			}
		}
	}
	for _, c := range []struct {
		key    string
		was    *string
		dst    **string
		en, ja string
	}{
		{"evidence", item.Evidence, &in.Evidence, "the recorded evidence can be changed, not emptied", "記録済みの証拠は変更できますが、空にはできません"},
		{"notes", item.Notes, &in.Notes, "the recorded notes can be changed, not emptied", "記録済みの備考は変更できますが、空にはできません"},
	} {
		if !r.has(c.key) {
			continue
		}
		*c.dst = textOrNil(r.text(c.key))
		if *c.dst == nil && c.was != nil {
			r.fail(c.key, apperr.Required, c.en, c.ja)
		}
	}
	if v := strings.ToUpper(r.text("grade")); v != "" {
		g := finding.Grade(v)
		raised := item.Edges.Finding
		switch {
		case finding.GradeValidator(g) != nil:
			r.fail("grade", apperr.InvalidValue, fmt.Sprintf("%q is not one of MAJOR, MINOR", r.text("grade")),
				fmt.Sprintf("「%s」は指定できません。MAJOR、MINOR のいずれかにしてください", r.text("grade")))
		case raised != nil && raised.Grade == g:
			// The grade of the finding the item raised, as exported: nothing to record.
		case raised != nil:
			r.fail("grade", apperr.StaleState, fmt.Sprintf("the item already raised a finding graded %s; regrade the finding itself", raised.Grade),
				fmt.Sprintf("この項目は等級 %s の所見を登録済みです。等級は所見で変更してください", raised.Grade))
		default:
			in.Grade = &g
		}
	}
	if len(r.t.errs) > before {
		return nil, false
	}
	changed := in.Result != item.Result || in.Grade != nil || !same(in.Evidence, item.Evidence) || !same(in.Notes, item.Notes)
	return in, changed
}

// same reports whether two optional texts are equal.
func same(a, b *string) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}
