// Package authz is layer 2 of tenant isolation: the ent privacy rules that decide, by the
// viewer's role, which reads and writes are allowed, and which rows of an entity a role reads at
// all (OnlyRolesRead; OnlyRowsRead, by which the AUDITOR reads approved document versions only).
// Each rule is written once here and composed into the Policy of every schema in ent/schema, so a
// service cannot forget a role check.
//
// Which rows a viewer reaches at all is layer 1 (package tenancy); PostgreSQL row-level security
// is layer 3 (package rls). Who is asking comes from tenancy.Who, as in the other two layers. Business rules that are not about roles (only an OWNER manages owners, the last
// OWNER stays, what an invitation may grant) stay in the services.
//
// A denied write is an apperr.Forbidden that also wraps privacy.Deny, so ent stops the mutation
// and the GraphQL presenter shows FORBIDDEN with the rule's message, such as "the MEMBER role
// cannot change sites". This package must not import secretariat/ent/runtime: the schema imports
// it.
package authz

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	"secretariat/ent/intercept"
	"secretariat/ent/privacy"
	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy"
	"secretariat/internal/viewer"
)

// The classes of write a rule may be limited to.
const (
	Create   = ent.OpCreate
	Update   = ent.OpUpdate | ent.OpUpdateOne
	Delete   = ent.OpDelete | ent.OpDeleteOne
	AnyWrite = Create | Update | Delete
)

// readOnlyRoles never write: an AUDITOR (a certification body's auditor) reads one company.
var readOnlyRoles = []viewer.Role{viewer.RoleAuditor}

// Reads is the query policy of an entity: the system context reads everything and a request
// without a viewer nothing; then rules decide, and what no rule decides is allowed, since layer 1
// already limits the rows to the viewer's organization and companies.
func Reads(rules ...privacy.QueryRule) privacy.QueryPolicy {
	p := privacy.QueryPolicy{AllowSystem(), DenyIfNoViewer()}
	p = append(p, rules...)
	return append(p, privacy.AlwaysAllowRule())
}

// Writes is the mutation policy of an entity, what naming its rows in messages ("sites"): the
// system context writes everything, a request without a viewer and a read-only role nothing;
// then rules decide, and what no rule allows is denied.
func Writes(what string, rules ...privacy.MutationRule) privacy.MutationPolicy {
	p := privacy.MutationPolicy{AllowSystem(), DenyIfNoViewer(), DenyReadOnlyRoles(what)}
	p = append(p, rules...)
	return append(p, DenyWrites(what))
}

// AllowSystem allows every read and write of the system context (sign-up, login, token checks,
// seeding), which viewer.System logs with its reason.
func AllowSystem() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if tenancy.Who(ctx).System {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// DenyIfNoViewer denies every read and write without a viewer: the data layer fails closed.
func DenyIfNoViewer() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if tenancy.Who(ctx).Viewer == nil {
			return deny(tenancy.ErrNoViewer)
		}
		return privacy.Skip
	})
}

// DenyReadOnlyRoles denies every write of a read-only role (AUDITOR).
func DenyReadOnlyRoles(what string) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if v := tenancy.Who(ctx).Viewer; v != nil && slices.Contains(readOnlyRoles, v.Role) {
			return forbidden(v, m, what)
		}
		return privacy.Skip
	})
}

// AllowRoles allows the writes of the classes in ops (Create, Update, Delete or a union) by a
// viewer of one of the roles.
func AllowRoles(ops ent.Op, roles ...viewer.Role) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if v := tenancy.Who(ctx).Viewer; v != nil && m.Op().Is(ops) && slices.Contains(roles, v.Role) {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// RowID, given to AllowOwnRows, says that a row concerns the user it is: a User row.
const RowID = "id"

// AllowOwnRows allows a viewer to create or update, one row at a time, a row that concerns it:
// one whose field holds the viewer's user ID (RowID for the User row itself). An update may not
// hand the row to someone else by changing the field. Bulk updates and deletes are left to the
// other rules. Placed after the rules that allow whole roles, it is "a MEMBER writes only what
// concerns them" (its own tasks, the incidents it reported).
func AllowOwnRows(field string) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := tenancy.Who(ctx).Viewer
		if v == nil {
			return privacy.Skip
		}
		mine, err := concerns(ctx, m, field, v.UserID)
		if err != nil {
			return fmt.Errorf("authz: whose %s row: %w", m.Type(), err)
		}
		if mine {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// concerns reports whether the row m writes concerns the user.
func concerns(ctx context.Context, m ent.Mutation, field string, user pulid.ID) (bool, error) {
	if field == RowID {
		row, ok := m.(interface{ ID() (pulid.ID, bool) })
		if !ok || !m.Op().Is(ent.OpUpdateOne) {
			return false, nil
		}
		id, ok := row.ID()
		return ok && id == user, nil
	}
	if value, set := m.Field(field); set && !isUser(value, user) {
		return false, nil
	}
	if m.FieldCleared(field) {
		return false, nil
	}
	switch {
	case m.Op().Is(ent.OpCreate):
		value, set := m.Field(field)
		return set && isUser(value, user), nil
	case m.Op().Is(ent.OpUpdateOne):
		old, err := m.OldField(ctx, field)
		if err != nil {
			return false, err
		}
		return isUser(old, user), nil
	default:
		return false, nil
	}
}

// isUser reports whether a field value, as ent hands it over, is the user's ID.
func isUser(value ent.Value, user pulid.ID) bool {
	switch v := value.(type) {
	case pulid.ID:
		return v == user
	case *pulid.ID:
		return v != nil && *v == user
	default:
		return false
	}
}

// DenyWrites denies the write: the last rule of every mutation policy.
func DenyWrites(what string) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		return forbidden(tenancy.Who(ctx).Viewer, m, what)
	})
}

// OnlyRolesRead lets only viewers of the roles read the entity. For any other viewer the query
// matches no rows, so a row it may not read behaves like one that does not exist (NOT_FOUND,
// never FORBIDDEN), as a row of another tenant does.
func OnlyRolesRead(roles ...viewer.Role) privacy.QueryRule {
	return privacy.QueryRuleFunc(func(ctx context.Context, q ent.Query) error {
		if v := tenancy.Who(ctx).Viewer; v == nil || slices.Contains(roles, v.Role) {
			return privacy.Skip
		}
		return where(q, func(s *sql.Selector) { s.Where(sql.False()) })
	})
}

// OnlyRowsRead limits what viewers of the roles read of an entity to the rows that match the
// predicate, written on the entity's own table (such as documentversion.StatusIn(…)). To them the
// other rows do not exist: not by ID (NOT_FOUND, never FORBIDDEN), not in lists and their counts,
// not at the end of a traversal, and not to a where filter on an edge that leads to the entity,
// since tenancy.GuardEdge applies this policy to the sub-query of every edge predicate. Viewers of
// other roles, and the system context, are not limited by it.
func OnlyRowsRead(predicate func(*sql.Selector), roles ...viewer.Role) privacy.QueryRule {
	return privacy.QueryRuleFunc(func(ctx context.Context, q ent.Query) error {
		if v := tenancy.Who(ctx).Viewer; v == nil || !slices.Contains(roles, v.Role) {
			return privacy.Skip
		}
		return where(q, predicate)
	})
}

// where adds the predicate to the query a read rule decides and lets the next rules decide.
func where(q ent.Query, predicate func(*sql.Selector)) error {
	// The sub-query of an edge predicate (tenancy.GuardEdge) takes raw predicates as it is.
	f, ok := q.(tenancy.Filterable)
	if !ok {
		var err error
		if f, err = intercept.NewQuery(q); err != nil {
			return fmt.Errorf("authz: %w", err)
		}
	}
	f.WhereP(predicate)
	return privacy.Skip
}

// DenyReads denies the read to every viewer, for internal entities that only the system context
// reads (refresh tokens).
func DenyReads(what string) privacy.QueryRule {
	return privacy.QueryRuleFunc(func(ctx context.Context, _ ent.Query) error {
		role := viewer.Role("anonymous")
		if v := tenancy.Who(ctx).Viewer; v != nil {
			role = v.Role
		}
		return deny(apperr.Forbidden(apperr.RoleRequired,
			fmt.Sprintf("the %s role cannot read %s", role, what),
			fmt.Sprintf("%sロールでは%sを閲覧できません", role, nounJA(what))))
	})
}

// Check asks an entity's policy (the generated package variable, such as site.Policy) about the
// write m, for a service that skips a write that would change nothing (archiving an archived
// site): the role is refused all the same, as the write would have been.
func Check(ctx context.Context, policy ent.Policy, m ent.Mutation) error {
	if policy == nil {
		return errors.New("authz: no privacy policy (is secretariat/ent/runtime imported?)")
	}
	return policy.EvalMutation(ctx, m)
}

// forbidden is the denial of a write, naming the role, the kind of write and the rows.
func forbidden(v *viewer.Viewer, m ent.Mutation, what string) error {
	if v == nil {
		return deny(tenancy.ErrNoViewer)
	}
	return deny(apperr.Forbidden(apperr.RoleRequired,
		fmt.Sprintf("the %s role cannot %s %s", v.Role, verb(m.Op()), what),
		fmt.Sprintf("%sロールでは%sを%sできません", v.Role, nounJA(what), verbJA(m.Op()))))
}

// verbJA is verb in Japanese, read after the noun: 「拠点を作成できません」.
func verbJA(op ent.Op) string {
	switch {
	case op.Is(Create):
		return "作成"
	case op.Is(Delete):
		return "削除"
	default:
		return "変更"
	}
}

// nounsJA names in Japanese the rows that the policies name in English (authz.Writes("sites")).
var nounsJA = map[string]string{
	"Statement of Applicability links": "適用宣言書の文書リンク",
	"Statement of Applicability rows":  "適用宣言書の行",
	"acknowledgements":                 "文書の確認記録",
	"agenda items":                     "議題",
	"assets":                           "資産",
	"baseline adoptions":               "ベースラインの採用",
	"baseline overlays":                "ベースラインの上乗せ項目",
	"baseline versions":                "ベースラインの版",
	"baselines":                        "ベースライン",
	"billing accounts":                 "請求アカウント",
	"billing events":                   "請求イベント",
	"billing outbox":                   "請求の送信待ち",
	"committee members":                "委員会メンバー",
	"companies":                        "会社",
	"company access grants":            "会社へのアクセス権",
	"decisions":                        "決定事項",
	"department representatives":       "部署代表者",
	"departments":                      "部署",
	"document history":                 "文書の履歴",
	"document versions":                "文書の版",
	"documents":                        "文書",
	"invitations":                      "招待",
	"meeting attendees":                "会議の出席者",
	"meetings":                         "会議",
	"memberships":                      "メンバーシップ",
	"organizations":                    "組織",
	"password resets":                  "パスワード再設定",
	"refresh tokens":                   "リフレッシュトークン",
	"risk assets":                      "リスクの資産",
	"risk controls":                    "リスクの管理策",
	"risk methods":                     "リスク評価方法",
	"risks":                            "リスク",
	"secretariat assignments":          "事務局の担当",
	"sites":                            "拠点",
	"tasks":                            "タスク",
	"template applications":            "テンプレートの適用記録",
	"template set versions":            "テンプレートセットの版",
	"template sets":                    "テンプレートセット",
	"users":                            "ユーザー",
}

// nounJA is what in Japanese, what itself when the table does not name it.
func nounJA(what string) string {
	if ja, ok := nounsJA[what]; ok {
		return ja
	}
	return what
}

func verb(op ent.Op) string {
	switch {
	case op.Is(Create):
		return "create"
	case op.Is(Delete):
		return "delete"
	default:
		return "change"
	}
}

// deny makes err a privacy denial that keeps its apperr kind for the presenter.
func deny(err *apperr.Error) error {
	return fmt.Errorf("%w: %w", err, privacy.Deny)
}

// AllowOwnFields allows a viewer to update, one row at a time, the fields listed of a row that
// concerns it (field holds its user ID, as for AllowOwnRows), and nothing else of the row: a
// person completing its own training, a member making its own calendar feed.
func AllowOwnFields(field string, fields ...string) privacy.MutationRule {
	own := AllowOwnRows(field)
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if !m.Op().Is(ent.OpUpdateOne) {
			return privacy.Skip
		}
		for _, f := range append(m.Fields(), m.ClearedFields()...) {
			if !slices.Contains(fields, f) {
				return privacy.Skip
			}
		}
		return own.EvalMutation(ctx, m)
	})
}
