package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/graph/model"
	"secretariat/internal/archive"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/training"
)

// CreateTrainingCourse is the resolver for the createTrainingCourse field.
func (r *mutationResolver) CreateTrainingCourse(ctx context.Context, input training.CreateTrainingCourseInput) (*ent.TrainingCourse, error) {
	return r.Modules.Training.CreateCourse(ctx, input)
}

// LaunchTrainingCampaign is the resolver for the launchTrainingCampaign field.
func (r *mutationResolver) LaunchTrainingCampaign(ctx context.Context, input training.LaunchTrainingCampaignInput) (*ent.TrainingCampaign, error) {
	return r.Modules.Training.LaunchCampaign(ctx, input)
}

// CompleteTraining is the resolver for the completeTraining field.
func (r *mutationResolver) CompleteTraining(ctx context.Context, input training.CompleteTrainingInput) (*ent.TrainingAssignment, error) {
	return r.Modules.Training.Complete(ctx, input)
}

// RecordDrillResults is the resolver for the recordDrillResults field.
func (r *mutationResolver) RecordDrillResults(ctx context.Context, input training.RecordDrillResultsInput) (*ent.TrainingCampaign, error) {
	return r.Modules.Training.RecordDrillResults(ctx, input)
}

// UpdateTrainingCourse is the resolver for the updateTrainingCourse field.
func (r *mutationResolver) UpdateTrainingCourse(ctx context.Context, input model.UpdateTrainingCourseInput) (*ent.TrainingCourse, error) {
	in := training.UpdateTrainingCourseInput{ID: input.ID}
	in.Title = given(input.Title, "title", &in.Null)
	in.Description = given(input.Description, "description", &in.Null)
	in.PassMark = given(input.PassMark, "passMark", &in.Null)
	in.ValidityMonths = given(input.ValidityMonths, "validityMonths", &in.Null)
	in.DueDays = given(input.DueDays, "dueDays", &in.Null)
	in.MaterialVersionIDs, in.SetMaterials = input.MaterialVersionIDs.ValueOK()
	return r.Modules.Training.UpdateCourse(ctx, in)
}

// ArchiveTrainingCourse is the resolver for the archiveTrainingCourse field.
func (r *mutationResolver) ArchiveTrainingCourse(ctx context.Context, input archive.Input) (*ent.TrainingCourse, error) {
	return r.Modules.Training.SetArchived(ctx, input, true)
}

// RestoreTrainingCourse is the resolver for the restoreTrainingCourse field.
func (r *mutationResolver) RestoreTrainingCourse(ctx context.Context, input archive.Input) (*ent.TrainingCourse, error) {
	return r.Modules.Training.SetArchived(ctx, input, false)
}

// MyTraining is the resolver for the myTraining field.
func (r *queryResolver) MyTraining(ctx context.Context) ([]*ent.TrainingAssignment, error) {
	return r.Modules.Training.Mine(ctx)
}

// TrainingFollowUp is the resolver for the trainingFollowUp field.
func (r *queryResolver) TrainingFollowUp(ctx context.Context, companyID pulid.ID, dueFrom *date.Date, dueTo *date.Date) (*training.Progress, error) {
	return r.Modules.Training.FollowUp(ctx, training.FollowUpInput{CompanyID: companyID, DueFrom: dueFrom, DueTo: dueTo})
}

// Progress is the resolver for the progress field.
func (r *trainingCampaignResolver) Progress(ctx context.Context, obj *ent.TrainingCampaign) (*training.Progress, error) {
	return batch(ctx, "TrainingCampaign.progress", obj.ID, campaignIDs, func(ids []pulid.ID) (map[pulid.ID]*training.Progress, error) {
		return r.Modules.Training.Progress(ctx, ids)
	})
}
