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
	"secretariat/internal/controls"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/riskscale"
)

// ValidControlRef reports whether ref names a control of the Annex A catalogue ("5.1" … "8.34").
func ValidControlRef(ref string) bool {
	_, ok := controls.Lookup(ref)
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
		return out, apperr.InvalidEN("controlRefs", "not Annex A controls of ISO/IEC 27001:2022 (5.1–5.37, 6.1–6.8, 7.1–7.14, 8.1–8.34): "+strings.Join(bad, ", "))
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
		errs = append(errs, apperr.InvalidEN("likelihood", fmt.Sprintf("must be from 1 to %d (the company's likelihood scale)", len(m.Likelihood))))
	}
	if st.impact < 1 || st.impact > len(m.Impact) {
		errs = append(errs, apperr.InvalidEN("impact", fmt.Sprintf("must be from 1 to %d (the company's impact scale)", len(m.Impact))))
	}
	if st.targetLikelihood != nil && (*st.targetLikelihood < 1 || *st.targetLikelihood > len(m.Likelihood)) {
		errs = append(errs, apperr.InvalidEN("targetLikelihood", fmt.Sprintf("must be from 1 to %d (the company's likelihood scale)", len(m.Likelihood))))
	}
	if st.targetImpact != nil && (*st.targetImpact < 1 || *st.targetImpact > len(m.Impact)) {
		errs = append(errs, apperr.InvalidEN("targetImpact", fmt.Sprintf("must be from 1 to %d (the company's impact scale)", len(m.Impact))))
	}
	if (st.targetLikelihood == nil) != (st.targetImpact == nil) {
		errs = append(errs, apperr.InvalidEN("targetImpact", "give both the target likelihood and the target impact, or neither"))
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
		errs = append(errs, apperr.InvalidEN("acceptedOn", "an acceptance names both its approver and its date"))
	}
	if st.expiresOn != nil && st.acceptedOn == nil {
		errs = append(errs, apperr.InvalidEN("acceptanceExpiresOn", "only an acceptance (approver and date) expires"))
	}
	if st.acceptedOn != nil && st.expiresOn != nil && !st.expiresOn.After(*st.acceptedOn) {
		errs = append(errs, apperr.InvalidEN("acceptanceExpiresOn", "must be after the acceptance date"))
	}
	accepted := st.acceptedBy != nil && st.acceptedOn != nil
	switch {
	case accepted:
	case st.status == risk.StatusACCEPTED:
		errs = append(errs, apperr.InvalidEN("status", "an ACCEPTED risk needs management's acceptance (approver and date): use acceptRisk"))
	case st.status == risk.StatusCLOSED && NeedsAcceptance(m, st.treatment, sc.score, sc.residualScore):
		errs = append(errs, apperr.InvalidEN("status",
			fmt.Sprintf("the risk is treated by acceptance or stays above the acceptance threshold (%d): it needs management's acceptance (approver and date) before it is CLOSED", m.AcceptanceThreshold)))
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

func errCodeUsed(code string) error {
	return apperr.ConflictEN(fmt.Sprintf("risk code %s is already used in this company", code))
}
