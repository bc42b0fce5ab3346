// Package language decides the language of what the product shows in words (labels, control
// titles, export headers), the same way for every module: the locale the request asks for; else
// the viewer's own preference; else the organization's default; else the request's
// Accept-Language (which decides only for a request without a viewer, since every organization
// has a default); else Japanese. Deliberate choices come before a browser's header: a Japanese
// firm's staff on English browsers still see the firm's Japanese unless they choose otherwise.
package language

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"secretariat/ent"
	"secretariat/internal/apperr"
	"secretariat/internal/locale"
	"secretariat/internal/viewer"
)

// Request is what a request says about its language.
type Request struct {
	// Asked is the locale the request names ("ja", "en" or a tag such as "en-GB"; "" for none).
	Asked          string
	AcceptLanguage string
}

// Resolve picks the locale of the request (see the package comment). A locale asked for that the
// product does not speak is BAD_USER_INPUT on "locale". The user and the organization are read
// only when the request does not say.
func Resolve(ctx context.Context, db *ent.Client, r Request) (locale.Locale, error) {
	if asked := strings.TrimSpace(r.Asked); asked != "" {
		if l := locale.FromAcceptLanguage(strings.ReplaceAll(asked, "_", "-")); l != "" {
			return l, nil
		}
		return "", apperr.Invalid("locale", apperr.InvalidValue,
			"unsupported locale "+strconv.Quote(asked)+`: use "ja" or "en"`,
			"対応していない言語です（"+strconv.Quote(asked)+`）。"ja" または "en" を指定してください`)
	}
	if v := viewer.FromContext(ctx); v != nil && v.Locale.Valid() {
		return v.Locale, nil
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
	if l := locale.FromAcceptLanguage(r.AcceptLanguage); l != "" {
		return l, nil
	}
	return locale.Default, nil
}
