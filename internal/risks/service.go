// Package risks keeps a company's risk assessment (リスクアセスメント): its method (scales, score
// rule, level bands, acceptance threshold; package riskscale), the risk register with the assets
// and Annex A controls each risk concerns, treatment plans whose items are tasks (source
// RISK_TREATMENT), management's acceptance of what remains, and the monitoring that shows the
// secretariat whether departments really act.
//
// Rules this package owns:
//   - score, level, residual score and residual level are computed by the company's method, never
//     taken from input; changing the method recomputes every risk of the company in the same
//     transaction, and is refused, changing nothing, while a risk lies outside a smaller scale;
//   - a risk is ACCEPTED only with an acceptance (approver and date); it is CLOSED without one
//     only when its treatment is not ACCEPT and what remains (residual score, else score) is within
//     the acceptance threshold (NeedsAcceptance);
//   - who accepts a risk (the approver): ISO/IEC 27001 6.1.3 f) asks the risk owners to approve
//     the treatment plan and accept the residual risks, so the approver is the risk's owner (as
//     the risk stands after the change), whatever its role, or top management: a member whose
//     role is OWNER or ADMIN. Nobody else (a MEMBER, a CONSULTANT or SECRETARIAT who does not own
//     the risk) accepts it: BAD_USER_INPUT on acceptedByID, ROLE_REQUIRED. The approver works in
//     the company and is never a read-only AUDITOR. Editors record the acceptance (mayAccept);
//     the Excel import applies the same rule, through this service;
//   - the owner works in the company and is not an AUDITOR; linked assets belong to the risk's
//     company and are not archived; control references are Annex A controls.
//
// Isolation and roles come from the ent schema (layers 1 and 2).
package risks

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"secretariat/ent"
	"secretariat/ent/asset"
	"secretariat/ent/risk"
	"secretariat/ent/riskasset"
	"secretariat/ent/riskcontrol"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/archive"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/members"
	"secretariat/internal/pulid"
	"secretariat/internal/tasks"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// Service keeps the risk method, the risk register and its monitoring.
type Service struct {
	db    *ent.Client
	tasks *tasks.Service
	log   *slog.Logger
	now   func() time.Time
}

// NewService returns the service over the ent client; treatment tasks are made by taskService.
func NewService(db *ent.Client, taskService *tasks.Service, log *slog.Logger) *Service {
	return &Service{db: db, tasks: taskService, log: log, now: time.Now}
}

// Today is the current calendar day of the ISMS calendar every module shares (date.Calendar).
func (s *Service) Today() date.Date { return date.Today(s.now()) }

var errArchived = apperr.Invalid("id", apperr.Archived, "the risk is archived; restore it first", "リスクはアーカイブされています。先に復元してください")

// Create adds a risk to the register of a company the viewer reaches, with its asset and control
// links, in one transaction.
func (s *Service) Create(ctx context.Context, in CreateRiskInput) (*ent.Risk, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("create risk: %w", err)
	}
	c, err := s.db.Company.Get(ctx, in.CompanyID)
	if err != nil {
		return nil, fmt.Errorf("create risk: %w", validate.Reference("companyID", err))
	}
	if c.ArchivedAt != nil {
		return nil, fmt.Errorf("create risk: %w", apperr.Invalid("companyID", apperr.Archived, "the company is archived; restore it first", "会社はアーカイブされています。先に復元してください"))
	}
	m, _, err := s.method(ctx, s.db, c.ID)
	if err != nil {
		return nil, fmt.Errorf("create risk: %w", err)
	}
	st := state{likelihood: in.Likelihood, impact: in.Impact, targetLikelihood: in.TargetLikelihood, targetImpact: in.TargetImpact,
		treatment: in.Treatment, status: risk.StatusIDENTIFIED, acceptedBy: in.AcceptedByID, acceptedOn: in.AcceptedOn, expiresOn: in.AcceptanceExpiresOn}
	if in.Status != nil {
		st.status = *in.Status
	}
	sc, err := st.score(m)
	if err != nil {
		return nil, fmt.Errorf("create risk: %w", err)
	}
	if err := apperr.Join(st.checkAcceptance(m, sc), s.checkPeople(ctx, c.ID, in.OwnerID, in.AcceptedByID, in.OwnerID)); err != nil {
		return nil, fmt.Errorf("create risk: %w", err)
	}
	if err := s.checkAssets(ctx, c.ID, in.AssetIDs); err != nil {
		return nil, fmt.Errorf("create risk: %w", err)
	}
	var r *ent.Risk
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		code, err := codeFor(ctx, tx, c.ID, in.Code)
		if err != nil {
			return err
		}
		r, err = tx.Risk.Create().
			SetCompanyID(c.ID).
			SetCode(code).
			SetTitle(in.Title).
			SetNillableThreat(in.Threat).
			SetNillableVulnerability(in.Vulnerability).
			SetLikelihood(in.Likelihood).
			SetImpact(in.Impact).
			SetScore(sc.score).
			SetLevel(sc.level).
			SetNillableOwnerID(in.OwnerID).
			SetNillableTreatment(in.Treatment).
			SetNillableTreatmentPlan(in.TreatmentPlan).
			SetNillableTargetLikelihood(in.TargetLikelihood).
			SetNillableTargetImpact(in.TargetImpact).
			SetNillableResidualScore(sc.residualScore).
			SetNillableResidualLevel(sc.residualLevel).
			SetNillableAcceptedByID(in.AcceptedByID).
			SetNillableAcceptedOn(in.AcceptedOn).
			SetNillableAcceptanceExpiresOn(in.AcceptanceExpiresOn).
			SetStatus(st.status).
			SetNillableNextReviewOn(in.NextReviewOn).
			Save(ctx)
		if ent.IsConstraintError(err) {
			return errCodeUsed(code)
		}
		if err != nil {
			return err
		}
		return setLinks(ctx, tx, r, in.AssetIDs, in.ControlRefs)
	})
	if err != nil {
		return nil, fmt.Errorf("create risk: %w", err)
	}
	return r, nil
}

// Update changes the fields set in the input and recomputes the scores, in one transaction with
// the links it replaces.
func (s *Service) Update(ctx context.Context, in UpdateRiskInput) (*ent.Risk, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update risk: %w", err)
	}
	r, err := s.active(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("update risk: %w", err)
	}
	m, _, err := s.method(ctx, s.db, r.CompanyID)
	if err != nil {
		return nil, fmt.Errorf("update risk: %w", err)
	}
	st := stateOf(r)
	set(&st.likelihood, in.Likelihood)
	set(&st.impact, in.Impact)
	st.targetLikelihood = given(in.Null, "targetLikelihood", in.TargetLikelihood, st.targetLikelihood)
	st.targetImpact = given(in.Null, "targetImpact", in.TargetImpact, st.targetImpact)
	st.treatment = given(in.Null, "treatment", in.Treatment, st.treatment)
	st.acceptedBy = given(in.Null, "acceptedByID", in.AcceptedByID, st.acceptedBy)
	st.acceptedOn = given(in.Null, "acceptedOn", in.AcceptedOn, st.acceptedOn)
	st.expiresOn = given(in.Null, "acceptanceExpiresOn", in.AcceptanceExpiresOn, st.expiresOn)
	set(&st.status, in.Status)
	sc, err := st.score(m)
	if err != nil {
		return nil, fmt.Errorf("update risk: %w", err)
	}
	owner := given(in.Null, "ownerID", in.OwnerID, r.OwnerID)
	if err := apperr.Join(st.checkAcceptance(m, sc), s.checkPeople(ctx, r.CompanyID, in.OwnerID, in.AcceptedByID, owner)); err != nil {
		return nil, fmt.Errorf("update risk: %w", err)
	}
	if err := s.checkAssets(ctx, r.CompanyID, in.AssetIDs); err != nil {
		return nil, fmt.Errorf("update risk: %w", err)
	}
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if in.Code != nil && *in.Code != r.Code {
			if err := codeFree(ctx, tx, r.CompanyID, *in.Code, r.ID); err != nil {
				return err
			}
		}
		update := tx.Risk.UpdateOneID(r.ID).
			SetNillableCode(in.Code).
			SetNillableTitle(in.Title).
			SetLikelihood(st.likelihood).
			SetImpact(st.impact).
			SetScore(sc.score).
			SetLevel(sc.level).
			SetNillableOwnerID(in.OwnerID).
			SetStatus(st.status).
			SetNillableNextReviewOn(in.NextReviewOn)
		update.SetNillableThreat(in.Threat).SetNillableVulnerability(in.Vulnerability).SetNillableTreatmentPlan(in.TreatmentPlan)
		for field, clear := range map[string]func() *ent.RiskUpdateOne{
			"threat":        update.ClearThreat,
			"vulnerability": update.ClearVulnerability,
			"treatmentPlan": update.ClearTreatmentPlan,
			"ownerID":       update.ClearOwnerID,
			"nextReviewOn":  update.ClearNextReviewOn,
		} {
			if validate.IsNull(in.Null, field) {
				clear()
			}
		}
		setOrClear(st.treatment, update.SetTreatment, update.ClearTreatment)
		setOrClear(st.targetLikelihood, update.SetTargetLikelihood, update.ClearTargetLikelihood)
		setOrClear(st.targetImpact, update.SetTargetImpact, update.ClearTargetImpact)
		setOrClear(sc.residualScore, update.SetResidualScore, update.ClearResidualScore)
		setOrClear(sc.residualLevel, update.SetResidualLevel, update.ClearResidualLevel)
		setOrClear(st.acceptedBy, update.SetAcceptedByID, update.ClearAcceptedByID)
		setOrClear(st.acceptedOn, update.SetAcceptedOn, update.ClearAcceptedOn)
		setOrClear(st.expiresOn, update.SetAcceptanceExpiresOn, update.ClearAcceptanceExpiresOn)
		var err error
		if r, err = update.Save(ctx); err != nil {
			if ent.IsConstraintError(err) && in.Code != nil {
				return errCodeUsed(*in.Code)
			}
			return err
		}
		return setLinks(ctx, tx, r, in.AssetIDs, in.ControlRefs)
	})
	if err != nil {
		return nil, fmt.Errorf("update risk: %w", err)
	}
	return r, nil
}

// Accept records management's acceptance of a risk and sets it ACCEPTED.
func (s *Service) Accept(ctx context.Context, in AcceptRiskInput) (*ent.Risk, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("accept risk: %w", err)
	}
	approver := in.ApproverID
	if approver == nil {
		v := viewer.FromContext(ctx)
		if v == nil || v.UserID == "" {
			return nil, fmt.Errorf("accept risk: %w", apperr.Invalid("approverID", apperr.Required, "name the approver", "承認者を指定してください"))
		}
		approver = &v.UserID
	}
	on := s.Today()
	if in.AcceptedOn != nil {
		on = *in.AcceptedOn
	}
	status := risk.StatusACCEPTED
	return s.Update(ctx, UpdateRiskInput{ID: in.ID, AcceptedByID: approver, AcceptedOn: &on, AcceptanceExpiresOn: &in.ExpiresOn, Status: &status})
}

// SetArchived archives (archived true) or restores a risk.
func (s *Service) SetArchived(ctx context.Context, in archive.Input, archived bool) (*ent.Risk, error) {
	rec, err := archive.Set[*ent.RiskMutation](ctx, risk.Policy,
		func(ctx context.Context) (*ent.Risk, error) {
			r, err := s.db.Risk.Get(ctx, in.ID)
			return r, notFound(err, "risk", "リスク")
		},
		func(r *ent.Risk) *time.Time { return r.ArchivedAt },
		(*ent.Risk).Update, archived, s.now())
	if err != nil {
		return nil, fmt.Errorf("archive risk: %w", err)
	}
	return rec, nil
}

// AddTreatmentTask adds an item of the risk's treatment plan as a task (source RISK_TREATMENT,
// sourceID the risk). A risk still IDENTIFIED or ASSESSED moves to TREATING, in the same
// transaction.
func (s *Service) AddTreatmentTask(ctx context.Context, in AddTreatmentTaskInput) (*ent.Task, error) {
	r, err := s.active(ctx, in.RiskID)
	if err != nil {
		return nil, fmt.Errorf("add treatment task: %w", err)
	}
	var t *ent.Task
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		t, err = s.tasks.CreateFrom(ctx, tx, tasks.CreateTaskInput{
			CompanyID: r.CompanyID, Title: in.Title, Description: in.Description, DueDate: in.DueDate,
			AssigneeID: in.AssigneeID, Priority: in.Priority,
		}, tasks.Origin{Source: task.SourceRISK_TREATMENT, SourceID: &r.ID})
		if err != nil {
			return err
		}
		if r.Status == risk.StatusIDENTIFIED || r.Status == risk.StatusASSESSED {
			return tx.Risk.UpdateOneID(r.ID).SetStatus(risk.StatusTREATING).Exec(ctx)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("add treatment task: %w", err)
	}
	return t, nil
}

// active loads a risk that may still change.
func (s *Service) active(ctx context.Context, id pulid.ID) (*ent.Risk, error) {
	r, err := s.db.Risk.Get(ctx, id)
	if err != nil {
		return nil, notFound(err, "risk", "リスク")
	}
	if r.ArchivedAt != nil {
		return nil, errArchived
	}
	return r, nil
}

// checkPeople refuses an owner or approver who does not work in the company or only reads it,
// and an approver who may not accept the risk whose owner will be riskOwner (mayAccept).
func (s *Service) checkPeople(ctx context.Context, companyID pulid.ID, owner, approver, riskOwner *pulid.ID) error {
	var errs []error
	for _, p := range []struct {
		field string
		id    *pulid.ID
	}{{"ownerID", owner}, {"acceptedByID", approver}} {
		if p.id == nil {
			continue
		}
		role, ok, err := members.RoleIn(ctx, s.db, *p.id, companyID)
		switch {
		case err != nil:
			return err
		case !ok:
			errs = append(errs, apperr.Invalid(p.field, apperr.InvalidValue, "must be a member who works in the risk's company", "リスクの会社で業務を行うメンバーを指定してください"))
		case role == viewer.RoleAuditor:
			errs = append(errs, apperr.Invalid(p.field, apperr.RoleRequired, "an auditor reads only", "監査人は閲覧のみのため指定できません"))
		case p.field == "acceptedByID" && !mayAccept(*p.id, role, riskOwner):
			errs = append(errs, apperr.Invalid(p.field, apperr.RoleRequired,
				"a risk is accepted by its owner or by top management (OWNER or ADMIN), ISO/IEC 27001 6.1.3 f",
				"リスクを受容するのはリスク所有者または経営層（OWNER・ADMIN）です（ISO/IEC 27001 6.1.3 f）"))
		}
	}
	return apperr.Join(errs...)
}

// mayAccept is the acceptance rule: the approver of a risk is its owner, whatever the role, or
// top management (OWNER, ADMIN). The caller has already refused auditors and non-members.
func mayAccept(approver pulid.ID, role viewer.Role, riskOwner *pulid.ID) bool {
	return (riskOwner != nil && *riskOwner == approver) || role == viewer.RoleOwner || role == viewer.RoleAdmin
}

// checkAssets refuses assets the viewer does not reach (UNKNOWN_ID, as for IDs that do not exist),
// of another company or archived.
func (s *Service) checkAssets(ctx context.Context, companyID pulid.ID, ids []pulid.ID) error {
	if len(ids) == 0 {
		return nil
	}
	found, err := s.db.Asset.Query().Where(asset.IDIn(ids...)).All(ctx)
	if err != nil {
		return fmt.Errorf("load assets: %w", err)
	}
	byID := map[pulid.ID]*ent.Asset{}
	for _, a := range found {
		byID[a.ID] = a
	}
	for _, id := range ids {
		a, ok := byID[id]
		switch {
		case !ok:
			return validate.Reference("assetIDs", apperr.NotFound("asset", "資産"))
		case a.CompanyID != companyID:
			return apperr.Invalid("assetIDs", apperr.InvalidValue, "must be assets of the risk's company", "リスクと同じ会社の資産を指定してください")
		case a.ArchivedAt != nil:
			return apperr.Invalid("assetIDs", apperr.Archived, fmt.Sprintf("the asset %s is archived", a.Name), fmt.Sprintf("資産「%s」はアーカイブされています", a.Name))
		}
	}
	return nil
}

// setLinks replaces the risk's asset and control links with the lists given; a nil list leaves
// its links as they are.
func setLinks(ctx context.Context, tx *ent.Client, r *ent.Risk, assetIDs []pulid.ID, refs []string) error {
	if assetIDs != nil {
		keep := map[pulid.ID]bool{}
		for _, id := range assetIDs {
			keep[id] = true
		}
		existing, err := tx.RiskAsset.Query().Where(riskasset.RiskID(r.ID)).All(ctx)
		if err != nil {
			return err
		}
		for _, l := range existing {
			if keep[l.AssetID] {
				delete(keep, l.AssetID)
				continue
			}
			if err := tx.RiskAsset.DeleteOneID(l.ID).Exec(ctx); err != nil {
				return fmt.Errorf("unlink asset: %w", err)
			}
		}
		for _, id := range assetIDs {
			if !keep[id] {
				continue
			}
			delete(keep, id)
			if err := tx.RiskAsset.Create().SetCompanyID(r.CompanyID).SetRiskID(r.ID).SetAssetID(id).Exec(ctx); err != nil {
				return fmt.Errorf("link asset: %w", err)
			}
		}
	}
	if refs != nil {
		keep := map[string]bool{}
		for _, ref := range refs {
			keep[ref] = true
		}
		existing, err := tx.RiskControl.Query().Where(riskcontrol.RiskID(r.ID)).All(ctx)
		if err != nil {
			return err
		}
		for _, l := range existing {
			if keep[l.ControlRef] {
				delete(keep, l.ControlRef)
				continue
			}
			if err := tx.RiskControl.DeleteOneID(l.ID).Exec(ctx); err != nil {
				return fmt.Errorf("unlink control: %w", err)
			}
		}
		for _, ref := range refs {
			if !keep[ref] {
				continue
			}
			delete(keep, ref)
			if err := tx.RiskControl.Create().SetCompanyID(r.CompanyID).SetRiskID(r.ID).SetControlRef(ref).Exec(ctx); err != nil {
				return fmt.Errorf("link control %s: %w", ref, err)
			}
		}
	}
	return nil
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// given is a field's value after an update: the value sent, nil when the update sends it as
// null (named in null), else what it was.
func given[T any](null []string, field string, v, was *T) *T {
	switch {
	case v != nil:
		return v
	case validate.IsNull(null, field):
		return nil
	default:
		return was
	}
}

func setOrClear[T, U any](v *T, set func(T) U, clear func() U) {
	if v == nil {
		clear()
	} else {
		set(*v)
	}
}

func notFound(err error, en, ja string) error {
	if ent.IsNotFound(err) {
		return apperr.NotFound(en, ja)
	}
	return err
}
