package risks

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"secretariat/ent"
	"secretariat/ent/risk"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/iso27001"
	"secretariat/internal/pulid"
	"secretariat/internal/riskscale"
)

// ValidControlRef reports whether ref names a control of the Annex A catalogue ("5.1" … "8.34").
func ValidControlRef(ref string) bool {
	_, ok := iso27001.Lookup(ref)
	return ok
}

// normalizeRefs trims the references, drops duplicates and refuses unknown ones. A nil list
// stays nil (nothing to change).
func normalizeRefs(refs []string) ([]string, error) {
	if refs == nil {
		return nil, nil
	}
	out := make([]string, 0, len(refs))
	var bad []string
	for _, r := range refs {
		r = strings.TrimPrefix(strings.TrimSpace(r), "A.")
		if !ValidControlRef(r) {
			bad = append(bad, fmt.Sprintf("%q", r))
			continue
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	if len(bad) > 0 {
		return out, apperr.Invalid("controlRefs", apperr.InvalidValue,
			"not Annex A controls of ISO/IEC 27001:2022 (5.1–5.37, 6.1–6.8, 7.1–7.14, 8.1–8.34): "+strings.Join(bad, ", "),
			"ISO/IEC 27001:2022 附属書Aの管理策（5.1–5.37、6.1–6.8、7.1–7.14、8.1–8.34）ではありません: "+strings.Join(bad, "、"))
	}
	return out, nil
}

// state is what the rules of a risk look at: its assessment, treatment and acceptance, as they
// will be after the change being made.
type state struct {
	likelihood, impact             int
	targetLikelihood, targetImpact *int
	treatment                      *risk.Treatment
	status                         risk.Status
	acceptedBy                     *pulid.ID
	acceptedOn, expiresOn          *date.Date
}

func stateOf(r *ent.Risk) state {
	return state{
		likelihood: r.Likelihood, impact: r.Impact,
		targetLikelihood: r.TargetLikelihood, targetImpact: r.TargetImpact,
		treatment: r.Treatment, status: r.Status,
		acceptedBy: r.AcceptedByID, acceptedOn: r.AcceptedOn, expiresOn: r.AcceptanceExpiresOn,
	}
}

// scores are the computed values of a risk.
type scores struct {
	score         int
	level         string
	residualScore *int
	residualLevel *string
}

// score computes the risk's score and level, and its residual score and level when a target is
// set, refusing values outside the method's scales on their field.
func (st state) score(m riskscale.Method) (scores, error) {
	var out scores
	var errs []error
	if st.likelihood < 1 || st.likelihood > len(m.Likelihood) {
		errs = append(errs, outOfScale("likelihood", len(m.Likelihood)))
	}
	if st.impact < 1 || st.impact > len(m.Impact) {
		errs = append(errs, outOfScale("impact", len(m.Impact)))
	}
	if st.targetLikelihood != nil && (*st.targetLikelihood < 1 || *st.targetLikelihood > len(m.Likelihood)) {
		errs = append(errs, outOfScale("targetLikelihood", len(m.Likelihood)))
	}
	if st.targetImpact != nil && (*st.targetImpact < 1 || *st.targetImpact > len(m.Impact)) {
		errs = append(errs, outOfScale("targetImpact", len(m.Impact)))
	}
	if (st.targetLikelihood == nil) != (st.targetImpact == nil) {
		errs = append(errs, errHalfTarget)
	}
	if err := apperr.Join(errs...); err != nil {
		return out, err
	}
	score, band, _ := m.Score(st.likelihood, st.impact)
	out.score, out.level = score, band.Level
	if st.targetLikelihood != nil {
		rs, rb, _ := m.Score(*st.targetLikelihood, *st.targetImpact)
		out.residualScore, out.residualLevel = &rs, &rb.Level
	}
	return out, nil
}

// NeedsAcceptance reports whether a risk must be accepted by management before it is ACCEPTED
// or CLOSED: when the chosen treatment is to accept it, and whenever the risk that remains (the
// residual score when a target is set, else the score) stays above the acceptance threshold.
func NeedsAcceptance(m riskscale.Method, treatment *risk.Treatment, score int, residual *int) bool {
	if treatment != nil && *treatment == risk.TreatmentACCEPT {
		return true
	}
	remaining := score
	if residual != nil {
		remaining = *residual
	}
	return m.AboveThreshold(remaining)
}

// checkAcceptance refuses an ACCEPTED or CLOSED status the acceptance rules do not allow: an
// ACCEPTED risk always names its approver and date; a CLOSED one does when NeedsAcceptance.
func (st state) checkAcceptance(m riskscale.Method, sc scores) error {
	var errs []error
	if (st.acceptedBy == nil) != (st.acceptedOn == nil) {
		errs = append(errs, apperr.Invalid("acceptedOn", apperr.ConflictingFields, "an acceptance names both its approver and its date", "リスク受容には承認者と受容日の両方を指定してください"))
	}
	if st.expiresOn != nil && st.acceptedOn == nil {
		errs = append(errs, apperr.Invalid("acceptanceExpiresOn", apperr.ConflictingFields, "only an acceptance (approver and date) expires", "受容の期限を指定できるのは、受容（承認者と受容日）がある場合のみです"))
	}
	if st.acceptedOn != nil && st.expiresOn != nil && !st.expiresOn.After(*st.acceptedOn) {
		errs = append(errs, errExpiresBeforeAcceptance)
	}
	accepted := st.acceptedBy != nil && st.acceptedOn != nil
	switch {
	case accepted:
	case st.status == risk.StatusACCEPTED:
		errs = append(errs, apperr.Invalid("status", apperr.InvalidTransition, "an ACCEPTED risk needs management's acceptance (approver and date): use acceptRisk",
			"ACCEPTEDにするには経営層による受容（承認者と受容日）が必要です。acceptRiskを使用してください"))
	case st.status == risk.StatusCLOSED && NeedsAcceptance(m, st.treatment, sc.score, sc.residualScore):
		errs = append(errs, apperr.Invalid("status", apperr.InvalidTransition,
			fmt.Sprintf("the risk is treated by acceptance or stays above the acceptance threshold (%d): it needs management's acceptance (approver and date) before it is CLOSED", m.AcceptanceThreshold),
			fmt.Sprintf("このリスクは受容で対応するか、受容基準（%d）を上回っています。CLOSEDにする前に経営層による受容（承認者と受容日）が必要です", m.AcceptanceThreshold)))
	}
	return apperr.Join(errs...)
}

// codePrefix is the prefix of generated register numbers: …
const codePrefix = "R-"

// codeFor returns the code asked for when it is free, or the next number of the company.
func codeFor(ctx context.Context, tx *ent.Client, companyID pulid.ID, asked *string) (string, error) {
	if asked != nil && *asked != "" {
		return *asked, codeFree(ctx, tx, companyID, *asked, "")
	}
	codes, err := tx.Risk.Query().
		Where(risk.CompanyID(companyID), risk.CodeHasPrefix(codePrefix)).
		Select(risk.FieldCode).
		Strings(ctx)
	if err != nil {
		return "", fmt.Errorf("number the risk: %w", err)
	}
	highest := 0
	for _, c := range codes {
		if n, err := strconv.Atoi(strings.TrimPrefix(c, codePrefix)); err == nil && n > highest {
			highest = n
		}
	}
	return fmt.Sprintf("%s%03d", codePrefix, highest+1), nil
}

// codeFree refuses a code used by another risk of the company, archived ones included.
func codeFree(ctx context.Context, tx *ent.Client, companyID pulid.ID, code string, self pulid.ID) error {
	q := tx.Risk.Query().Where(risk.CompanyID(companyID), risk.Code(code))
	if self != "" {
		q.Where(risk.IDNEQ(self))
	}
	used, err := q.Exist(ctx)
	if err != nil {
		return fmt.Errorf("check code: %w", err)
	}
	if used {
		return errCodeUsed(code)
	}
	return nil
}

// outOfScale refuses a likelihood or impact outside the company's scale of steps.
func outOfScale(field string, steps int) error {
	en, ja := "likelihood", "発生可能性"
	if field == "impact" || field == "targetImpact" {
		en, ja = "impact", "影響度"
	}
	return apperr.Invalid(field, apperr.OutOfRange,
		fmt.Sprintf("must be from 1 to %d (the company's %s scale)", steps, en),
		fmt.Sprintf("1から%dまでの値を指定してください（会社の%sの段階）", steps, ja))
}

func errCodeUsed(code string) error {
	return apperr.Conflict(apperr.Duplicate, fmt.Sprintf("risk code %s is already used in this company", code), fmt.Sprintf("リスク番号 %s はこの会社ですでに使われています", code))
}
