// Package checklist holds the question of an audit checklist template, stored as JSON in the
// template's row (ent/schema ChecklistTemplate): leaf data, so that the schema and the audits
// service share it without importing each other.
package checklist

// Question is one question of a checklist template: what the auditor asks, and the clause or
// Annex A control it checks.
type Question struct {
	Clause   *string `json:"clause,omitempty"`
	Control  *string `json:"control,omitempty"`
	Question string  `json:"question"`
}
