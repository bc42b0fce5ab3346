package auditlog

import (
	"context"
	"fmt"
	"log/slog"

	"entgo.io/ent"

	"secretariat/ent/privacy"
	"secretariat/internal/apperr"
	"secretariat/internal/viewer"
)

// appendKey marks the context in which this package appends events; no other package can make
// one, so no other code can write an event.
type appendKey struct{}

// appending is the context of appending to a chain: the system context, since the chain's head
// may be an event of a company the viewer does not reach (and row-level security would hide it),
// marked as this package's.
func appending(ctx context.Context) context.Context {
	ctx = viewer.System(ctx, slog.Default(), "audit trail: append to the chain")
	return context.WithValue(ctx, appendKey{}, true)
}

// AppendOnly is the mutation policy of the AuditEvent: nobody changes or deletes an event, the
// system context included, and only this package creates them.
func AppendOnly() privacy.MutationPolicy {
	return privacy.MutationPolicy{
		privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
			if !m.Op().Is(ent.OpCreate) {
				return deny("audit events are append-only: nobody changes or deletes them", "監査証跡は追記のみです。誰も変更・削除できません")
			}
			if marked, _ := ctx.Value(appendKey{}).(bool); marked {
				return privacy.Allow
			}
			return deny("audit events are written by the audit trail alone", "監査証跡のイベントは監査証跡の機能だけが記録します")
		}),
	}
}

func deny(en, ja string) error {
	return fmt.Errorf("%w: %w", apperr.Forbidden(apperr.Immutable, en, ja), privacy.Deny)
}

// skipKey switches the trail off for one context, so that the package's benchmark can measure
// what the trail costs. Only this package can make such a context, and only its tests do.
type skipKey struct{}

func withoutTrail(ctx context.Context) context.Context {
	return context.WithValue(ctx, skipKey{}, true)
}
