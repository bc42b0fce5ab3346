package graph

import (
	"context"
	"secretariat/ent"
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

// MyTraining is the resolver for the myTraining field.
func (r *queryResolver) MyTraining(ctx context.Context) ([]*ent.TrainingAssignment, error) {
	return r.Modules.Training.Mine(ctx)
}

// Progress is the resolver for the progress field.
func (r *trainingCampaignResolver) Progress(ctx context.Context, obj *ent.TrainingCampaign) (*training.Progress, error) {
	return r.Modules.Training.Progress(ctx, obj.ID)
}
