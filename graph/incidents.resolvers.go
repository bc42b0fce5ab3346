package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/internal/date"
	"secretariat/internal/incidents"
	"secretariat/internal/pulid"
)

// Overdue is the resolver for the overdue field.
func (r *incidentDeadlineResolver) Overdue(ctx context.Context, obj *ent.IncidentDeadline) (bool, error) {
	return r.Modules.Incidents.Overdue(obj), nil
}

// ReportIncident is the resolver for the reportIncident field.
func (r *mutationResolver) ReportIncident(ctx context.Context, input incidents.ReportIncidentInput) (*ent.Incident, error) {
	return r.Modules.Incidents.Report(ctx, input)
}

// TriageIncident is the resolver for the triageIncident field.
func (r *mutationResolver) TriageIncident(ctx context.Context, input incidents.TriageIncidentInput) (*ent.Incident, error) {
	return r.Modules.Incidents.Triage(ctx, input)
}

// SetIncidentStatus is the resolver for the setIncidentStatus field.
func (r *mutationResolver) SetIncidentStatus(ctx context.Context, input incidents.SetIncidentStatusInput) (*ent.Incident, error) {
	return r.Modules.Incidents.SetStatus(ctx, input)
}

// RejectIncident is the resolver for the rejectIncident field.
func (r *mutationResolver) RejectIncident(ctx context.Context, input incidents.RejectIncidentInput) (*ent.Incident, error) {
	return r.Modules.Incidents.Reject(ctx, input)
}

// AddIncidentNote is the resolver for the addIncidentNote field.
func (r *mutationResolver) AddIncidentNote(ctx context.Context, input incidents.AddIncidentNoteInput) (*ent.IncidentEvent, error) {
	return r.Modules.Incidents.AddNote(ctx, input)
}

// LinkIncident is the resolver for the linkIncident field.
func (r *mutationResolver) LinkIncident(ctx context.Context, input incidents.LinkIncidentInput) (*ent.Incident, error) {
	return r.Modules.Incidents.Link(ctx, input)
}

// FileIncidentReport is the resolver for the fileIncidentReport field.
func (r *mutationResolver) FileIncidentReport(ctx context.Context, input incidents.FileIncidentReportInput) (*ent.IncidentDeadline, error) {
	return r.Modules.Incidents.FileReport(ctx, input)
}

// SetIncidentRouting is the resolver for the setIncidentRouting field.
func (r *mutationResolver) SetIncidentRouting(ctx context.Context, input incidents.SetIncidentRoutingInput) (*ent.Company, error) {
	return r.Modules.Incidents.SetRouting(ctx, input)
}

// IncidentStatistics is the resolver for the incidentStatistics field.
func (r *queryResolver) IncidentStatistics(ctx context.Context, companyIDs []pulid.ID, from date.Date, to date.Date) (*incidents.Statistics, error) {
	return r.Modules.Incidents.Statistics(ctx, incidents.StatisticsInput{CompanyIDs: companyIDs, From: from, To: to})
}
