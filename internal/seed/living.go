package seed

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"secretariat/ent"
	"secretariat/ent/document"
	"secretariat/ent/documentversion"
	"secretariat/ent/meeting"
	"secretariat/ent/risk"
	"secretariat/ent/task"
	"secretariat/internal/blob"
	"secretariat/internal/controls"
	"secretariat/internal/date"
	"secretariat/internal/documents"
	"secretariat/internal/language"
	"secretariat/internal/locale"
	"secretariat/internal/meetings"
	"secretariat/internal/pulid"
	"secretariat/internal/risks"
	"secretariat/internal/tasks"
	"secretariat/internal/viewer"
)

// living fills the first demo company with the ISMS work a newcomer expects to find: documents
// in every workflow state, an initialised Statement of Applicability, a risk register with a
// treatment and an acceptance, overdue and recurring tasks, and a committee meeting with its
// minutes and an action item. It writes through the modules' services as the demo's owner and
// its secretariat lead, so the records pass every rule the API applies.
func living(ctx context.Context, client *ent.Client, log *slog.Logger, org *ent.Organization, owner *ent.User, company pulid.ID, blobDir string) error {
	lead, err := client.User.Create().
		SetEmail("secretariat-" + lower(org.ID) + "@" + demoDomain).
		SetName("デモ 事務局").
		SetLocale(locale.Japanese).
		Save(ctx)
	if err != nil {
		return fmt.Errorf("seed secretariat lead: %w", err)
	}
	m, err := client.Membership.Create().SetOrganizationID(org.ID).SetUserID(lead.ID).SetRole(viewer.RoleSecretariat).Save(ctx)
	if err != nil {
		return fmt.Errorf("seed secretariat lead: %w", err)
	}
	if err := client.CompanyAccess.Create().SetOrganizationID(org.ID).SetMembershipID(m.ID).SetCompanyID(company).Exec(ctx); err != nil {
		return fmt.Errorf("seed secretariat lead: %w", err)
	}
	as := func(u *ent.User, role viewer.Role, companies ...pulid.ID) context.Context {
		return viewer.NewContext(context.Background(), &viewer.Viewer{UserID: u.ID, OrganizationID: org.ID, Role: role, CompanyIDs: companies, Locale: locale.Japanese})
	}
	ownerCtx, leadCtx := as(owner, viewer.RoleOwner), as(lead, viewer.RoleSecretariat, company)

	taskService := tasks.NewService(client, log)
	docs := documents.NewService(client, blob.NewLocal(filepath.Join(blobDir, "blobs")), log)
	today := date.Today(time.Now())

	// Documents: an approved policy, a procedure in review, a standard in draft.
	for _, d := range []struct {
		title string
		kind  document.Kind
		to    documentversion.Status
	}{
		{"情報セキュリティ基本方針", document.KindPOLICY, documentversion.StatusAPPROVED},
		{"アクセス管理手順", document.KindPROCEDURE, documentversion.StatusIN_REVIEW},
		{"クラウドサービス利用基準", document.KindSTANDARD, documentversion.StatusDRAFT},
	} {
		doc, err := docs.CreateDocument(leadCtx, documents.CreateDocumentInput{
			CompanyID: company, Title: d.title, Kind: d.kind, OwnerID: &lead.ID,
			Body: ptr("# " + d.title + "\n\n1. 目的\n2. 適用範囲\n3. 責任と権限\n"), ChangeSummary: ptr("初版"),
		})
		if err != nil {
			return fmt.Errorf("seed document %s: %w", d.title, err)
		}
		if d.to == documentversion.StatusDRAFT {
			continue
		}
		v, err := client.DocumentVersion.Query().Where(documentversion.DocumentID(doc.ID)).Only(ctx)
		if err != nil {
			return fmt.Errorf("seed document %s: %w", d.title, err)
		}
		if _, err := docs.Submit(leadCtx, documents.StepInput{ID: v.ID}); err != nil {
			return fmt.Errorf("seed document %s: submit: %w", d.title, err)
		}
		if d.to == documentversion.StatusAPPROVED {
			if _, err := docs.Approve(ownerCtx, documents.StepInput{ID: v.ID, Comment: ptr("承認します")}); err != nil {
				return fmt.Errorf("seed document %s: approve: %w", d.title, err)
			}
		}
	}

	// The Statement of Applicability: one row per Annex A control.
	if _, err := controls.NewService(client, docs, log).Initialize(leadCtx, company, language.Request{}); err != nil {
		return fmt.Errorf("seed statement of applicability: %w", err)
	}

	// Risks: one being treated, with its treatment task; one accepted by the owner.
	riskService := risks.NewService(client, taskService, log)
	mitigate, accept := risk.TreatmentMITIGATE, risk.TreatmentACCEPT
	treated, err := riskService.Create(leadCtx, risks.CreateRiskInput{
		CompanyID: company, Title: "ランサムウェアによる基幹システム停止", Threat: ptr("ランサムウェア"),
		Vulnerability: ptr("バックアップの世代管理が不十分"), Likelihood: 3, Impact: 3, OwnerID: &lead.ID,
		Treatment: &mitigate, TreatmentPlan: ptr("オフラインバックアップの導入と復旧訓練"), TargetLikelihood: ptr(1), TargetImpact: ptr(2),
		ControlRefs: []string{"8.13", "5.30"},
	})
	if err != nil {
		return fmt.Errorf("seed risk: %w", err)
	}
	if _, err := riskService.AddTreatmentTask(leadCtx, risks.AddTreatmentTaskInput{
		RiskID: treated.ID, Title: "オフラインバックアップの導入", DueDate: today.AddDays(30), AssigneeID: &lead.ID,
	}); err != nil {
		return fmt.Errorf("seed treatment task: %w", err)
	}
	small, err := riskService.Create(leadCtx, risks.CreateRiskInput{
		CompanyID: company, Title: "来客による執務室内の覗き見", Likelihood: 1, Impact: 2, OwnerID: &owner.ID, Treatment: &accept,
	})
	if err != nil {
		return fmt.Errorf("seed risk: %w", err)
	}
	if _, err := riskService.Accept(leadCtx, risks.AcceptRiskInput{ID: small.ID, ApproverID: &owner.ID, ExpiresOn: today.AddDays(365)}); err != nil {
		return fmt.Errorf("seed risk acceptance: %w", err)
	}

	// Tasks: one overdue, one recurring every month.
	high, monthly := task.PriorityHIGH, task.RecurrenceMONTHLY
	for _, t := range []tasks.CreateTaskInput{
		{CompanyID: company, Title: "内部監査の指摘事項への回答", DueDate: today.AddDays(-3), AssigneeID: &lead.ID, Priority: &high},
		{CompanyID: company, Title: "アクセス権の棚卸し", DueDate: today.AddDays(10), AssigneeID: &owner.ID, Recurrence: &monthly},
	} {
		if _, err := taskService.CreateTask(leadCtx, t); err != nil {
			return fmt.Errorf("seed task %s: %w", t.Title, err)
		}
	}

	// A committee meeting held last week, with its minutes published and an action item.
	meetingService := meetings.NewService(client, taskService, docs, log)
	held := time.Now().AddDate(0, 0, -7).Truncate(time.Hour)
	mt, err := meetingService.CreateMeeting(leadCtx, meetings.CreateMeetingInput{
		CompanyID: company, Kind: meeting.KindCOMMITTEE, Title: "情報セキュリティ委員会", ScheduledAt: held,
		Location: ptr("本社 会議室A"), AttendeeIDs: []pulid.ID{owner.ID, lead.ID},
	})
	if err != nil {
		return fmt.Errorf("seed meeting: %w", err)
	}
	if _, err := meetingService.AddAgendaItem(leadCtx, meetings.AddAgendaItemInput{MeetingID: mt.ID, Title: "リスク対応計画の進捗", PresenterID: &lead.ID}); err != nil {
		return fmt.Errorf("seed agenda: %w", err)
	}
	if _, err := meetingService.RecordMinutes(leadCtx, meetings.RecordMinutesInput{
		MeetingID: mt.ID, Minutes: "リスク対応計画の進捗を確認し、バックアップ導入を優先することを決定した。", HeldAt: &held,
	}); err != nil {
		return fmt.Errorf("seed minutes: %w", err)
	}
	if _, err := meetingService.AddActionItem(leadCtx, meetings.AddActionItemInput{
		MeetingID: mt.ID, Title: "復旧訓練の日程調整", DueDate: today.AddDays(14), AssigneeID: &lead.ID,
	}); err != nil {
		return fmt.Errorf("seed action item: %w", err)
	}
	if _, err := meetingService.PublishMinutes(leadCtx, meetings.MeetingRef{ID: mt.ID}); err != nil {
		return fmt.Errorf("seed publish minutes: %w", err)
	}
	return nil
}

func ptr[T any](v T) *T { return &v }
