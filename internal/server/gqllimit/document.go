package gqllimit

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// Fields refuses a document that writes more than Max field selections, before it is
// validated. Validation compares fields that share a response name pairwise, and a thousand
// overlapping fields make hundreds of thousands of "fields conflict" errors; a document past the
// limit is refused with one error instead. The document is parsed with the same token limit as
// the executor's, and a document that does not parse is left to the executor to report.
//
// Parsed is the executor's query cache, if it has one. A document found there was counted when
// it first came (the executor keeps only documents that passed this check and validation), so
// it is not parsed again: a client that sends the same operation again and again costs a cache
// look-up, not a second parse per request.
type Fields struct {
	Max        int
	TokenLimit int
	Parsed     graphql.Cache[*ast.QueryDocument]
}

var (
	_ graphql.HandlerExtension          = Fields{}
	_ graphql.OperationParameterMutator = Fields{}
)

// ExtensionName implements graphql.HandlerExtension.
func (Fields) ExtensionName() string { return "FieldCount" }

// Validate implements graphql.HandlerExtension.
func (f Fields) Validate(graphql.ExecutableSchema) error {
	if f.Max <= 0 {
		return fmt.Errorf("the field limit must be positive, not %d", f.Max)
	}
	return nil
}

// MutateOperationParameters implements graphql.OperationParameterMutator.
func (f Fields) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if p.Query == "" {
		return nil
	}
	if f.Parsed != nil {
		if _, ok := f.Parsed.Get(ctx, p.Query); ok {
			return nil
		}
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: p.Query}, f.TokenLimit)
	if err != nil {
		return nil
	}
	if n := countFields(doc); n > f.Max {
		return refuse(fmt.Sprintf("the document selects %d fields, the limit is %d", n, f.Max))
	}
	return nil
}

// countFields counts the field selections written in the document, fragments once each.
func countFields(doc *ast.QueryDocument) int {
	n := 0
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				n++
				walk(s.SelectionSet)
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			}
		}
	}
	for _, op := range doc.Operations {
		walk(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		walk(f.SelectionSet)
	}
	return n
}

// ValidationRules returns the default validation rules, each reporting at most maxErrors errors
// in all for one document: a client learns what is wrong from the first few, and a hostile
// document cannot make the server build an error per pair of its fields.
func ValidationRules(maxErrors int) func() *rules.Rules {
	return func() *rules.Rules {
		defaults := rules.NewDefaultRules()
		// gqlgen swaps these in when suggestions are off; they are capped like the others.
		defaults.AddRule(rules.FieldsOnCorrectTypeRuleWithoutSuggestions.Name, rules.FieldsOnCorrectTypeRuleWithoutSuggestions.RuleFunc)
		defaults.AddRule(rules.ScalarLeafsRuleWithoutSuggestions.Name, rules.ScalarLeafsRuleWithoutSuggestions.RuleFunc)
		limited := rules.NewRules()
		n := 0
		for name, rule := range defaults.GetInner() {
			limited.AddRule(name, capErrors(rule, &n, maxErrors))
		}
		return limited
	}
}

func capErrors(rule core.RuleFunc, n *int, maxErrors int) core.RuleFunc {
	return func(observers *core.Events, addError core.AddErrFunc) {
		rule(observers, func(options ...core.ErrorOption) {
			if *n < maxErrors {
				addError(options...)
			}
			*n++
		})
	}
}
