package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/graph/model"
	"secretariat/internal/meetings"
)

// CreateMeeting is the resolver for the createMeeting field.
func (r *mutationResolver) CreateMeeting(ctx context.Context, input meetings.CreateMeetingInput) (*ent.Meeting, error) {
	return r.Modules.Meetings.CreateMeeting(ctx, input)
}

// UpdateMeeting is the resolver for the updateMeeting field.
func (r *mutationResolver) UpdateMeeting(ctx context.Context, input model.UpdateMeetingInput) (*ent.Meeting, error) {
	in := meetings.UpdateMeetingInput{ID: input.ID, AttendeeIDs: input.AttendeeIDs}
	in.Title = given(input.Title, "title", &in.Null)
	in.ScheduledAt = given(input.ScheduledAt, "scheduledAt", &in.Null)
	in.Location = given(input.Location, "location", &in.Null)
	in.OnlineURL = given(input.OnlineURL, "onlineURL", &in.Null)
	return r.Modules.Meetings.UpdateMeeting(ctx, in)
}

// CancelMeeting is the resolver for the cancelMeeting field.
func (r *mutationResolver) CancelMeeting(ctx context.Context, input meetings.MeetingRef) (*ent.Meeting, error) {
	return r.Modules.Meetings.CancelMeeting(ctx, input)
}

// AddAgendaItem is the resolver for the addAgendaItem field.
func (r *mutationResolver) AddAgendaItem(ctx context.Context, input meetings.AddAgendaItemInput) (*ent.AgendaItem, error) {
	return r.Modules.Meetings.AddAgendaItem(ctx, input)
}

// UpdateAgendaItem is the resolver for the updateAgendaItem field.
func (r *mutationResolver) UpdateAgendaItem(ctx context.Context, input model.UpdateAgendaItemInput) (*ent.AgendaItem, error) {
	in := meetings.UpdateAgendaItemInput{ID: input.ID}
	in.Title = given(input.Title, "title", &in.Null)
	in.PresenterID = given(input.PresenterID, "presenterID", &in.Null)
	in.Notes = given(input.Notes, "notes", &in.Null)
	in.DocumentVersionID = given(input.DocumentVersionID, "documentVersionID", &in.Null)
	return r.Modules.Meetings.UpdateAgendaItem(ctx, in)
}

// RemoveAgendaItem is the resolver for the removeAgendaItem field.
func (r *mutationResolver) RemoveAgendaItem(ctx context.Context, input meetings.ItemRef) (*ent.Meeting, error) {
	return r.Modules.Meetings.RemoveAgendaItem(ctx, input)
}

// MoveAgendaItem is the resolver for the moveAgendaItem field.
func (r *mutationResolver) MoveAgendaItem(ctx context.Context, input meetings.MoveAgendaItemInput) (*ent.Meeting, error) {
	return r.Modules.Meetings.MoveAgendaItem(ctx, input)
}

// RecordMinutes is the resolver for the recordMinutes field.
func (r *mutationResolver) RecordMinutes(ctx context.Context, input meetings.RecordMinutesInput) (*ent.Meeting, error) {
	return r.Modules.Meetings.RecordMinutes(ctx, input)
}

// AddDecision is the resolver for the addDecision field.
func (r *mutationResolver) AddDecision(ctx context.Context, input meetings.AddDecisionInput) (*ent.MeetingDecision, error) {
	return r.Modules.Meetings.AddDecision(ctx, input)
}

// RemoveDecision is the resolver for the removeDecision field.
func (r *mutationResolver) RemoveDecision(ctx context.Context, input meetings.ItemRef) (*ent.Meeting, error) {
	return r.Modules.Meetings.RemoveDecision(ctx, input)
}

// AddActionItem is the resolver for the addActionItem field.
func (r *mutationResolver) AddActionItem(ctx context.Context, input meetings.AddActionItemInput) (*ent.Task, error) {
	return r.Modules.Meetings.AddActionItem(ctx, input)
}

// PublishMinutes is the resolver for the publishMinutes field.
func (r *mutationResolver) PublishMinutes(ctx context.Context, input meetings.MeetingRef) (*ent.Meeting, error) {
	return r.Modules.Meetings.PublishMinutes(ctx, input)
}
