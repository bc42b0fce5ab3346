package incidents

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"secretariat/ent"
	"secretariat/ent/incident"
	"secretariat/ent/incidentasset"
	"secretariat/ent/incidentevent"
	"secretariat/ent/incidentrisk"
	"secretariat/ent/risk"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/members"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// open reads an incident that is still handled (neither CLOSED nor REJECTED), in one of the
// states from when given.
func open(ctx context.Context, tx *ent.Client, id pulid.ID, from ...incident.Status) (*ent.Incident, error) {
	inc, err := tx.Incident.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if inc.Status == incident.StatusCLOSED || inc.Status == incident.StatusREJECTED || len(from) > 0 && !slices.Contains(from, inc.Status) {
		return nil, apperr.Invalid("id", apperr.InvalidTransition,
			fmt.Sprintf("the incident is %s", inc.Status), fmt.Sprintf("インシデントの状態が %s のため、この操作はできません", inc.Status))
	}
	return inc, nil
}

// Triage sets the severity of a REPORTED incident and who handles it (a member who works in the
// company, not an AUDITOR; the handler's task follows), and records what the triage found about
// personal data and a wrongful act: the reporting deadlines follow.
func (s *Service) Triage(ctx context.Context, in TriageIncidentInput) (*ent.Incident, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("triage incident: %w", err)
	}
	var inc *ent.Incident
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		if inc, err = open(ctx, tx, in.ID, incident.StatusREPORTED); err != nil {
			return err
		}
		if in.AssigneeID != nil {
			role, ok, err := members.RoleIn(ctx, tx, *in.AssigneeID, inc.CompanyID)
			switch {
			case err != nil:
				return err
			case !ok || role == viewer.RoleAuditor:
				return apperr.Invalid("assigneeID", apperr.InvalidValue, "must be a member who works in the incident's company and is not a read-only auditor", "インシデントの会社で業務を行うメンバー（審査員を除く）を指定してください")
			}
		}
		u := inc.Update().
			SetSeverity(in.Severity).
			SetStatus(incident.StatusTRIAGED).
			SetTriagedAt(s.now()).
			SetNillablePersonalData(in.PersonalData).
			SetNillableWrongful(in.Wrongful)
		if in.AssigneeID != nil {
			u.SetAssigneeID(*in.AssigneeID)
		}
		if inc, err = u.Save(ctx); err != nil {
			return err
		}
		if in.AssigneeID != nil {
			if err := s.handTo(ctx, tx, inc, *in.AssigneeID); err != nil {
				return err
			}
		}
		text := fmt.Sprintf("severity %s", in.Severity)
		if in.Note != nil {
			text += ": " + *in.Note
		}
		if err := s.event(ctx, tx, inc, incidentevent.KindTRIAGED, &text); err != nil {
			return err
		}
		return s.syncDeadlines(ctx, tx, inc)
	})
	if err != nil {
		return nil, fmt.Errorf("triage incident: %w", err)
	}
	return inc, nil
}

// handTo gives the incident's open tasks to the handler, and a task when it has none yet.
func (s *Service) handTo(ctx context.Context, tx *ent.Client, inc *ent.Incident, handler pulid.ID) error {
	if inc.TaskID == nil {
		t, err := s.handlerTask(ctx, tx, inc, handler)
		if err != nil {
			return err
		}
		_, err = inc.Update().SetTaskID(t.ID).Save(ctx)
		return err
	}
	return tx.Task.Update().
		Where(task.SourceEQ(task.SourceINCIDENT), task.SourceID(inc.ID), task.StatusNotIn(task.StatusDONE, task.StatusCANCELED)).
		SetAssigneeID(handler).
		Exec(ctx)
}

// SetStatus moves a triaged incident forward along TRIAGED → CONTAINED → RESOLVED → CLOSED (a step
// may be skipped, never taken back). Closing completes the handler's task.
func (s *Service) SetStatus(ctx context.Context, in SetIncidentStatusInput) (*ent.Incident, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("set incident status: %w", err)
	}
	var inc *ent.Incident
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		if inc, err = open(ctx, tx, in.ID); err != nil {
			return err
		}
		if from := slices.Index(forward, inc.Status); from < 0 || slices.Index(forward, in.Status) <= from {
			return apperr.Invalid("status", apperr.InvalidTransition,
				fmt.Sprintf("an incident %s cannot become %s: triage it first, and move it forward only", inc.Status, in.Status),
				fmt.Sprintf("状態 %s のインシデントを %s にはできません（先にトリアージし、前に進めてください）", inc.Status, in.Status))
		}
		now := s.now()
		u := inc.Update().SetStatus(in.Status)
		switch in.Status {
		case incident.StatusCONTAINED:
			u.SetContainedAt(now)
		case incident.StatusRESOLVED:
			u.SetResolvedAt(now)
		case incident.StatusCLOSED:
			u.SetClosedAt(now)
		}
		if inc, err = u.Save(ctx); err != nil {
			return err
		}
		if in.Status == incident.StatusCLOSED && inc.TaskID != nil {
			if err := tx.Task.Update().
				Where(task.ID(*inc.TaskID), task.StatusNotIn(task.StatusDONE, task.StatusCANCELED)).
				SetStatus(task.StatusDONE).SetCompletedAt(now).SetCompletionNote("インシデントをクローズ").
				Exec(ctx); err != nil {
				return err
			}
		}
		text := string(in.Status)
		if in.Note != nil {
			text += ": " + *in.Note
		}
		return s.event(ctx, tx, inc, incidentevent.KindSTATUS, &text)
	})
	if err != nil {
		return nil, fmt.Errorf("set incident status: %w", err)
	}
	return inc, nil
}

// Reject decides that a REPORTED or TRIAGED report is not an incident, with the reason; its open
// tasks are canceled.
func (s *Service) Reject(ctx context.Context, in RejectIncidentInput) (*ent.Incident, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("reject incident: %w", err)
	}
	var inc *ent.Incident
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		if inc, err = open(ctx, tx, in.ID, incident.StatusREPORTED, incident.StatusTRIAGED); err != nil {
			return err
		}
		now := s.now()
		if inc, err = inc.Update().SetStatus(incident.StatusREJECTED).SetRejectionReason(in.Reason).SetClosedAt(now).Save(ctx); err != nil {
			return err
		}
		if err := tx.Task.Update().
			Where(task.SourceEQ(task.SourceINCIDENT), task.SourceID(inc.ID), task.StatusNotIn(task.StatusDONE, task.StatusCANCELED)).
			SetStatus(task.StatusCANCELED).SetCompletedAt(now).SetCompletionNote("インシデントではないと判断").
			Exec(ctx); err != nil {
			return err
		}
		return s.event(ctx, tx, inc, incidentevent.KindREJECTED, &in.Reason)
	})
	if err != nil {
		return nil, fmt.Errorf("reject incident: %w", err)
	}
	return inc, nil
}

// AddNote appends a comment or an action taken to the timeline of an incident the viewer reads,
// in its name: the reporter adds to its own report, editors to any.
func (s *Service) AddNote(ctx context.Context, in AddIncidentNoteInput) (*ent.IncidentEvent, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("add incident note: %w", err)
	}
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, fmt.Errorf("add incident note: %w", apperr.Unauthenticated("sign in first", "ログインしてください"))
	}
	inc, err := s.db.Incident.Get(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("add incident note: %w", err)
	}
	e, err := s.db.IncidentEvent.Create().
		SetCompanyID(inc.CompanyID).
		SetIncidentID(inc.ID).
		SetKind(in.Kind).
		SetText(in.Text).
		SetActorID(v.UserID).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("add incident note: %w", err)
	}
	return e, nil
}

// Link links an incident still handled to risks of its company it raised or updated (an
// incident's risks are never unlinked), to more assets it affected, and sets the Annex A
// controls it concerns.
func (s *Service) Link(ctx context.Context, in LinkIncidentInput) (*ent.Incident, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("link incident: %w", err)
	}
	var inc *ent.Incident
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		if inc, err = open(ctx, tx, in.ID); err != nil {
			return err
		}
		var said []string
		if len(in.RiskIDs) > 0 {
			found, err := tx.Risk.Query().Where(risk.IDIn(in.RiskIDs...), risk.CompanyID(inc.CompanyID)).All(ctx)
			if err != nil {
				return err
			}
			linked, err := tx.IncidentRisk.Query().Where(incidentrisk.IncidentID(inc.ID)).All(ctx)
			if err != nil {
				return err
			}
			var errs []error
			var links []*ent.IncidentRiskCreate
			for i, id := range in.RiskIDs {
				j := slices.IndexFunc(found, func(r *ent.Risk) bool { return r.ID == id })
				if j < 0 {
					errs = append(errs, apperr.Invalid(fmt.Sprintf("riskIDs.%d", i), apperr.UnknownID, "names no risk of the incident's company", "インシデントの会社のリスクを指定してください"))
					continue
				}
				if slices.ContainsFunc(linked, func(l *ent.IncidentRisk) bool { return l.RiskID == id }) {
					continue
				}
				links = append(links, tx.IncidentRisk.Create().SetCompanyID(inc.CompanyID).SetIncidentID(inc.ID).SetRiskID(id))
				said = append(said, found[j].Code)
			}
			if err := apperr.Join(errs...); err != nil {
				return err
			}
			if err := tx.IncidentRisk.CreateBulk(links...).Exec(ctx); err != nil {
				return err
			}
		}
		if len(in.AssetIDs) > 0 {
			if err := checkAssets(ctx, tx, inc.CompanyID, "assetIDs", in.AssetIDs); err != nil {
				return err
			}
			linked, err := tx.IncidentAsset.Query().Where(incidentasset.IncidentID(inc.ID)).All(ctx)
			if err != nil {
				return err
			}
			var fresh []pulid.ID
			for _, id := range in.AssetIDs {
				if !slices.ContainsFunc(linked, func(l *ent.IncidentAsset) bool { return l.AssetID == id }) {
					fresh = append(fresh, id)
				}
			}
			if len(fresh) > 0 {
				if err := linkAssets(ctx, tx, inc, fresh); err != nil {
					return err
				}
			}
		}
		if in.Controls != nil {
			if inc, err = inc.Update().SetControls(in.Controls).Save(ctx); err != nil {
				return err
			}
			said = append(said, in.Controls...)
		}
		text := strings.Join(said, ", ")
		return s.event(ctx, tx, inc, incidentevent.KindLINKED, &text)
	})
	if err != nil {
		return nil, fmt.Errorf("link incident: %w", err)
	}
	return inc, nil
}

// FileReport records that a report the law requires was filed: the deadline is met on filedOn
// (not before the discovery, not after today), and its task is done.
func (s *Service) FileReport(ctx context.Context, in FileIncidentReportInput) (*ent.IncidentDeadline, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("file incident report: %w", err)
	}
	var d *ent.IncidentDeadline
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		if d, err = tx.IncidentDeadline.Get(ctx, in.DeadlineID); err != nil {
			return validate.Reference("deadlineID", err)
		}
		if d.FiledOn != nil {
			return apperr.Invalid("deadlineID", apperr.StaleState, "the report was filed on "+d.FiledOn.String(), d.FiledOn.String()+"に報告済みです")
		}
		inc, err := tx.Incident.Get(ctx, d.IncidentID)
		if err != nil {
			return err
		}
		if in.FiledOn.Before(date.Of(inc.DiscoveredAt.In(date.Calendar))) || s.Today().Before(in.FiledOn) {
			return apperr.Invalid("filedOn", apperr.OutOfRange, "between the day of discovery and today", "発見日から今日までの日付を入力してください")
		}
		if d, err = d.Update().SetFiledOn(in.FiledOn).Save(ctx); err != nil {
			return err
		}
		if d.TaskID != nil {
			if err := tx.Task.Update().
				Where(task.ID(*d.TaskID), task.StatusNotIn(task.StatusDONE, task.StatusCANCELED)).
				SetStatus(task.StatusDONE).SetCompletedAt(s.now()).SetCompletionNote("報告済み").
				Exec(ctx); err != nil {
				return err
			}
		}
		text := fmt.Sprintf("%s %s %s", d.Regime, d.Kind, in.FiledOn)
		if in.Note != nil {
			text += ": " + *in.Note
		}
		return s.event(ctx, tx, inc, incidentevent.KindREPORT_FILED, &text)
	})
	if err != nil {
		return nil, fmt.Errorf("file incident report: %w", err)
	}
	return d, nil
}

// SetRouting sets where a company's incident reports go first; reports already made keep their
// handler.
func (s *Service) SetRouting(ctx context.Context, in SetIncidentRoutingInput) (*ent.Company, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("set incident routing: %w", err)
	}
	c, err := s.db.Company.Get(ctx, in.CompanyID)
	if err != nil {
		return nil, fmt.Errorf("set incident routing: %w", validate.Reference("companyID", err))
	}
	if c.ArchivedAt != nil {
		return nil, fmt.Errorf("set incident routing: %w", apperr.Invalid("companyID", apperr.Archived, "the company is archived; restore it first", "会社はアーカイブされています。先に復元してください"))
	}
	if c, err = c.Update().SetIncidentRouting(in.Routing).Save(ctx); err != nil {
		return nil, fmt.Errorf("set incident routing: %w", err)
	}
	return c, nil
}
