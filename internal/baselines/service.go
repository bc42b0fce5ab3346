package baselines

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"secretariat/ent"
	"secretariat/ent/baseline"
	"secretariat/ent/baselineadoption"
	"secretariat/ent/baselineoverlay"
	"secretariat/ent/baselineversion"
	"secretariat/ent/documentversion"
	"secretariat/internal/apperr"
	"secretariat/internal/archive"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// Service keeps baselines, their adoptions and the adopters' overlays.
type Service struct {
	db  *ent.Client
	log *slog.Logger
	now func() time.Time
}

// NewService returns the service over the ent client.
func NewService(db *ent.Client, log *slog.Logger) *Service {
	return &Service{db: db, log: log, now: time.Now}
}

// headOffice are the roles that publish baselines and decide overrides.
var headOffice = []viewer.Role{viewer.RoleOwner, viewer.RoleAdmin, viewer.RoleConsultant}

func actor(ctx context.Context) (*viewer.Viewer, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.UserID == "" {
		return nil, apperr.Forbidden(apperr.RoleRequired, "a person keeps baselines", "ベースラインを扱えるのは利用者のみです")
	}
	return v, nil
}

// CreateBaseline adds a baseline with its version 1.
func (s *Service) CreateBaseline(ctx context.Context, in CreateBaselineInput) (*ent.Baseline, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("create baseline: %w", err)
	}
	v, err := actor(ctx)
	if err != nil {
		return nil, fmt.Errorf("create baseline: %w", err)
	}
	if err := authz.Check(ctx, baseline.Policy, s.db.Baseline.Create().Mutation()); err != nil {
		return nil, fmt.Errorf("create baseline: %w", err)
	}
	content, err := s.content(ctx, in.Content)
	if err != nil {
		return nil, fmt.Errorf("create baseline: %w", err)
	}
	var b *ent.Baseline
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if b, err = tx.Baseline.Create().SetName(in.Name).SetNillableDescription(in.Description).SetLatestVersion(1).Save(ctx); err != nil {
			return err
		}
		return tx.BaselineVersion.Create().SetBaselineID(b.ID).SetNumber(1).SetNillableNote(in.Note).
			SetPublishedByID(v.UserID).SetContent(content).Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("create baseline: %w", err)
	}
	return b, nil
}

// PublishVersion adds the next version of a baseline. Adopters stay on theirs until they upgrade.
func (s *Service) PublishVersion(ctx context.Context, in PublishBaselineVersionInput) (*ent.BaselineVersion, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("publish baseline version: %w", err)
	}
	v, err := actor(ctx)
	if err != nil {
		return nil, fmt.Errorf("publish baseline version: %w", err)
	}
	b, err := s.db.Baseline.Get(ctx, in.BaselineID)
	if err != nil {
		return nil, fmt.Errorf("publish baseline version: %w", validate.Reference("baselineID", err))
	}
	if b.ArchivedAt != nil {
		return nil, fmt.Errorf("publish baseline version: %w", errArchived("baselineID"))
	}
	content, err := s.content(ctx, in.Content)
	if err != nil {
		return nil, fmt.Errorf("publish baseline version: %w", err)
	}
	version, err := s.publish(ctx, b, v.UserID, in.Note, content)
	if err != nil {
		return nil, fmt.Errorf("publish baseline version: %w", err)
	}
	return version, nil
}

func (s *Service) publish(ctx context.Context, b *ent.Baseline, by pulid.ID, note *string, content json.RawMessage) (*ent.BaselineVersion, error) {
	var version *ent.BaselineVersion
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		next := b.LatestVersion + 1
		n, err := tx.Baseline.Update().Where(baseline.ID(b.ID), baseline.LatestVersion(b.LatestVersion)).SetLatestVersion(next).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return errStale
		}
		version, err = tx.BaselineVersion.Create().SetBaselineID(b.ID).SetNumber(next).SetNillableNote(note).
			SetPublishedByID(by).SetContent(content).Save(ctx)
		if ent.IsConstraintError(err) {
			return errStale
		}
		return err
	})
	return version, err
}

// content copies the master documents' approved versions into a version's content.
func (s *Service) content(ctx context.Context, in ContentInput) (json.RawMessage, error) {
	c := Content{Controls: in.Controls, Documents: make([]Document, len(in.Documents))}
	if c.Controls == nil {
		c.Controls = []Control{}
	}
	if in.RiskMethod != nil {
		c.RiskMethod = &Method{Method: in.RiskMethod.Method, Rule: in.RiskMethod.Rule}
	}
	var errs []error
	for i, d := range in.Documents {
		field := fmt.Sprintf("content.documents.%d.documentVersionID", i)
		doc, err := s.master(ctx, d.DocumentVersionID, field)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		doc.Key, doc.Rule = d.Key, d.Rule
		c.Documents[i] = *doc
	}
	if err := apperr.Join(errs...); err != nil {
		return nil, err
	}
	return json.Marshal(c)
}

// master copies an approved document version as a master document.
func (s *Service) master(ctx context.Context, versionID pulid.ID, field string) (*Document, error) {
	dv, err := s.db.DocumentVersion.Query().Where(documentversion.ID(versionID)).WithDocument().Only(ctx)
	if err != nil {
		return nil, validate.Reference(field, err)
	}
	if dv.Status != documentversion.StatusAPPROVED || dv.Edges.Document.ArchivedAt != nil {
		return nil, apperr.Invalid(field, apperr.InvalidValue, "a master document is an approved version of a document in use", "マスター文書には、使用中の文書の承認済みの版を指定してください")
	}
	d := dv.Edges.Document
	return &Document{Code: d.Code, Title: d.Title, Kind: d.Kind, Version: fmt.Sprintf("%d.%d", dv.Major, dv.Minor), Body: dv.Body, SourceVersionID: dv.ID}, nil
}

// SetArchived archives (archived true) or restores a baseline: an archived baseline publishes no
// version and is adopted by nobody new; its adopters keep their version.
func (s *Service) SetArchived(ctx context.Context, in archive.Input, archived bool) (*ent.Baseline, error) {
	b, err := archive.Set[*ent.BaselineMutation](ctx, baseline.Policy,
		func(ctx context.Context) (*ent.Baseline, error) { return s.db.Baseline.Get(ctx, in.ID) },
		func(r *ent.Baseline) *time.Time { return r.ArchivedAt },
		(*ent.Baseline).Update, archived, s.now())
	if err != nil {
		return nil, fmt.Errorf("archive baseline: %w", err)
	}
	return b, nil
}

// Content is a version's content.
func (s *Service) Content(v *ent.BaselineVersion) (*Content, error) { return decode(v.Content) }

// Adopt makes a company, or one of its sites, run a version of a baseline. A company or site
// adopts a baseline once; it then upgrades.
func (s *Service) Adopt(ctx context.Context, in AdoptBaselineInput) (*ent.BaselineAdoption, error) {
	version, err := s.db.BaselineVersion.Query().Where(baselineversion.ID(in.BaselineVersionID)).WithBaseline().Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("adopt baseline: %w", validate.Reference("baselineVersionID", err))
	}
	if version.Edges.Baseline.ArchivedAt != nil {
		return nil, fmt.Errorf("adopt baseline: %w", errArchived("baselineVersionID"))
	}
	co, err := s.db.Company.Get(ctx, in.CompanyID)
	if err != nil {
		return nil, fmt.Errorf("adopt baseline: %w", validate.Reference("companyID", err))
	}
	if co.ArchivedAt != nil {
		return nil, fmt.Errorf("adopt baseline: %w", apperr.Invalid("companyID", apperr.Archived, "the company is archived; restore it first", "会社はアーカイブされています。先に復元してください"))
	}
	adopted := s.db.BaselineAdoption.Query().Where(baselineadoption.CompanyID(co.ID), baselineadoption.BaselineID(version.BaselineID))
	if in.SiteID != nil {
		site, err := s.db.Site.Get(ctx, *in.SiteID)
		if err != nil || site.CompanyID != co.ID {
			return nil, fmt.Errorf("adopt baseline: %w", validate.Reference("siteID", apperr.NotFound("site", "拠点")))
		}
		adopted.Where(baselineadoption.SiteID(site.ID))
	} else {
		adopted.Where(baselineadoption.SiteIDIsNil())
	}
	if exists, err := adopted.Exist(ctx); err != nil {
		return nil, fmt.Errorf("adopt baseline: %w", err)
	} else if exists {
		return nil, fmt.Errorf("adopt baseline: %w", apperr.Conflict(apperr.Duplicate, "the company or site already runs this baseline; upgrade it instead", "この会社・拠点はすでにこのベースラインを採用しています。アップグレードしてください"))
	}
	a, err := s.db.BaselineAdoption.Create().SetCompanyID(co.ID).SetBaselineID(version.BaselineID).SetNillableSiteID(in.SiteID).
		SetBaselineVersionID(version.ID).SetVersionNumber(version.Number).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("adopt baseline: %w", err)
	}
	return a, nil
}

// AddOverlay adds an adopter's own item on top of its baseline, as the item's rule allows:
// anything the baseline does not have is added; a LOCKED item is used as published; an EXTEND
// item may be tightened, never loosened; an OVERRIDABLE item may also be replaced, which takes
// effect once the head office approves (PENDING until then). What the rule does not allow is
// refused naming the item and its rule.
func (s *Service) AddOverlay(ctx context.Context, in AddBaselineOverlayInput) (*ent.BaselineOverlay, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("add baseline overlay: %w", err)
	}
	v, err := actor(ctx)
	if err != nil {
		return nil, fmt.Errorf("add baseline overlay: %w", err)
	}
	a, err := s.db.BaselineAdoption.Get(ctx, in.AdoptionID)
	if err != nil {
		return nil, fmt.Errorf("add baseline overlay: %w", validate.Reference("adoptionID", err))
	}
	version, content, err := s.version(ctx, a.BaselineVersionID)
	if err != nil {
		return nil, fmt.Errorf("add baseline overlay: %w", err)
	}
	if in.DocumentID != nil {
		doc, err := s.db.Document.Get(ctx, *in.DocumentID)
		if err != nil || doc.CompanyID != a.CompanyID || doc.ArchivedAt != nil {
			return nil, fmt.Errorf("add baseline overlay: %w", validate.Reference("documentID", apperr.NotFound("document", "文書")))
		}
	}
	action, status, err := classify(content, version, in)
	if err != nil {
		return nil, fmt.Errorf("add baseline overlay: %w", err)
	}
	taken, err := s.db.BaselineOverlay.Query().Where(baselineoverlay.AdoptionID(a.ID), baselineoverlay.KindEQ(in.Kind), baselineoverlay.Target(in.Target),
		baselineoverlay.StatusNEQ(baselineoverlay.StatusREJECTED), baselineoverlay.ArchivedAtIsNil()).Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("add baseline overlay: %w", err)
	}
	if taken {
		en, ja := item(in.Kind, in.Target)
		return nil, fmt.Errorf("add baseline overlay: %w", apperr.Conflict(apperr.Duplicate, fmt.Sprintf("the overlay already has an item for %s; withdraw it first", en), fmt.Sprintf("%sの上乗せ項目はすでにあります。先に取り下げてください", ja)))
	}
	o, err := s.db.BaselineOverlay.Create().SetCompanyID(a.CompanyID).SetAdoptionID(a.ID).SetKind(in.Kind).SetTarget(in.Target).
		SetAction(action).SetStatus(status).SetNillableApplicable(in.Applicable).SetNillableJustification(in.Justification).
		SetNillableDocumentID(in.DocumentID).SetNillableAcceptanceThreshold(in.AcceptanceThreshold).SetReason(in.Reason).
		SetProposedByID(v.UserID).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("add baseline overlay: %w", err)
	}
	return o, nil
}

// classify says what an overlay item does to the version, or why its rule refuses it.
func classify(c *Content, v *ent.BaselineVersion, in AddBaselineOverlayInput) (baselineoverlay.Action, baselineoverlay.Status, error) {
	var rule Rule
	var tighter bool
	switch in.Kind {
	case baselineoverlay.KindCONTROL:
		base := c.control(in.Target)
		if base == nil {
			if !*in.Applicable {
				return "", "", apperr.Invalid("applicable", apperr.InvalidValue, "a control the baseline does not name is added as applicable", "ベースラインにない管理策は適用として追加してください")
			}
			return baselineoverlay.ActionADD, baselineoverlay.StatusIN_EFFECT, nil
		}
		rule, tighter = base.Rule, *in.Applicable // including a control, or keeping it included, never loosens
	case baselineoverlay.KindDOCUMENT:
		base := c.document(in.Target)
		if base == nil {
			if in.Replace {
				return "", "", apperr.Invalid("target", apperr.UnknownID, fmt.Sprintf("the baseline has no document %q to replace", in.Target), fmt.Sprintf("置き換えるベースラインの文書 %q がありません", in.Target))
			}
			return baselineoverlay.ActionADD, baselineoverlay.StatusIN_EFFECT, nil
		}
		rule, tighter = base.Rule, !in.Replace // a supplement tightens; a replacement overrides
	case baselineoverlay.KindRISK_METHOD:
		if c.RiskMethod == nil {
			return "", "", apperr.Invalid("kind", apperr.InvalidValue, "the baseline sets no risk method", "ベースラインはリスク評価方法を定めていません")
		}
		rule, tighter = c.RiskMethod.Rule, *in.AcceptanceThreshold <= c.RiskMethod.Method.AcceptanceThreshold
	}
	en, ja := item(in.Kind, in.Target)
	name := fmt.Sprintf("baseline %q version %d", v.Edges.Baseline.Name, v.Number)
	nameJA := fmt.Sprintf("ベースライン「%s」第%d版", v.Edges.Baseline.Name, v.Number)
	switch {
	case rule == Locked:
		return "", "", apperr.Invalid("target", apperr.Immutable, fmt.Sprintf("%s is LOCKED by %s: it is used as published", en, name), fmt.Sprintf("%sは%sで LOCKED（公開どおりに使用）です", ja, nameJA))
	case tighter:
		return baselineoverlay.ActionTIGHTEN, baselineoverlay.StatusIN_EFFECT, nil
	case rule == Extend:
		return "", "", apperr.Invalid("target", apperr.Immutable, fmt.Sprintf("%s is EXTEND in %s: it may be added to and tightened, never loosened or replaced", en, name), fmt.Sprintf("%sは%sで EXTEND（追加・強化のみ可、緩和・置換は不可）です", ja, nameJA))
	}
	return baselineoverlay.ActionOVERRIDE, baselineoverlay.StatusPENDING, nil
}

// DecideOverride approves or rejects a PENDING override: the head office's decision (OWNER,
// ADMIN, CONSULTANT), never the proposer's own.
func (s *Service) DecideOverride(ctx context.Context, in DecideBaselineOverrideInput) (*ent.BaselineOverlay, error) {
	v, err := actor(ctx)
	if err != nil {
		return nil, fmt.Errorf("decide baseline override: %w", err)
	}
	if err := validate.Text("note", &in.Note, maxNote, nil); err != nil {
		return nil, fmt.Errorf("decide baseline override: %w", err)
	}
	o, err := s.db.BaselineOverlay.Get(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("decide baseline override: %w", validate.Reference("id", err))
	}
	switch {
	case !slices.Contains(headOffice, v.Role):
		return nil, fmt.Errorf("decide baseline override: %w", apperr.Forbidden(apperr.RoleRequired, "the head office (OWNER, ADMIN, CONSULTANT) decides overrides", "上書きの承認・却下は本部（OWNER、ADMIN、CONSULTANT）が行います"))
	case o.ProposedByID == v.UserID:
		return nil, fmt.Errorf("decide baseline override: %w", apperr.Forbidden(apperr.SelfApproval, "an override is decided by someone other than who proposed it", "上書きは提案者以外が承認・却下してください"))
	case o.Status != baselineoverlay.StatusPENDING || o.ArchivedAt != nil:
		return nil, fmt.Errorf("decide baseline override: %w", apperr.Invalid("id", apperr.InvalidTransition, "only a pending override is decided", "承認待ちの上書きのみ承認・却下できます"))
	}
	status := baselineoverlay.StatusREJECTED
	if in.Approve {
		status = baselineoverlay.StatusIN_EFFECT
	}
	o, err = o.Update().SetStatus(status).SetDecidedByID(v.UserID).SetNillableDecisionNote(in.Note).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("decide baseline override: %w", err)
	}
	return o, nil
}

// WithdrawOverlay archives an overlay item: the baseline's item applies again.
func (s *Service) WithdrawOverlay(ctx context.Context, in archive.Input) (*ent.BaselineOverlay, error) {
	o, err := archive.Set[*ent.BaselineOverlayMutation](ctx, baselineoverlay.Policy,
		func(ctx context.Context) (*ent.BaselineOverlay, error) { return s.db.BaselineOverlay.Get(ctx, in.ID) },
		func(r *ent.BaselineOverlay) *time.Time { return r.ArchivedAt },
		(*ent.BaselineOverlay).Update, true, s.now())
	if err != nil {
		return nil, fmt.Errorf("withdraw baseline overlay: %w", err)
	}
	return o, nil
}

// Upgrade moves an adopter to the baseline's latest version in one transaction, keeping its
// overlay: an addition the new version now holds is inherited (and withdrawn from the overlay);
// an item the new version's rules refuse stops the upgrade, named in the error.
func (s *Service) Upgrade(ctx context.Context, adoptionID pulid.ID) (*ent.BaselineAdoption, error) {
	a, err := s.db.BaselineAdoption.Query().Where(baselineadoption.ID(adoptionID)).WithBaseline().Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("upgrade baseline adoption: %w", validate.Reference("adoptionID", err))
	}
	latest, err := s.db.BaselineVersion.Query().Where(baselineversion.BaselineID(a.BaselineID), baselineversion.Number(a.Edges.Baseline.LatestVersion)).WithBaseline().Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("upgrade baseline adoption: %w", err)
	}
	if latest.ID == a.BaselineVersionID {
		return a, nil
	}
	content, err := decode(latest.Content)
	if err != nil {
		return nil, fmt.Errorf("upgrade baseline adoption: %w", err)
	}
	overlay, err := a.QueryOverlay().Where(baselineoverlay.ArchivedAtIsNil(), baselineoverlay.StatusNEQ(baselineoverlay.StatusREJECTED)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("upgrade baseline adoption: %w", err)
	}
	var inherited []pulid.ID
	var errs []error
	for _, o := range overlay {
		if o.Action == baselineoverlay.ActionADD && ((o.Kind == baselineoverlay.KindCONTROL && content.control(o.Target) != nil) ||
			(o.Kind == baselineoverlay.KindDOCUMENT && content.document(o.Target) != nil)) {
			inherited = append(inherited, o.ID)
			continue
		}
		in := AddBaselineOverlayInput{Kind: o.Kind, Target: o.Target, Applicable: o.Applicable, Justification: o.Justification, DocumentID: o.DocumentID,
			Replace: o.Action == baselineoverlay.ActionOVERRIDE, AcceptanceThreshold: o.AcceptanceThreshold}
		if _, _, err := classify(content, latest, in); err != nil {
			if e, ok := apperr.As(err); ok {
				errs = append(errs, apperr.Invalid("adoptionID", e.Reason, "overlay item "+string(o.ID)+": "+e.Text.EN, "上乗せ項目 "+string(o.ID)+": "+e.Text.JA))
				continue
			}
			return nil, fmt.Errorf("upgrade baseline adoption: %w", err)
		}
	}
	if err := apperr.Join(errs...); err != nil {
		return nil, fmt.Errorf("upgrade baseline adoption: %w", err)
	}
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if len(inherited) > 0 {
			if err := tx.BaselineOverlay.Update().Where(baselineoverlay.IDIn(inherited...)).SetArchivedAt(s.now()).Exec(ctx); err != nil {
				return err
			}
		}
		a, err = tx.BaselineAdoption.UpdateOneID(a.ID).SetBaselineVersionID(latest.ID).SetVersionNumber(latest.Number).Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("upgrade baseline adoption: %w", err)
	}
	return a, nil
}

// Promote publishes the baseline's next version with a local addition in it (a control, or a
// local document's approved version as a new master document), under the rule given. The
// adopter inherits it when it upgrades.
func (s *Service) Promote(ctx context.Context, in PromoteBaselineOverlayInput) (*ent.BaselineVersion, error) {
	v, err := actor(ctx)
	if err != nil {
		return nil, fmt.Errorf("promote baseline overlay: %w", err)
	}
	errs := []error{validRule("rule", in.Rule), validate.Text("note", &in.Note, maxNote, nil)}
	if err := apperr.Join(errs...); err != nil {
		return nil, fmt.Errorf("promote baseline overlay: %w", err)
	}
	o, err := s.db.BaselineOverlay.Query().Where(baselineoverlay.ID(in.OverlayID)).WithAdoption().Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("promote baseline overlay: %w", validate.Reference("overlayID", err))
	}
	if o.Action != baselineoverlay.ActionADD || o.Status != baselineoverlay.StatusIN_EFFECT || o.ArchivedAt != nil {
		return nil, fmt.Errorf("promote baseline overlay: %w", apperr.Invalid("overlayID", apperr.InvalidValue, "only a local addition in effect is promoted", "昇格できるのは有効な追加項目のみです"))
	}
	b, err := s.db.Baseline.Get(ctx, o.Edges.Adoption.BaselineID)
	if err != nil {
		return nil, fmt.Errorf("promote baseline overlay: %w", err)
	}
	latest, err := s.db.BaselineVersion.Query().Where(baselineversion.BaselineID(b.ID), baselineversion.Number(b.LatestVersion)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("promote baseline overlay: %w", err)
	}
	content, err := decode(latest.Content)
	if err != nil {
		return nil, fmt.Errorf("promote baseline overlay: %w", err)
	}
	en, ja := item(o.Kind, o.Target)
	duplicate := apperr.Conflict(apperr.Duplicate, fmt.Sprintf("the latest version already has %s", en), fmt.Sprintf("最新版にはすでに%sがあります", ja))
	switch o.Kind {
	case baselineoverlay.KindCONTROL:
		if content.control(o.Target) != nil {
			return nil, fmt.Errorf("promote baseline overlay: %w", duplicate)
		}
		content.Controls = append(content.Controls, Control{Ref: o.Target, Applicable: true, Justification: deref(o.Justification), Rule: in.Rule})
	case baselineoverlay.KindDOCUMENT:
		if content.document(o.Target) != nil {
			return nil, fmt.Errorf("promote baseline overlay: %w", duplicate)
		}
		doc, err := s.db.Document.Get(ctx, *o.DocumentID)
		if err != nil {
			return nil, fmt.Errorf("promote baseline overlay: %w", err)
		}
		if doc.CurrentVersionID == nil {
			return nil, fmt.Errorf("promote baseline overlay: %w", apperr.Invalid("overlayID", apperr.InvalidValue, "the local document has no approved version yet", "この文書には承認済みの版がまだありません"))
		}
		master, err := s.master(ctx, *doc.CurrentVersionID, "overlayID")
		if err != nil {
			return nil, fmt.Errorf("promote baseline overlay: %w", err)
		}
		master.Key, master.Rule = o.Target, in.Rule
		content.Documents = append(content.Documents, *master)
	}
	raw, err := json.Marshal(content)
	if err != nil {
		return nil, fmt.Errorf("promote baseline overlay: %w", err)
	}
	note := in.Note
	if note == nil {
		text := fmt.Sprintf("%s promoted from a local overlay / 上乗せ項目から%sを昇格", en, ja)
		note = &text
	}
	version, err := s.publish(ctx, b, v.UserID, note, raw)
	if err != nil {
		return nil, fmt.Errorf("promote baseline overlay: %w", err)
	}
	return version, nil
}

// version reads a version with its baseline and content.
func (s *Service) version(ctx context.Context, id pulid.ID) (*ent.BaselineVersion, *Content, error) {
	v, err := s.db.BaselineVersion.Query().Where(baselineversion.ID(id)).WithBaseline().Only(ctx)
	if err != nil {
		return nil, nil, err
	}
	c, err := decode(v.Content)
	if err != nil {
		return nil, nil, err
	}
	return v, c, nil
}

func errArchived(field string) error {
	return apperr.Invalid(field, apperr.Archived, "the baseline is archived; restore it first", "ベースラインはアーカイブされています。先に復元してください")
}

var errStale = apperr.Conflict(apperr.StaleState, "another version was published at the same time; reload the baseline", "同時に別の版が公開されました。再読み込みしてください")

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
