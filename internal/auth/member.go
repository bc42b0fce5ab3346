package auth

import (
	"context"
	"database/sql"
	"fmt"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"secretariat/ent/companyaccess"
	"secretariat/ent/membership"
	"secretariat/ent/organization"
	"secretariat/ent/refreshtoken"
	entuser "secretariat/ent/user"
	"secretariat/internal/database"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
	"secretariat/internal/viewer"
)

// memberStatements run the read of member, which every request with a token makes. Its SQL is
// built once, with ent's builder, for the database's dialect: with a session to check and
// without. It runs through the database's ent driver, so it takes the operation's transaction and
// its row-level security scope as the client's statements do.
type memberStatements struct {
	driver                dialect.Driver
	withSession, withNone memberStatement
}

// memberStatement is the SQL of one shape of the read and what each of its placeholders takes,
// in order.
type memberStatement struct {
	query string
	args  []memberArg
}

// memberArg names what a placeholder of the read takes.
type memberArg int

const (
	argOrganization memberArg = iota + 1
	argUser
	argNow
	argSession
)

func newMemberStatements(db *database.DB) (memberStatements, error) {
	withSession, err := buildMemberStatement(db.Dialect, true)
	if err != nil {
		return memberStatements{}, err
	}
	withNone, err := buildMemberStatement(db.Dialect, false)
	if err != nil {
		return memberStatements{}, err
	}
	return memberStatements{driver: db.Driver, withSession: withSession, withNone: withNone}, nil
}

// buildMemberStatement builds the read with each placeholder's memberArg as its argument, and
// keeps their order. Its conditions are added one by one, as an ent query adds its predicates:
// the statement is the one the membership query built when it was made on every request.
//
// It is one statement: the membership, current and not removed, joined to its user and
// organization, one row per company access (or one with none), and the session's liveness as a
// column (a refresh token of the session not revoked; true without a session).
func buildMemberStatement(dialectName string, withSession bool) (memberStatement, error) {
	b := entsql.Dialect(dialectName)
	m := b.Table(membership.Table)
	u := b.Table(entuser.Table).As("u")
	o := b.Table(organization.Table).As("o")
	a := b.Table(companyaccess.Table).As("a")
	live := entsql.Expr("1 = 1")
	if withSession {
		rt := b.Table(refreshtoken.Table).As("rt")
		live = entsql.Exists(b.Select(rt.C(refreshtoken.FieldID)).From(rt).Where(entsql.And(
			entsql.EQ(rt.C(refreshtoken.FieldFamily), argSession),
			entsql.EQ(rt.C(refreshtoken.FieldUserID), argUser),
			entsql.IsNull(rt.C(refreshtoken.FieldRevokedAt)),
		)))
	}
	sel := b.Select(
		entsql.As(m.C(membership.FieldRole), "role"),
		entsql.As(u.C(entuser.FieldLocale), "user_locale"),
		entsql.As(u.C(entuser.FieldDisabledAt), "disabled_at"),
		entsql.As(o.C(organization.FieldDefaultLocale), "org_locale"),
		entsql.As(a.C(companyaccess.FieldCompanyID), "company_id"),
		entsql.As(a.C(companyaccess.FieldExpiresAt), "access_expires_at"),
	).AppendSelectExprAs(live, "live").
		From(m).
		Join(u).On(m.C(membership.FieldUserID), u.C(entuser.FieldID)).
		Join(o).On(m.C(membership.FieldOrganizationID), o.C(organization.FieldID)).
		LeftJoin(a).On(m.C(membership.FieldID), a.C(companyaccess.FieldMembershipID)).
		Where(entsql.EQ(m.C(membership.FieldOrganizationID), argOrganization)).
		Where(entsql.EQ(m.C(membership.FieldUserID), argUser)).
		Where(entsql.Or(entsql.IsNull(m.C(membership.FieldExpiresAt)), entsql.GT(m.C(membership.FieldExpiresAt), argNow))).
		Where(entsql.IsNull(m.C(membership.FieldRemovedAt)))
	query, args := sel.Query()
	if err := sel.Err(); err != nil {
		return memberStatement{}, fmt.Errorf("build the member read: %w", err)
	}
	st := memberStatement{query: query, args: make([]memberArg, len(args))}
	for i, arg := range args {
		name, ok := arg.(memberArg)
		if !ok {
			return memberStatement{}, fmt.Errorf("build the member read: placeholder %d takes %v", i+1, arg)
		}
		st.args[i] = name
	}
	return st, nil
}

// member is the viewer of a user in an organization, read in the system context: its role,
// language and the companies it reaches (an AUDITOR's grant of a company ends on its own day:
// past it, the company is out of reach). A membership removed or expired, or a disabled account,
// is accessEnded. With a session, the session must be live too (a refresh token of it not
// revoked), else errBadToken.
func (s *Service) member(sys context.Context, org, user pulid.ID, session string) (v *viewer.Viewer, err error) {
	st := s.members.withNone
	if session != "" {
		st = s.members.withSession
	}
	now := s.now()
	args := make([]any, len(st.args))
	for i, name := range st.args {
		switch name {
		case argOrganization:
			args[i] = org
		case argUser:
			args[i] = user
		case argNow:
			args[i] = now
		case argSession:
			args[i] = session
		}
	}
	var rows entsql.Rows
	if err := s.members.driver.Query(sys, st.query, args, &rows); err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	defer func() {
		if cerr := rows.Close(); cerr != nil && err == nil {
			v, err = nil, fmt.Errorf("authenticate: %w", cerr)
		}
	}()
	live := false
	for rows.Next() {
		var (
			role, orgLocale           string
			userLocale, companyID     sql.NullString
			disabledAt, accessExpires sql.NullTime
			rowLive                   bool
		)
		if err := rows.Scan(&role, &userLocale, &disabledAt, &orgLocale, &companyID, &accessExpires, &rowLive); err != nil {
			return nil, fmt.Errorf("authenticate: %w", err)
		}
		if v == nil { // the membership, user and organization, the same on every row
			if disabledAt.Valid {
				return nil, accessEnded()
			}
			v, live = &viewer.Viewer{UserID: user, OrganizationID: org, Role: viewer.Role(role)}, rowLive
			switch {
			case userLocale.Valid && locale.Locale(userLocale.String).Valid():
				v.Locale = locale.Locale(userLocale.String)
			case locale.Locale(orgLocale).Valid():
				v.Locale = locale.Locale(orgLocale)
			}
		}
		if companyID.Valid && (!accessExpires.Valid || accessExpires.Time.After(now)) {
			v.CompanyIDs = append(v.CompanyIDs, pulid.ID(companyID.String))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	if v == nil {
		return nil, accessEnded()
	}
	if !live {
		return nil, errBadToken
	}
	return v, nil
}
