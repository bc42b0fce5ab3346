package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"secretariat/internal/language"
)

// languageOf returns what a GraphQL field says about its language, for the services to resolve
// (language.Resolve): the locale the field asks for and the operation's Accept-Language header.
func languageOf[L ~string](ctx context.Context, asked *L) language.Request {
	r := language.Request{}
	if asked != nil {
		r.Asked = string(*asked)
	}
	if graphql.HasOperationContext(ctx) {
		r.AcceptLanguage = graphql.GetOperationContext(ctx).Headers.Get("Accept-Language")
	}
	return r
}
