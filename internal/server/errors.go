package server

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"secretariat/ent"
	"secretariat/internal/apperr"
	"secretariat/internal/requestid"
)

// presentError is the one place where failures become GraphQL errors with an extensions.code.
// Errors of package apperr keep their kind: a write refused by a privacy rule of package authz
// carries an apperr.Forbidden, so it is FORBIDDEN with the rule's message. ent's not-found,
// validation and constraint errors map to NOT_FOUND, BAD_USER_INPUT and CONFLICT; errors gqlgen
// already coded (parse, validation) pass through; anything else is INTERNAL: logged in full with
// the request id and shown to the client only as that id.
func presentError(log *slog.Logger, count func(code string)) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		err = stopReason(ctx, err)
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		code := classify(ctx, err, gqlErr, log)
		gqlErr.Extensions["code"] = code
		count(code)
		return gqlErr
	}
}

// stopReason replaces the error of a statement or resolver cut short by an operation stopped
// on purpose (gqllimit.Guard: TIMEOUT, RESPONSE_TOO_LARGE) with that reason.
func stopReason(ctx context.Context, err error) error {
	if ctx.Err() == nil || !(errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)) {
		return err
	}
	if cause, ok := apperr.As(context.Cause(ctx)); ok {
		return cause
	}
	return err
}

func classify(ctx context.Context, err error, gqlErr *gqlerror.Error, log *slog.Logger) string {
	if ae, ok := apperr.As(err); ok {
		gqlErr.Message = ae.Message
		if ae.Kind == apperr.KindInvalid {
			presentInvalid(gqlErr, err)
		}
		if ae.RetryAfter > 0 {
			gqlErr.Extensions["retryAfterSeconds"] = int(math.Ceil(ae.RetryAfter.Seconds()))
		}
		return string(ae.Kind)
	}
	var notFound *ent.NotFoundError
	if errors.As(err, &notFound) {
		gqlErr.Message = "not found"
		return string(apperr.KindNotFound)
	}
	var invalid *ent.ValidationError
	if errors.As(err, &invalid) {
		gqlErr.Message = invalid.Name + " is invalid"
		gqlErr.Extensions["field"] = invalid.Name
		return string(apperr.KindInvalid)
	}
	if ent.IsConstraintError(err) {
		gqlErr.Message = "conflicts with an existing record"
		return string(apperr.KindConflict)
	}
	if code, ok := gqlErr.Extensions["code"].(string); ok && code != "" {
		return code
	}
	id := requestid.From(ctx)
	log.ErrorContext(ctx, "internal error", "request_id", id, "path", gqlErr.Path.String(), "error", err)
	gqlErr.Message = "internal error (request id " + id + ")"
	gqlErr.Extensions["requestId"] = id
	return string(apperr.KindInternal)
}

// presentInvalid names the input field at fault in extensions.field and, when the input had
// several problems, lists them all in extensions.fields and in the message.
func presentInvalid(gqlErr *gqlerror.Error, err error) {
	var fields, messages []string
	for _, e := range apperr.Fields(err) {
		if e.Kind != apperr.KindInvalid {
			continue
		}
		field := e.Field
		if field == "" {
			field = inputField(gqlErr.Path)
		}
		fields = append(fields, field)
		messages = append(messages, (&apperr.Error{Field: field, Message: e.Message}).Error())
	}
	if len(fields) == 0 {
		return
	}
	gqlErr.Extensions["field"] = fields[0]
	if len(fields) > 1 {
		gqlErr.Extensions["fields"] = fields
	}
	gqlErr.Message = strings.Join(messages, "; ")
}

// inputField names the input field of an error raised while reading arguments, the way the
// services name it: the path after the mutation's field and its "input" argument, such as
// "dueDate" (or "organizationID" for an argument of its own).
func inputField(path ast.Path) string {
	var parts []string
	for _, el := range path {
		if name, ok := el.(ast.PathName); ok {
			parts = append(parts, string(name))
		}
	}
	if len(parts) < 2 {
		return ""
	}
	parts = parts[1:]
	if len(parts) > 1 && parts[0] == "input" {
		parts = parts[1:]
	}
	return strings.Join(parts, ".")
}
