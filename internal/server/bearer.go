package server

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"secretariat/internal/apperr"
	"secretariat/internal/auth"
	"secretariat/internal/database"
	"secretariat/internal/locale"
	"secretariat/internal/viewer"
)

// The bearer token of a GraphQL request over HTTP is checked in two halves: its signature and
// claims at once, in the HTTP middleware (authenticate), so that a bad token is refused before any
// GraphQL runs; its member inside the operation's own transaction (operationTx), so that the
// read costs no transaction of its own: one BEGIN, the member's read scoped to the token's
// organization (viewer.SystemOfMember), the operation in the viewer's scope (for an OWNER or
// ADMIN the same, so no second set_config), one COMMIT.

// bearers verifies a request's token without the database, and reads the member of a verified
// one (auth.Service).
type bearers interface {
	Verify(*http.Request) (*auth.Bearer, error)
	Resolve(context.Context, *auth.Bearer) (*viewer.Viewer, error)
}

// pendingBearer is a request's verified token whose member is not read yet. status is the HTTP
// status the read chose when it refused the token (401) or failed (500); zero when it did not.
type pendingBearer struct {
	bearer *auth.Bearer
	status int
}

type pendingKey struct{}

// resolvedLater reports whether the viewer of r is read inside its operation: a GraphQL request
// over HTTP. A WebSocket resolves its viewer at connection_init and for each operation
// (sockets), every other route before its handler runs.
func resolvedLater(r *http.Request) bool {
	return r.URL.Path == graphqlPath && r.Header.Get("Upgrade") == ""
}

// graphqlPath is where the GraphQL endpoint is served.
const graphqlPath = "/graphql"

func withPending(ctx context.Context, b *auth.Bearer) context.Context {
	return context.WithValue(ctx, pendingKey{}, &pendingBearer{bearer: b})
}

func pendingFrom(ctx context.Context) *pendingBearer {
	p, _ := ctx.Value(pendingKey{}).(*pendingBearer)
	return p
}

// resolvePending reads the member of the operation's pending token with ctx, which routes the
// read to the operation's transaction when it has one, and returns ctx with the viewer. When the
// token is refused (a member removed or expired, a disabled account, an ended session) or the
// read fails, it returns the response to send instead, and the status the HTTP transport gives
// it.
func resolvePending(ctx context.Context, tokens bearers, log *slog.Logger) (context.Context, *graphql.Response) {
	p := pendingFrom(ctx)
	if p == nil || viewer.FromContext(ctx) != nil {
		return ctx, nil
	}
	v, err := tokens.Resolve(ctx, p.bearer)
	switch {
	case err == nil:
		return viewer.NewContext(ctx, v), nil
	case apperr.KindOf(err) == apperr.KindUnauthenticated:
		p.status = http.StatusUnauthorized
		l := locale.Default
		if oc := graphql.GetOperationContext(ctx); oc != nil {
			l = headerLocale(oc.Headers)
		}
		return ctx, &graphql.Response{Errors: gqlerror.List{{
			Message:    credentialRefused.In(l),
			Extensions: map[string]any{"code": string(apperr.KindUnauthenticated), "reason": string(apperr.CredentialRefused)},
		}}}
	default:
		p.status = http.StatusInternalServerError
		return ctx, failedOperation(ctx, log, "authenticate", err)
	}
}

// resolveAlone is resolvePending for an operation that runs without a transaction of its own
// (introspection, __typename): the read gets one, read-only.
func resolveAlone(ctx context.Context, db *database.DB, tokens bearers, log *slog.Logger) (context.Context, *graphql.Response) {
	if pendingFrom(ctx) == nil || viewer.FromContext(ctx) != nil {
		return ctx, nil
	}
	opCtx, op, err := db.BeginOperation(ctx, true)
	if err != nil {
		pendingFrom(ctx).status = http.StatusInternalServerError
		return ctx, failedOperation(ctx, log, "authenticate", err)
	}
	defer func() { _ = op.Rollback() }()
	resolved, resp := resolvePending(opCtx, tokens, log)
	if resp != nil {
		return ctx, resp
	}
	return viewer.NewContext(ctx, viewer.FromContext(resolved)), nil
}

// credentialRefused is the message of a refused credential.
var credentialRefused = apperr.Text{EN: "invalid credentials", JA: "認証情報が無効です"}

// credentialStatus is the HTTP status of an operation whose pending token was refused (401, with
// WWW-Authenticate) or could not be read (500); zero otherwise.
func credentialStatus(ctx context.Context, h http.Header) int {
	p := pendingFrom(ctx)
	if p == nil {
		return 0
	}
	if p.status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	}
	return p.status
}

// headerLocale is the language of a request's Accept-Language, else Japanese (the language rule
// of package language).
func headerLocale(h http.Header) locale.Locale {
	if l := locale.FromAcceptLanguage(h.Get("Accept-Language")); l != "" {
		return l
	}
	return locale.Default
}
