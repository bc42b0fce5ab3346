package graph

import (
	"context"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"

	"secretariat/ent"
	"secretariat/graph/generated"
	"secretariat/internal/apperr"
	"secretariat/internal/assets"
	"secretariat/internal/auditlog"
	"secretariat/internal/audits"
	"secretariat/internal/auth"
	"secretariat/internal/baselines"
	"secretariat/internal/billing"
	"secretariat/internal/calendar"
	"secretariat/internal/companies"
	"secretariat/internal/controls"
	"secretariat/internal/documents"
	"secretariat/internal/excel"
	"secretariat/internal/incidents"
	"secretariat/internal/live"
	"secretariat/internal/meetings"
	"secretariat/internal/members"
	"secretariat/internal/portfolio"
	"secretariat/internal/pulid"
	"secretariat/internal/risks"
	"secretariat/internal/secretariat"
	"secretariat/internal/tasks"
	"secretariat/internal/templates"
	"secretariat/internal/training"
)

// Resolver holds what the resolvers call: the services of the modules and, for reads that
// entgql resolves directly, the ent client. Resolvers stay a few lines long.
type Resolver struct {
	Client  *ent.Client
	Log     *slog.Logger
	Modules Modules
}

// Modules are the services of the internal modules, one field per module named as its package
// (internal/<module>), its schema file (graph/<module>.graphqls) and its resolver file. They
// sit in a field of their own so that a resolver method named like a module (Query.billing,
// Company.secretariat) does not hide the module's service.
type Modules struct {
	Companies   *companies.Service
	Auth        *auth.Service
	Members     *members.Service
	AuditLog    *auditlog.Service
	Documents   *documents.Service
	Secretariat *secretariat.Service
	Tasks       *tasks.Service
	Meetings    *meetings.Service
	Controls    *controls.Service
	Assets      *assets.Service
	Risks       *risks.Service
	Audits      *audits.Service
	Incidents   *incidents.Service
	Training    *training.Service
	Calendar    *calendar.Service
	Portfolio   *portfolio.Service
	Templates   *templates.Service
	Baselines   *baselines.Service
	Excel       *excel.Service
	Live        *live.Service // subscriptions
	Billing     *billing.Service
}

// NewSchema returns the executable schema over the resolver.
func NewSchema(r *Resolver) graphql.ExecutableSchema {
	return generated.NewExecutableSchema(generated.Config{Resolvers: r, Schema: PublicSchema()})
}

// nodeType finds an entity's table from the prefix of its ID; an ID with no known prefix is
// reported exactly like an ID that does not exist.
func nodeType(_ context.Context, id pulid.ID) (string, error) {
	table, err := ent.TableOfID(id)
	if err != nil {
		return "", apperr.NotFound("node", "ノード")
	}
	return table, nil
}

// done answers a mutation whose answer is only whether it succeeded.
func done(err error) (bool, error) { return err == nil, err }

// given reads an optional input field (@goField(omittable: true)) into a service input: its
// value, nil when left out or null, and the field named in null when the client sent null, so
// that the service tells "leave it" from "clear it".
func given[T any](field graphql.Omittable[*T], name string, null *[]string) *T {
	v, set := field.ValueOK()
	if set && v == nil {
		*null = append(*null, name)
	}
	return v
}

// givenList is given for a list field: nil when left out or null, and the field named in null
// when the client sent null.
func givenList[T any](field graphql.Omittable[[]T], name string, null *[]string) []T {
	v, set := field.ValueOK()
	if set && v == nil {
		*null = append(*null, name)
	}
	return v
}
