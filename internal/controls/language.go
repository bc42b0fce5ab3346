package controls

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"secretariat/ent"
	"secretariat/internal/apperr"
	"secretariat/internal/locale"
	"secretariat/internal/viewer"
)

// Language is what a request says about the language of titles: the locale asked for in the
// query, if any, and the request's Accept-Language header.
type Language struct {
	Locale         *string
	AcceptLanguage string
}

// RequestLanguage is the language of a GraphQL request: the locale asked for, if any, and the
// request's Accept-Language header.
func RequestLanguage(ctx context.Context, asked *string) Language {
	lang := Language{Locale: asked}
	if graphql.HasOperationContext(ctx) {
		lang.AcceptLanguage = graphql.GetOperationContext(ctx).Headers.Get("Accept-Language")
	}
	return lang
}

// asked returns the locale asked for in the query: "" when none, BAD_USER_INPUT on locale for
// one the product does not speak.
func (l Language) asked() (locale.Locale, error) {
	if l.Locale == nil || strings.TrimSpace(*l.Locale) == "" {
		return "", nil
	}
	if loc := locale.FromAcceptLanguage(strings.ReplaceAll(*l.Locale, "_", "-")); loc != "" {
		return loc, nil
	}
	return "", apperr.Invalid("locale", "unsupported locale "+strconv.Quote(*l.Locale)+`: use "ja" or "en"`)
}

// resolve picks the locale of titles: the one asked for; else the viewer's own preference; else
// the organization's default; else the request's Accept-Language (a request without a viewer);
// else Japanese. The user and organization are read only when the query does not say.
func (l Language) resolve(ctx context.Context, db *ent.Client) (locale.Locale, error) {
	if loc, err := l.asked(); loc != "" || err != nil {
		return loc, err
	}
	if v := viewer.FromContext(ctx); v != nil {
		u, err := db.User.Get(ctx, v.UserID)
		if err != nil && !ent.IsNotFound(err) {
			return "", fmt.Errorf("locale of the viewer: %w", err)
		}
		if u != nil && u.Locale != nil && u.Locale.Valid() {
			return *u.Locale, nil
		}
		org, err := db.Organization.Get(ctx, v.OrganizationID)
		if err != nil && !ent.IsNotFound(err) {
			return "", fmt.Errorf("locale of the organization: %w", err)
		}
		if org != nil && org.DefaultLocale.Valid() {
			return org.DefaultLocale, nil
		}
	}
	if loc := locale.FromAcceptLanguage(l.AcceptLanguage); loc != "" {
		return loc, nil
	}
	return locale.Default, nil
}
