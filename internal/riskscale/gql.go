package riskscale

import (
	"fmt"
	"io"

	"secretariat/internal/gqlquote"
)

// Values lists the rules.
func (Rule) Values() []string { return []string{string(Product), string(Sum), string(Max)} }

// UnmarshalGQL implements graphql.Unmarshaler.
func (r *Rule) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("rule must be a string, not %T", v)
	}
	switch Rule(s) {
	case Product, Sum, Max:
		*r = Rule(s)
		return nil
	}
	return fmt.Errorf("%q is not a valid RiskScoreRule", s)
}

// MarshalGQL implements graphql.Marshaler.
func (r Rule) MarshalGQL(w io.Writer) { gqlquote.Write(w, string(r)) }

// MaxScore is the highest score the method gives, for the top of the last band.
func (m Method) MaxScore() int { return m.maxScore() }
