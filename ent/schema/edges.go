package schema

import (
	"context"
	"fmt"

	"entgo.io/ent"

	gen "secretariat/ent"
	"secretariat/ent/hook"
	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
	"secretariat/internal/viewer"
)

// checkEdges refuses a create or update that links the row to a row the viewer cannot reach —
// of another organization, of an ungranted company, or of another company than the row's own —
// with the same "not found" as for an ID that does not exist. The organization and company
// edges are checked by stampOrganization and checkCompany.
func checkEdges() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if viewer.IsSystem(ctx) {
				return next.Mutate(ctx, m)
			}
			cm, ok := m.(interface{ Client() *gen.Client })
			if !ok {
				return nil, fmt.Errorf("tenancy: %s mutation has no client", m.Type())
			}
			var rowCompany pulid.ID
			for _, edge := range m.AddedEdges() {
				if edge == "organization" || edge == "company" {
					continue
				}
				for _, v := range m.AddedIDs(edge) {
					id, _ := v.(pulid.ID)
					if rowCompany == "" {
						var err error
						if rowCompany, err = companyOfRow(ctx, m); err != nil {
							return nil, err
						}
					}
					if err := reachable(ctx, cm.Client(), id, rowCompany); err != nil {
						return nil, fmt.Errorf("%s %s: %w", m.Type(), edge, err)
					}
				}
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdate|ent.OpUpdateOne)
}

// companyOfRow is the company of the row a mutation writes, or "" for a row of no single company
// (an organization-wide row, or a bulk update).
func companyOfRow(ctx context.Context, m ent.Mutation) (pulid.ID, error) {
	if m.Type() == gen.TypeCompany {
		if id, ok := m.(interface{ ID() (pulid.ID, bool) }); ok {
			if v, set := id.ID(); set {
				return v, nil
			}
		}
	}
	cm, ok := m.(interface {
		CompanyID() (pulid.ID, bool)
		OldCompanyID(context.Context) (pulid.ID, error)
	})
	if !ok {
		return "", nil
	}
	if id, set := cm.CompanyID(); set {
		return id, nil
	}
	if !m.Op().Is(ent.OpUpdateOne) {
		return "", nil
	}
	id, err := cm.OldCompanyID(ctx)
	if err != nil {
		return "", fmt.Errorf("company of the %s: %w", m.Type(), err)
	}
	return id, nil
}

// reachable checks that the viewer sees the row id (through the tenant filters of its type) and,
// when company is set and the row belongs to a company, that it is that company.
func reachable(ctx context.Context, client *gen.Client, id pulid.ID, company pulid.ID) error {
	table, err := gen.TableOfID(id)
	if err != nil {
		return errLinkedNotFound
	}
	n, err := client.Noder(gen.WithoutFieldCollection(ctx), id, gen.WithFixedNodeType(table))
	if gen.IsNotFound(err) {
		return errLinkedNotFound
	}
	if err != nil {
		return err
	}
	if company == "" {
		return nil
	}
	var other pulid.ID
	switch v := n.(type) {
	case *gen.Company:
		other = v.ID
	case interface{ CompanyOf() pulid.ID }:
		other = v.CompanyOf()
	default:
		return nil
	}
	if other != company {
		return errLinkedNotFound
	}
	return nil
}

// errLinkedNotFound answers an edge to a record the viewer does not see, or of another company,
// as one that does not exist.
var errLinkedNotFound = apperr.NotFound("linked record", "関連するレコード")
