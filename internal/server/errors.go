package server

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"secretariat/ent"
	"secretariat/internal/apperr"
	"secretariat/internal/locale"
	"secretariat/internal/requestid"
	"secretariat/internal/viewer"
)

// presentError is the one place where failures become GraphQL errors. Every error leaves with
// extensions.code (the closed set of apperr.Kind, plus gqlgen's GRAPHQL_PARSE_FAILED and
// GRAPHQL_VALIDATION_FAILED for a malformed operation document), extensions.reason when the
// failure names one, extensions.field for bad input, and a message in the viewer's language
// (errorLocale).
//
// Errors of package apperr keep their kind: a write refused by a privacy rule of package authz
// carries an apperr.Forbidden, so it is FORBIDDEN with the rule's message. ent's not-found,
// validation and constraint errors map to NOT_FOUND, BAD_USER_INPUT and CONFLICT; a variable
// the schema refuses (an unknown enum value, a null for a non-null field) is BAD_USER_INPUT on
// the input field it feeds; anything else is INTERNAL: logged in full with the request id and
// shown to the client only as that id.
//
// One error is one field: an input with several problems comes back as several errors (see
// splitFields and presentAll); when a joined error reaches this function directly, it shows
// the first.
func presentError(log *slog.Logger, count func(code string)) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		err = stopReason(ctx, err)
		if fields := apperr.Fields(err); len(fields) > 1 {
			err = fields[0]
		}
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		code := classify(ctx, err, gqlErr, errorLocale(ctx), log)
		gqlErr.Extensions["code"] = code
		count(code)
		return gqlErr
	}
}

// presentAll presents err as one error per field it names.
func presentAll(ctx context.Context, present graphql.ErrorPresenterFunc, err error) gqlerror.List {
	fields := apperr.Fields(err)
	if len(fields) < 2 {
		return gqlerror.List{present(ctx, err)}
	}
	list := make(gqlerror.List, 0, len(fields))
	for _, f := range fields {
		list = append(list, present(ctx, f))
	}
	return list
}

// splitFields makes a resolver's error that names several input fields into one error per
// field: all but the last are added to the response here, the last is returned for the field
// as usual, so they appear in the order the service found them.
func splitFields(ctx context.Context, next graphql.Resolver) (any, error) {
	res, err := next(ctx)
	if err == nil {
		return res, nil
	}
	fields := apperr.Fields(err)
	if len(fields) < 2 {
		return res, err
	}
	for _, f := range fields[:len(fields)-1] {
		graphql.AddError(ctx, f)
	}
	return res, fields[len(fields)-1]
}

// errorLocale is the language of the messages of an error: the viewer's own (its preference,
// else its organization's default), else the request's Accept-Language, else Japanese — the
// language rule of package language, read without touching the database.
func errorLocale(ctx context.Context) locale.Locale {
	if v := viewer.FromContext(ctx); v != nil && v.Locale.Valid() {
		return v.Locale
	}
	if graphql.HasOperationContext(ctx) {
		if l := locale.FromAcceptLanguage(graphql.GetOperationContext(ctx).Headers.Get("Accept-Language")); l != "" {
			return l
		}
	}
	return locale.Default
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

var (
	textNotFound = apperr.Text{EN: "not found", JA: "見つかりません"}
	textInvalid  = apperr.Text{EN: "is invalid", JA: "値が正しくありません"}
	textConflict = apperr.Text{EN: "conflicts with an existing record", JA: "既存のレコードと重複しています"}
)

func classify(ctx context.Context, err error, gqlErr *gqlerror.Error, l locale.Locale, log *slog.Logger) string {
	if ae, ok := apperr.As(err); ok {
		gqlErr.Message = ae.Text.In(l)
		if ae.Reason != apperr.Unspecified {
			gqlErr.Extensions["reason"] = string(ae.Reason)
		}
		if ae.Kind == apperr.KindInvalid {
			field := ae.Field
			if field == "" {
				field = inputField(gqlErr.Path)
			}
			onField(gqlErr, field, ae.Text.In(l))
		}
		if ae.RetryAfter > 0 {
			gqlErr.Extensions["retryAfterSeconds"] = int(math.Ceil(ae.RetryAfter.Seconds()))
		}
		return string(ae.Kind)
	}
	var notFound *ent.NotFoundError
	if errors.As(err, &notFound) {
		gqlErr.Message = textNotFound.In(l)
		gqlErr.Extensions["reason"] = string(apperr.NotFoundReason)
		return string(apperr.KindNotFound)
	}
	var invalid *ent.ValidationError
	if errors.As(err, &invalid) {
		gqlErr.Extensions["reason"] = string(apperr.InvalidValue)
		onField(gqlErr, invalid.Name, textInvalid.In(l))
		return string(apperr.KindInvalid)
	}
	if ent.IsConstraintError(err) {
		gqlErr.Message = textConflict.In(l)
		gqlErr.Extensions["reason"] = string(apperr.Duplicate)
		return string(apperr.KindConflict)
	}
	if code, ok := gqlErr.Extensions["code"].(string); ok && code != "" {
		if code == errcode.ValidationFailed && len(gqlErr.Path) > 1 && gqlErr.Path[0] == ast.PathName("variable") {
			return badVariable(ctx, gqlErr, l)
		}
		return code
	}
	id := requestid.From(ctx)
	log.ErrorContext(ctx, "internal error", "request_id", id, "path", gqlErr.Path.String(), "error", err)
	gqlErr.Message = apperr.Text{
		EN: "internal error (request id " + id + ")",
		JA: "内部エラーが発生しました（リクエストID " + id + "）",
	}.In(l)
	gqlErr.Extensions["requestId"] = id
	return string(apperr.KindInternal)
}

// onField puts bad input on its field: extensions.field and a message that starts with it.
func onField(gqlErr *gqlerror.Error, field, message string) {
	if field == "" {
		gqlErr.Message = message
		return
	}
	gqlErr.Extensions["field"] = field
	gqlErr.Message = field + ": " + message
}

// badVariable presents a variable the schema refused while coercing it (gqlparser's path
// ["variable", name, …]) as bad input on the field the variable feeds, named as the services
// name theirs: {createTask(input: $i)} with $i.priority unknown is "priority".
func badVariable(ctx context.Context, gqlErr *gqlerror.Error, l locale.Locale) string {
	detail := gqlErr.Message
	reason := apperr.InvalidValue
	ja := "値が正しくありません（" + detail + "）"
	if strings.Contains(detail, "must be defined") || strings.Contains(detail, "cannot be null") {
		reason = apperr.Required
		ja = "入力してください（" + detail + "）"
	}
	field := variableField(ctx, gqlErr.Path)
	gqlErr.Path = nil
	gqlErr.Extensions["reason"] = string(reason)
	onField(gqlErr, field, apperr.Text{EN: detail, JA: ja}.In(l))
	return string(apperr.KindInvalid)
}

// variableField names the input field of a path inside a variable: the path from the argument
// the variable is given to, as inputField names it. A variable used nowhere the walk finds is
// named by its own path.
func variableField(ctx context.Context, path ast.Path) string {
	name, _ := path[1].(ast.PathName)
	inner := names(path[2:])
	if graphql.HasOperationContext(ctx) {
		if oc := graphql.GetOperationContext(ctx); oc.Operation != nil {
			if at, ok := variableUse(oc.Operation.SelectionSet, oc.Doc, string(name), map[string]bool{}); ok {
				return inputField(append(ast.Path{ast.PathName("field")}, append(at, inner...)...))
			}
		}
	}
	return strings.Join(append([]string{string(name)}, pathNames(inner)...), ".")
}

// variableUse finds where the variable is given to a field's argument: the argument's name and
// the object fields down to the variable.
func variableUse(set ast.SelectionSet, doc *ast.QueryDocument, variable string, seen map[string]bool) (ast.Path, bool) {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			for _, arg := range s.Arguments {
				if at, ok := valueUse(arg.Value, variable); ok {
					return append(ast.Path{ast.PathName(arg.Name)}, at...), true
				}
			}
			if at, ok := variableUse(s.SelectionSet, doc, variable, seen); ok {
				return at, true
			}
		case *ast.InlineFragment:
			if at, ok := variableUse(s.SelectionSet, doc, variable, seen); ok {
				return at, true
			}
		case *ast.FragmentSpread:
			if doc == nil || seen[s.Name] {
				continue
			}
			seen[s.Name] = true
			if def := doc.Fragments.ForName(s.Name); def != nil {
				if at, ok := variableUse(def.SelectionSet, doc, variable, seen); ok {
					return at, true
				}
			}
		}
	}
	return nil, false
}

func valueUse(v *ast.Value, variable string) (ast.Path, bool) {
	if v == nil {
		return nil, false
	}
	switch v.Kind {
	case ast.Variable:
		return nil, v.Raw == variable
	case ast.ObjectValue:
		for _, child := range v.Children {
			if at, ok := valueUse(child.Value, variable); ok {
				return append(ast.Path{ast.PathName(child.Name)}, at...), true
			}
		}
	case ast.ListValue:
		for i, child := range v.Children {
			if at, ok := valueUse(child.Value, variable); ok {
				return append(ast.Path{ast.PathIndex(i)}, at...), true
			}
		}
	}
	return nil, false
}

func names(path ast.Path) ast.Path {
	out := make(ast.Path, 0, len(path))
	for _, el := range path {
		if n, ok := el.(ast.PathName); ok {
			out = append(out, n)
		}
	}
	return out
}

func pathNames(path ast.Path) []string {
	var parts []string
	for _, el := range path {
		if name, ok := el.(ast.PathName); ok {
			parts = append(parts, string(name))
		}
	}
	return parts
}

// inputField names the input field of an error raised while reading arguments, the way the
// services name it: the path after the operation's field and its "input" argument, such as
// "dueDate" (or "companyID" for an argument of its own). List positions are left out.
func inputField(path ast.Path) string {
	parts := pathNames(path)
	if len(parts) < 2 {
		return ""
	}
	parts = parts[1:]
	if len(parts) > 1 && parts[0] == "input" {
		parts = parts[1:]
	}
	return strings.Join(parts, ".")
}
