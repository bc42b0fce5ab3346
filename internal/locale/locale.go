// Package locale names the languages the product speaks. Japanese is the default: most users are
// Japanese consultancies and firms.
package locale

import (
	"fmt"
	"io"
	"strings"

	"secretariat/internal/enum"
	"secretariat/internal/gqlquote"
)

// Locale is a supported language.
type Locale string

// The supported locales.
const (
	Japanese Locale = "ja"
	English  Locale = "en"
)

// Default is the locale used when nothing else decides.
const Default = Japanese

// Values lists the locales; ent uses it for the enum columns.
func (Locale) Values() []string { return []string{string(Japanese), string(English)} }

// Valid reports whether l is a supported locale.
func (l Locale) Valid() bool { return l == Japanese || l == English }

// FromAcceptLanguage picks the first supported language of an Accept-Language header, or "" when
// none is supported. Quality values are honoured in order of appearance, which is how browsers
// send them.
func FromAcceptLanguage(header string) Locale {
	for _, part := range strings.Split(header, ",") {
		tag := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		base := strings.ToLower(strings.SplitN(tag, "-", 2)[0])
		if l := Locale(base); l.Valid() {
			return l
		}
	}
	return ""
}

// UnmarshalGQL implements graphql.Unmarshaler: the GraphQL enum values are JA and EN (the
// stored values, ja and en, are the language tags). Validation lets a variable through in any
// case, so the lower-case tags are read too.
func (l *Locale) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	parsed, err := enum.Unmarshal[Locale](strings.ToLower(s))
	if err != nil {
		return fmt.Errorf("%v is not one of JA, EN", v)
	}
	*l = parsed
	return nil
}

// MarshalGQL implements graphql.Marshaler: JA or EN.
func (l Locale) MarshalGQL(w io.Writer) {
	gqlquote.Write(w, strings.ToUpper(string(l)))
}
