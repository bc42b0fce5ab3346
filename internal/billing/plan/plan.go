// Package plan names the billing plans, the states of a subscription and the limits of the free
// plan. It is a leaf package: the ent schema stores these types, and package billing applies them.
package plan

import (
	"io"
	"time"

	"secretariat/internal/enum"
)

// Plan is what an organization pays for.
type Plan string

// The plans. FREE is for evaluation: one company with up to three sites. CONSULTANCY is billed
// per active client company, ENTERPRISE per active site.
const (
	Free        Plan = "FREE"
	Consultancy Plan = "CONSULTANCY"
	Enterprise  Plan = "ENTERPRISE"
)

// Values lists the plans; ent uses it for the plan column.
func (Plan) Values() []string { return []string{string(Free), string(Consultancy), string(Enterprise)} }

// Paid reports whether the plan has a Stripe subscription.
func (p Plan) Paid() bool { return p == Consultancy || p == Enterprise }

// Quantity is the number the plan bills: active companies on CONSULTANCY, active sites on
// ENTERPRISE, nothing on FREE.
func (p Plan) Quantity(u Units) int {
	switch p {
	case Consultancy:
		return u.Companies
	case Enterprise:
		return u.Sites
	}
	return 0
}

// UnmarshalGQL implements graphql.Unmarshaler.
func (p *Plan) UnmarshalGQL(v any) (err error) {
	*p, err = enum.Unmarshal[Plan](v)
	return err
}

// MarshalGQL implements graphql.Marshaler.
func (p Plan) MarshalGQL(w io.Writer) { enum.Marshal(w, p) }

// Units are what a plan counts: companies that are not archived, and sites that are not archived
// in companies that are not archived.
type Units struct {
	Companies int
	Sites     int
}

// Limits bound the units of an organization.
type Limits Units

// FreeLimits are the limits of the FREE plan.
var FreeLimits = Limits{Companies: 1, Sites: 3}

// Status is the state of a Stripe subscription, as Stripe names it (upper case).
type Status string

// The states of a subscription.
const (
	Trialing   Status = "TRIALING"
	Active     Status = "ACTIVE"
	PastDue    Status = "PAST_DUE"
	Unpaid     Status = "UNPAID"
	Canceled   Status = "CANCELED"
	Incomplete Status = "INCOMPLETE"
)

// Values lists the states; ent uses it for the status column.
func (Status) Values() []string {
	return []string{string(Trialing), string(Active), string(PastDue), string(Unpaid), string(Canceled), string(Incomplete)}
}

// UnmarshalGQL implements graphql.Unmarshaler.
func (s *Status) UnmarshalGQL(v any) (err error) {
	*s, err = enum.Unmarshal[Status](v)
	return err
}

// MarshalGQL implements graphql.Marshaler.
func (s Status) MarshalGQL(w io.Writer) { enum.Marshal(w, s) }

// Grace is how long a PAST_DUE organization keeps writing before it becomes read-only.
const Grace = 7 * 24 * time.Hour

// TrialDays is the trial of a paid plan, given once per organization.
const TrialDays = 14
