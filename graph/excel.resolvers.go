package graph

import (
	"context"
	"secretariat/internal/excel"
)

// ImportAssets is the resolver for the importAssets field.
func (r *mutationResolver) ImportAssets(ctx context.Context, input excel.ImportInput) (*excel.Result, error) {
	return r.Modules.Excel.ImportAssets(ctx, input, languageOf[string](ctx, nil))
}

// ImportRisks is the resolver for the importRisks field.
func (r *mutationResolver) ImportRisks(ctx context.Context, input excel.ImportInput) (*excel.Result, error) {
	return r.Modules.Excel.ImportRisks(ctx, input, languageOf[string](ctx, nil))
}

// ImportChecklist is the resolver for the importChecklist field.
func (r *mutationResolver) ImportChecklist(ctx context.Context, input excel.ChecklistImportInput) (*excel.Result, error) {
	return r.Modules.Excel.ImportChecklist(ctx, input, languageOf[string](ctx, nil))
}

// ImportDrillResults is the resolver for the importDrillResults field.
func (r *mutationResolver) ImportDrillResults(ctx context.Context, input excel.DrillImportInput) (*excel.Result, error) {
	return r.Modules.Excel.ImportDrillResults(ctx, input, languageOf[string](ctx, nil))
}
