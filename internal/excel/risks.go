package excel

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"secretariat/ent"
	"secretariat/ent/asset"
	"secretariat/ent/risk"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/language"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy/authz"
)

// riskRow is the wanted state of one risk.
type riskRow struct {
	num                               int
	code, title                       string
	threat, vuln, plan                *string // nil when empty
	likelihood, impact                int
	targetL, targetI                  *int
	ownerID, acceptedByID             *pulid.ID
	treatment                         *risk.Treatment
	acceptedOn, expiresOn, nextReview *date.Date
	status                            risk.Status
	assetIDs                          []pulid.ID // sorted
	controls                          []string   // sorted
}

// riskRefs is what the rows of a risk sheet may name.
type riskRefs struct {
	assets   named
	controls map[string]Control
	people   *people
}

// ImportRisks creates the risks of the first sheet that the company lacks (matched by code) and
// updates those that differ, with their assets (by name, which must exist in the company) and
// controls (by reference), through the risk service (risks_write.go): its rules decide, as for
// the API, and it computes score and level (the score and level columns of the file are
// ignored). If any row is wrong nothing is written, and every problem is listed. The problems
// are told in lang (inLanguage).
func (s *Service) ImportRisks(ctx context.Context, in ImportInput, lang language.Request) (*Result, error) {
	res, err := s.importRisks(ctx, in)
	return s.inLanguage(ctx, lang, res, err)
}

func (s *Service) importRisks(ctx context.Context, in ImportInput) (*Result, error) {
	c, err := s.openCompany(ctx, in.CompanyID)
	if err != nil {
		return nil, fmt.Errorf("import risks: %w", err)
	}
	if err := authz.Check(ctx, risk.Policy, s.db.Risk.Create().SetCompanyID(c.ID).Mutation()); err != nil {
		return nil, fmt.Errorf("import risks: %w", err)
	}
	t, err := readTable(in.File, riskSheet)
	if err != nil {
		return nil, fmt.Errorf("import risks: %w", err)
	}
	if len(t.errs) > 0 {
		return failed(t.errs), nil
	}
	refs := riskRefs{controls: s.controls(), people: newPeople(s.db, c.ID)}
	err = refs.assets.load(ctx,
		s.db.Asset.Query().Where(asset.CompanyID(c.ID), asset.ArchivedAtIsNil()).Select(asset.FieldID, asset.FieldName).Scan,
		s.db.Asset.Query().Where(asset.CompanyID(c.ID), asset.ArchivedAtNotNil()).Select(asset.FieldID, asset.FieldName).Scan)
	if err != nil {
		return nil, fmt.Errorf("import risks: %w", err)
	}
	existing, err := s.db.Risk.Query().Where(risk.CompanyID(c.ID)).WithAssetLinks().WithControlLinks().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("import risks: %w", err)
	}
	byCode := map[string]*ent.Risk{}
	for _, r := range existing {
		byCode[r.Code] = r
	}
	seen := map[string]int{}
	var writes []rowWrite
	res := &Result{Errors: []RowError{}}
	for _, r := range t.rows {
		row, err := s.riskRow(ctx, r, byCode[r.text("code")], refs)
		if err != nil {
			return nil, fmt.Errorf("import risks: %w", err)
		}
		if row == nil {
			continue
		}
		if first, dup := seen[row.code]; dup {
			r.fail("code", apperr.Duplicate, fmt.Sprintf("the risk is already on row %d", first), fmt.Sprintf("同じリスクが%d行目にあります", first))
			continue
		}
		seen[row.code] = r.num
		if old := byCode[row.code]; old != nil && old.ArchivedAt != nil {
			r.fail("code", apperr.Archived, "an archived risk has this code; restore it first", "この番号のリスクはアーカイブされています。先に復元してください")
			continue
		}
		switch old := byCode[row.code]; {
		case old == nil:
			res.Imported++
			in := createRiskInput(c.ID, *row)
			writes = append(writes, rowWrite{r, func(ctx context.Context) error { _, err := s.risks.Create(ctx, in); return err }})
		default:
			in, changed := updateRiskInput(old, *row)
			if !changed {
				res.Unchanged++
				continue
			}
			res.Updated++
			writes = append(writes, rowWrite{r, func(ctx context.Context) error { _, err := s.risks.Update(ctx, in); return err }})
		}
	}
	if err := writeAll(ctx, t, writes, riskColumns, "code"); err != nil {
		return nil, fmt.Errorf("import risks: %w", err)
	}
	if len(t.errs) > 0 {
		return failed(t.errs), nil
	}
	return res, nil
}

// riskColumns maps the risk service's input fields to the sheet's columns.
var riskColumns = map[string]string{"ownerID": "owner", "acceptedByID": "acceptedBy", "assetIDs": "assets", "controlRefs": "controls"}

// riskRow checks one record; nil when it has problems (recorded in the table). Optional columns
// the file lacks take the existing risk's values.
func (s *Service) riskRow(ctx context.Context, r record, old *ent.Risk, refs riskRefs) (*riskRow, error) {
	before := len(r.t.errs)
	row := &riskRow{num: r.num, code: r.text("code"), title: r.text("title"), status: risk.StatusIDENTIFIED}
	if old != nil {
		row.threat, row.vuln, row.plan = old.Threat, old.Vulnerability, old.TreatmentPlan
		row.ownerID, row.acceptedByID, row.treatment = old.OwnerID, old.AcceptedByID, old.Treatment
		row.targetL, row.targetI = old.TargetLikelihood, old.TargetImpact
		row.acceptedOn, row.expiresOn, row.nextReview, row.status = old.AcceptedOn, old.AcceptanceExpiresOn, old.NextReviewOn, old.Status
		row.assetIDs, row.controls = riskLinks(old)
	}
	for key, v := range map[string]string{"code": row.code, "title": row.title} {
		if v == "" {
			r.fail(key, apperr.Required, "is required", "入力してください")
		}
	}
	r.maxLen("code", row.code, 50)
	if r.has("threat") {
		row.threat = textOrNil(r.text("threat"))
	}
	if r.has("vulnerability") {
		row.vuln = textOrNil(r.text("vulnerability"))
	}
	if r.has("treatmentPlan") {
		row.plan = textOrNil(r.text("treatmentPlan"))
	}
	l, lok := r.integer("likelihood")
	i, iok := r.integer("impact")
	for key, v := range map[string]*int{"likelihood": l, "impact": i} {
		if v == nil && r.text(key) == "" {
			r.fail(key, apperr.Required, "is required", "入力してください")
		}
	}
	if lok && iok && l != nil && i != nil {
		row.likelihood, row.impact = *l, *i
	}
	if r.has("targetLikelihood") {
		row.targetL, _ = r.integer("targetLikelihood")
	}
	if r.has("targetImpact") {
		row.targetI, _ = r.integer("targetImpact")
	}
	var err error
	var keepOwner, keepApprover *pulid.ID
	if old != nil {
		keepOwner, keepApprover = old.OwnerID, old.AcceptedByID
	}
	if r.has("owner") {
		if row.ownerID, _, err = refs.people.resolve(ctx, r, "owner", keepOwner); err != nil {
			return nil, err
		}
	}
	if r.has("acceptedBy") {
		if row.acceptedByID, _, err = refs.people.resolve(ctx, r, "acceptedBy", keepApprover); err != nil {
			return nil, err
		}
	}
	if r.has("treatment") {
		row.treatment = nil
		if v := strings.ToUpper(r.text("treatment")); v != "" {
			if risk.TreatmentValidator(risk.Treatment(v)) != nil {
				r.fail("treatment", apperr.InvalidValue, fmt.Sprintf("%q is not one of MITIGATE, ACCEPT, TRANSFER, AVOID", r.text("treatment")),
					fmt.Sprintf("「%s」は指定できません。MITIGATE、ACCEPT、TRANSFER、AVOID のいずれかにしてください", r.text("treatment")))
			} else {
				t := risk.Treatment(v)
				row.treatment = &t
			}
		}
	}
	if r.has("status") {
		row.status = risk.StatusIDENTIFIED
		if v := strings.ToUpper(r.text("status")); v != "" {
			if risk.StatusValidator(risk.Status(v)) != nil {
				r.fail("status", apperr.InvalidValue, fmt.Sprintf("%q is not one of IDENTIFIED, ASSESSED, TREATING, ACCEPTED, CLOSED", r.text("status")),
					fmt.Sprintf("「%s」は指定できません。IDENTIFIED、ASSESSED、TREATING、ACCEPTED、CLOSED のいずれかにしてください", r.text("status")))
			} else {
				row.status = risk.Status(v)
			}
		}
	}
	for key, dst := range map[string]**date.Date{"acceptedOn": &row.acceptedOn, "acceptanceExpiresOn": &row.expiresOn, "nextReviewOn": &row.nextReview} {
		if r.has(key) {
			*dst, _ = r.day(key)
		}
	}

	if r.has("assets") {
		linked := row.assetIDs
		row.assetIDs = nil
		for _, name := range splitList(r.text("assets"), "\n;；") {
			// Asset names are unique in a company, so a name finds at most one; an archived
			// asset stays linked only if it already is.
			switch active, archived := refs.assets.active[name], refs.assets.archived[name]; {
			case len(active) > 0:
				row.assetIDs = append(row.assetIDs, active[0])
			case len(archived) > 0 && slices.Contains(linked, archived[0]):
				row.assetIDs = append(row.assetIDs, archived[0])
			case len(archived) > 0:
				r.fail("assets", apperr.Archived, fmt.Sprintf("the asset %q is archived", name), fmt.Sprintf("資産「%s」はアーカイブされています", name))
			default:
				r.fail("assets", apperr.UnknownID, fmt.Sprintf("no asset of the company is named %q", name), fmt.Sprintf("会社に「%s」という名前の資産はありません", name))
			}
		}
	}
	if r.has("controls") {
		row.controls = nil
		for _, ref := range splitList(r.text("controls"), ",、;；\n \t") {
			ref = strings.TrimPrefix(strings.TrimPrefix(ref, "A."), "a.")
			if _, ok := refs.controls[ref]; !ok {
				r.fail("controls", apperr.InvalidValue, fmt.Sprintf("%q is not a control of ISO/IEC 27001:2022 Annex A", ref), fmt.Sprintf("「%s」はISO/IEC 27001:2022 附属書Aの管理策ではありません", ref))
				continue
			}
			row.controls = append(row.controls, ref)
		}
	}
	slices.Sort(row.assetIDs)
	row.assetIDs = slices.Compact(row.assetIDs)
	slices.SortFunc(row.controls, compareRefs)
	row.controls = slices.Compact(row.controls)
	if len(r.t.errs) > before {
		return nil, nil
	}
	return row, nil
}

// splitList splits a cell on any of the separators, dropping empty parts.
func splitList(s, seps string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
