package server

import (
	"context"

	"secretariat/graph"
	"secretariat/internal/assets"
	"secretariat/internal/auditlog"
	"secretariat/internal/audits"
	"secretariat/internal/auth"
	"secretariat/internal/baselines"
	"secretariat/internal/calendar"
	"secretariat/internal/companies"
	"secretariat/internal/controls"
	"secretariat/internal/documents"
	"secretariat/internal/events"
	"secretariat/internal/excel"
	"secretariat/internal/incidents"
	"secretariat/internal/kv"
	"secretariat/internal/live"
	"secretariat/internal/locale"
	"secretariat/internal/meetings"
	"secretariat/internal/members"
	"secretariat/internal/portfolio"
	"secretariat/internal/pulid"
	"secretariat/internal/risks"
	"secretariat/internal/secretariat"
	"secretariat/internal/tasks"
	"secretariat/internal/templates"
	"secretariat/internal/training"
)

// newModules builds the service of every module once; the resolvers and the file and export
// routes share them, and a module that uses another's service (meetings, controls and risks
// use tasks or documents) gets the same instance.
func newModules(d Deps, authService *auth.Service, bus *events.Bus, cache kv.Cache) graph.Modules {
	blobs := newBlobs(d)
	taskService := tasks.NewService(d.DB.Client, d.Log)
	documentService := documents.NewService(d.DB.Client, blobs, d.Log)
	assetService := assets.NewService(d.DB.Client, d.Log)
	riskService := risks.NewService(d.DB.Client, taskService, d.Log)
	checklist := func(ctx context.Context, auditID pulid.ID, l locale.Locale) ([]byte, error) {
		return excel.ChecklistWorkbook(ctx, d.DB.Client, auditID, l)
	}
	trainingService := training.NewService(d.DB.Client, d.Log)
	auditService := audits.NewService(d.DB.Client, taskService, documentService, blobs, d.Log, audits.WithChecklistWorkbook(checklist))
	companyService := companies.NewService(d.DB.Client, d.Billing, d.Log)
	meetingService := meetings.NewService(d.DB.Client, taskService, documentService, d.Log)
	controlService := controls.NewService(d.DB.Client, documentService, d.Log)
	templateService := templates.NewService(d.DB.Client, d.DB, templates.Modules{
		Companies: companyService, Documents: documentService, Checklists: auditService, Controls: controlService,
		Risks: riskService, Tasks: taskService, Meetings: meetingService, Training: trainingService,
	}, d.Log)
	return graph.Modules{
		Billing:     d.Billing,
		Companies:   companyService,
		Auth:        authService,
		Members:     members.NewService(d.DB.Client, authService, d.Log, members.WithJoinHook(trainingService.Onboard)),
		AuditLog:    auditlog.NewService(d.DB.Client, d.Log),
		Documents:   documentService,
		Secretariat: secretariat.NewService(d.DB.Client, d.Log),
		Tasks:       taskService,
		Meetings:    meetingService,
		Controls:    controlService,
		Assets:      assetService,
		Risks:       riskService,
		Audits:      auditService,
		Incidents:   incidents.NewService(d.DB.Client, taskService, d.Log),
		Training:    trainingService,
		Calendar:    calendar.NewService(d.DB.Client, d.Log),
		Portfolio:   portfolio.NewService(d.DB.Client, cache, d.Log),
		Templates:   templateService,
		Baselines:   baselines.NewService(d.DB.Client, d.Log),
		Excel:       newExcel(d, assetService, riskService, auditService, trainingService),
		Live:        live.NewService(bus, d.DB, d.Log),
	}
}
