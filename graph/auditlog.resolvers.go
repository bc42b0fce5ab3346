package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/graph/generated"
	"secretariat/internal/auditlog"
	"secretariat/internal/pulid"

	"entgo.io/contrib/entgql"
)

// FirstBrokenEvent is the resolver for the firstBrokenEvent field.
func (r *auditTrailVerificationResolver) FirstBrokenEvent(ctx context.Context, obj *auditlog.Verification) (*ent.AuditEvent, error) {
	if obj.FirstBrokenEventID == "" {
		return nil, nil
	}
	return r.Client.AuditEvent.Get(ctx, obj.FirstBrokenEventID)
}

// AuditEvents is the resolver for the auditEvents field.
func (r *queryResolver) AuditEvents(ctx context.Context, companyID *pulid.ID, after *entgql.Cursor[pulid.ID], first *int, before *entgql.Cursor[pulid.ID], last *int, orderBy *ent.AuditEventOrder, where *ent.AuditEventWhereInput) (*ent.AuditEventConnection, error) {
	q, err := r.Modules.AuditLog.Events(ctx, companyID)
	if err != nil {
		return nil, err
	}
	if orderBy == nil {
		orderBy = &ent.AuditEventOrder{Field: ent.AuditEventOrderFieldSeq, Direction: entgql.OrderDirectionDesc}
	}
	return q.Paginate(ctx, after, first, before, last, ent.WithAuditEventOrder(orderBy), ent.WithAuditEventFilter(where.Filter))
}

// VerifyAuditTrail is the resolver for the verifyAuditTrail field.
func (r *queryResolver) VerifyAuditTrail(ctx context.Context) (*auditlog.Verification, error) {
	return r.Modules.AuditLog.VerifyTrail(ctx)
}

// AuditTrailVerification returns generated.AuditTrailVerificationResolver implementation.
func (r *Resolver) AuditTrailVerification() generated.AuditTrailVerificationResolver {
	return &auditTrailVerificationResolver{r}
}

type auditTrailVerificationResolver struct{ *Resolver }
