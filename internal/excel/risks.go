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
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/language"
	"secretariat/internal/pulid"
	"secretariat/internal/risks"
	"secretariat/internal/riskscale"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/viewer"
)

// riskRow is the wanted state of one risk.
type riskRow struct {
	num                               int
	code, title                       string
	threat, vuln, plan                *string // nil when empty
	likelihood, impact, score         int
	level                             string
	targetL, targetI, residual        *int
	residualLevel                     *string
	ownerID, acceptedByID             *pulid.ID
	treatment                         *risk.Treatment
	acceptedOn, expiresOn, nextReview *date.Date
	status                            risk.Status
	assetIDs                          []pulid.ID // sorted
	controls                          []string   // sorted
}

// riskRefs is what the rows of a risk sheet may name.
type riskRefs struct {
	method   riskscale.Method
	assets   named
	controls map[string]Control
	people   *people
}

// ImportRisks creates the risks of the first sheet that the company lacks (matched by code) and
// updates those that differ, with their assets (by name, which must exist in the company) and
// controls (by reference). Likelihood and impact are checked against the company's method and
// the score and level computed from them; the score and level columns of the file are ignored.
// Every row is checked first; if any is wrong nothing is written. The problems are told in lang
// (inLanguage).
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
	if refs.method, err = method(ctx, s.db, c.ID); err != nil {
		return nil, fmt.Errorf("import risks: %w", err)
	}
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
	var rows []riskRow
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
		rows = append(rows, *row)
	}
	if len(t.errs) > 0 {
		return failed(t.errs), nil
	}
	res := &Result{Errors: []RowError{}}
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		for _, row := range rows {
			old := byCode[row.code]
			switch {
			case old == nil:
				res.Imported++
				if err := createRisk(ctx, tx, c.ID, row); err != nil {
					return fmt.Errorf("row %d: %w", row.num, err)
				}
			case sameRisk(old, row):
				res.Unchanged++
			default:
				res.Updated++
				if err := updateRisk(ctx, tx, old, row); err != nil {
					return fmt.Errorf("row %d: %w", row.num, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("import risks: %w", err)
	}
	return res, nil
}

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
		for _, l := range old.Edges.AssetLinks {
			row.assetIDs = append(row.assetIDs, l.AssetID)
		}
		for _, l := range old.Edges.ControlLinks {
			row.controls = append(row.controls, l.ControlRef)
		}
	}
	for key, v := range map[string]string{"code": row.code, "title": row.title} {
		if v == "" {
			r.fail(key, apperr.Required, "is required", "入力してください")
		}
	}
	r.maxLen("code", row.code, 50)
	r.maxLen("title", row.title, 300)
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
		row.score, row.level, _ = scoreOf(r, refs.method, "likelihood", "impact", *l, *i)
	}
	if r.has("targetLikelihood") || r.has("targetImpact") {
		tl, tlok := r.integer("targetLikelihood")
		ti, tiok := r.integer("targetImpact")
		row.targetL, row.targetI = tl, ti
		if tlok && tiok && (tl == nil) != (ti == nil) {
			missing := "targetImpact"
			if tl == nil {
				missing = "targetLikelihood"
			}
			r.fail(missing, apperr.ConflictingFields, "give both target likelihood and target impact, or neither", "目標の発生可能性と影響度は両方入力するか、どちらも空にしてください")
		}
	}
	if row.targetL != nil && row.targetI != nil {
		if score, level, ok := scoreOf(r, refs.method, "targetLikelihood", "targetImpact", *row.targetL, *row.targetI); ok {
			row.residual, row.residualLevel = &score, &level
		}
	} else {
		row.targetL, row.targetI = nil, nil
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
		who, _, err := refs.people.person(ctx, r, "acceptedBy", keepApprover)
		if err != nil {
			return nil, err
		}
		row.acceptedByID = nil
		if who != nil && who.role == viewer.RoleMember && !sameID(&who.id, keepApprover) {
			r.fail("acceptedBy", apperr.RoleRequired, "a risk is accepted by management or the ISMS's editors, not by a MEMBER", "リスクを受容するのは経営層またはISMSの編集者です。MEMBERは指定できません")
		} else if who != nil {
			row.acceptedByID = &who.id
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
	if len(r.t.errs) == before {
		acceptance(r, row, refs.method)
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

// acceptance applies the acceptance rules of the risk register (package risks): an acceptance
// names its approver and date and expires after it; an ACCEPTED risk is accepted; a CLOSED one
// is when it is treated by acceptance or what remains stays above the method's threshold.
func acceptance(r record, row *riskRow, m riskscale.Method) {
	if (row.acceptedByID == nil) != (row.acceptedOn == nil) {
		r.fail("acceptedOn", apperr.ConflictingFields, "an acceptance names both its approver (accepted by) and its date", "リスク受容には承認者と受容日の両方を入力してください")
	}
	if row.expiresOn != nil && row.acceptedOn == nil {
		r.fail("acceptanceExpiresOn", apperr.ConflictingFields, "only an acceptance (approver and date) expires", "受容の期限を入力できるのは、受容（承認者と受容日）がある場合のみです")
	}
	if row.acceptedOn != nil && row.expiresOn != nil && !row.expiresOn.After(*row.acceptedOn) {
		r.fail("acceptanceExpiresOn", apperr.OutOfRange, "must be after the acceptance date", "受容日より後の日付にしてください")
	}
	accepted := row.acceptedByID != nil && row.acceptedOn != nil
	switch {
	case accepted:
	case row.status == risk.StatusACCEPTED:
		r.fail("status", apperr.InvalidTransition, "an ACCEPTED risk needs management's acceptance: fill accepted by and accepted on",
			"ACCEPTEDにするには経営層による受容が必要です。承認者と受容日を入力してください")
	case row.status == risk.StatusCLOSED && risks.NeedsAcceptance(m, row.treatment, row.score, row.residual):
		r.fail("status", apperr.InvalidTransition,
			fmt.Sprintf("the risk is treated by acceptance or stays above the acceptance threshold (%d): it needs management's acceptance (accepted by and accepted on) before it is CLOSED", m.AcceptanceThreshold),
			fmt.Sprintf("このリスクは受容で対応するか、受容基準（%d）を上回っています。CLOSEDにする前に経営層による受容（承認者と受容日）を入力してください", m.AcceptanceThreshold))
	}
}

// scoreOf scores a likelihood and impact, recording a value outside the method's scales.
func scoreOf(r record, m riskscale.Method, lKey, iKey string, l, i int) (int, string, bool) {
	ok := true
	if l < 1 || l > len(m.Likelihood) {
		r.fail(lKey, apperr.OutOfRange, fmt.Sprintf("must be from 1 to %d (the company's likelihood scale)", len(m.Likelihood)), fmt.Sprintf("1から%dまで（会社の発生可能性の尺度）にしてください", len(m.Likelihood)))
		ok = false
	}
	if i < 1 || i > len(m.Impact) {
		r.fail(iKey, apperr.OutOfRange, fmt.Sprintf("must be from 1 to %d (the company's impact scale)", len(m.Impact)), fmt.Sprintf("1から%dまで（会社の影響度の尺度）にしてください", len(m.Impact)))
		ok = false
	}
	if !ok {
		return 0, "", false
	}
	score, band, err := m.Score(l, i)
	if err != nil {
		r.fail(lKey, apperr.OutOfRange, err.Error(), "会社のリスク評価手法の尺度の外です")
		return 0, "", false
	}
	return score, band.Level, true
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
