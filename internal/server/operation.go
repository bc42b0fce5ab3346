package server

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/requestid"
	"secretariat/internal/server/gqllimit"
	"secretariat/internal/viewer"
)

// operationTx runs each query and mutation in one database transaction whose row-level security
// scope is the viewer's (database.BeginOperation): queries read one snapshot, read-only; a
// mutation's writes are kept only when the commit succeeds, and a failed commit replaces the
// response with an error, so nothing is acknowledged that was not kept. Subscriptions are left
// alone: each of their statements runs in a short transaction of its own.
//
// A request's verified bearer token is read into its viewer first, in the same transaction
// (resolvePending), or in one of its own for an operation that needs none (resolveAlone).
func operationTx(db *database.DB, tokens bearers, log *slog.Logger) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		oc := graphql.GetOperationContext(ctx)
		if oc == nil || oc.Operation == nil || oc.Operation.Operation == ast.Subscription || onlyMeta(oc) {
			ctx, refused := resolveAlone(ctx, db, tokens, log)
			if refused != nil {
				return graphql.OneShot(refused)
			}
			return next(ctx)
		}
		ctx, op, err := db.BeginOperation(ctx, oc.Operation.Operation == ast.Query)
		if err != nil {
			return graphql.OneShot(failedOperation(ctx, log, "begin operation", err))
		}
		ctx, refused := resolvePending(ctx, tokens, log)
		if refused != nil {
			_ = op.Rollback()
			return graphql.OneShot(refused)
		}
		respond := next(ctx)
		ended := false
		return func(ctx context.Context) *graphql.Response {
			resp := respond(ctx)
			if ended {
				return resp
			}
			ended = true
			if err := op.Commit(); err != nil {
				return failedOperation(ctx, log, "commit operation", err)
			}
			return resp
		}
	}
}

// onlyMeta reports whether the operation selects nothing but __typename and introspection at its
// root: it reads no table, so it needs no transaction.
func onlyMeta(oc *graphql.OperationContext) bool {
	for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, nil) {
		if f.Name != "__typename" && f.Name != "__schema" && f.Name != "__type" {
			return false
		}
	}
	return true
}

// mutationSteps makes each root field of a mutation all or nothing: it runs in a savepoint of the
// operation's transaction, rolled back when the resolver fails, so that a failed mutation leaves
// nothing behind while the other fields of the same document keep what they did.
func mutationSteps(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Object != "Mutation" {
		return next(ctx)
	}
	var res any
	err := database.Step(ctx, func() error {
		var err error
		res, err = next(ctx)
		return err
	})
	return res, err
}

// failedOperation is the response of an operation whose transaction failed: no data, one
// INTERNAL error naming the request id, the cause in the log.
//
// An operation stopped on purpose (its deadline, its answer's size: gqllimit.Guard, which
// answers for it) or by a client that went away is not an internal error, and is logged as what
// it is.
func failedOperation(ctx context.Context, log *slog.Logger, what string, err error) *graphql.Response {
	id := requestid.From(ctx)
	if ctx.Err() != nil {
		log.InfoContext(ctx, "operation stopped", "request_id", id, "during", what, "reason", context.Cause(ctx))
	} else {
		log.ErrorContext(ctx, what, "request_id", id, "error", err)
	}
	return &graphql.Response{Errors: gqlerror.List{{
		Message:    "internal error (request id " + id + ")",
		Extensions: map[string]any{"code": string(apperr.KindInternal), "requestId": id},
	}}}
}

// scopedAuthentication runs the token check's reads in one read-only transaction.
func scopedAuthentication(db *database.DB, find func(*http.Request) (*viewer.Viewer, error)) func(*http.Request) (*viewer.Viewer, error) {
	return func(r *http.Request) (*viewer.Viewer, error) {
		if r.Header.Get("Authorization") == "" {
			return find(r) // no credentials: nothing to look up, no transaction
		}
		ctx, op, err := db.BeginOperation(r.Context(), true)
		if err != nil {
			return nil, err
		}
		defer func() { _ = op.Rollback() }()
		return find(r.WithContext(ctx))
	}
}

// checkInputs refuses an operation whose argument values break the input bounds (nesting,
// number of values, list lengths, control characters, pagination) before anything is resolved
// or any transaction begins, through the one presenter: BAD_USER_INPUT with extensions.field.
func checkInputs(in gqllimit.Inputs, present graphql.ErrorPresenterFunc) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		if !graphql.HasOperationContext(ctx) {
			return next(ctx)
		}
		oc := graphql.GetOperationContext(ctx)
		if oc.Operation == nil || oc.Doc == nil {
			return next(ctx)
		}
		if err := in.Check(oc.Operation, oc.Doc.Fragments, oc.Variables); err != nil {
			return graphql.OneShot(&graphql.Response{Errors: presentAll(ctx, present, err)})
		}
		return next(ctx)
	}
}
