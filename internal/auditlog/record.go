package auditlog

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	gen "secretariat/ent"
	"secretariat/internal/auditlog/change"
	"secretariat/internal/pulid"
	"secretariat/internal/requestid"
	"secretariat/internal/viewer"
)

// Fields every row has that an event records by itself (its organization, its time) or that
// only keep books (a company's data version, which counts the writes the trail records).
var bookkeeping = map[string]bool{"organization_id": true, "created_at": true, "updated_at": true, "data_version": true}

const (
	fieldOrganization = "organization_id"
	fieldCompany      = "company_id"
	fieldArchived     = "archived_at"
)

// mutation is the part of a generated ent mutation the trail uses.
type mutation interface {
	ent.Mutation
	Client() *gen.Client
	WhereP(...func(*sql.Selector))
}

// row is a record a write touches: its ID, tenant and, for an existing record, its values before
// the write.
type row struct {
	id           pulid.ID
	org, company pulid.ID
	old          map[string]ent.Value
}

// Record runs the write m through next and, when it succeeds, appends an event per row written
// to the chain of the row's organization, through m's client: in m's transaction. It is the body
// of the audit hook (ent/schema/audit.go); see the package comment for what it records.
func Record(ctx context.Context, m ent.Mutation, next ent.Mutator) (ent.Value, error) {
	if skip, _ := ctx.Value(skipKey{}).(bool); skip {
		return next.Mutate(ctx, m)
	}
	mm, ok := m.(mutation)
	if !ok {
		return nil, fmt.Errorf("auditlog: %s mutation has no client", m.Type())
	}
	system := viewer.IsSystem(ctx)
	v := viewer.FromContext(ctx)
	if !system && v == nil {
		// The privacy policy has refused it already; nothing is written.
		return next.Mutate(ctx, m)
	}
	if m.Type() == gen.TypeUser && system {
		// Users are global: signing up or accepting an invitation belongs to no single tenant's
		// trail (the membership it creates is recorded).
		return next.Mutate(ctx, m)
	}
	client := mm.Client()
	// A viewer writes only in its organization: lock its chain before anything is read, so that
	// the values before the write are those no other audited write is changing.
	if !system {
		if err := lockChains(ctx, client, []pulid.ID{v.OrganizationID}); err != nil {
			return nil, err
		}
	}
	rows, err := touched(ctx, mm, v)
	if err != nil {
		return nil, err
	}
	if system {
		orgs := make([]pulid.ID, len(rows))
		for i, r := range rows {
			orgs[i] = r.org
		}
		if err := lockChains(ctx, client, orgs); err != nil {
			return nil, err
		}
	}
	value, err := next.Mutate(ctx, m)
	if err != nil {
		return value, err
	}
	drafts, err := describe(ctx, mm, rows, v)
	if err != nil {
		return nil, fmt.Errorf("audit %s: %w", m.Type(), err)
	}
	if err := appendEvents(ctx, client, drafts, time.Now()); err != nil {
		return nil, fmt.Errorf("audit %s: %w", m.Type(), err)
	}
	announce(ctx, mm, rows, drafts)
	return value, nil
}

// touched lists the rows m is about to write. A bulk update or delete is pinned to the rows
// found, so that the trail and the write agree on them.
func touched(ctx context.Context, m mutation, v *viewer.Viewer) ([]row, error) {
	if m.Op().Is(ent.OpCreate) {
		id, err := idOf(m)
		if err != nil {
			return nil, err
		}
		r := row{id: id}
		r.org, r.company = tenantOf(m.Type(), id, v, func(name string) ent.Value {
			value, _ := m.Field(name)
			return value
		})
		return []row{r}, nil
	}
	var ids []pulid.ID
	if m.Op().Is(ent.OpUpdateOne | ent.OpDeleteOne) {
		id, err := idOf(m)
		if err != nil {
			return nil, err
		}
		ids = []pulid.ID{id}
	} else {
		bulk, ok := m.(interface {
			IDs(context.Context) ([]pulid.ID, error)
		})
		if !ok {
			return nil, fmt.Errorf("auditlog: %s mutation cannot list its rows", m.Type())
		}
		var err error
		if ids, err = bulk.IDs(ctx); err != nil {
			return nil, fmt.Errorf("audit %s: rows of a bulk write: %w", m.Type(), err)
		}
		m.WhereP(sql.FieldIn("id", ids...))
	}
	rows := make([]row, len(ids))
	for i, id := range ids {
		// An update of one row reads the old values through its own mutation (once, or not at
		// all when it was made from a loaded record); other writes through a mutation that is
		// never saved.
		source := ent.Mutation(m)
		if !m.Op().Is(ent.OpUpdateOne) {
			var err error
			if source, err = m.Client().RowMutation(m.Type(), id); err != nil {
				return nil, err
			}
		}
		old, err := values(ctx, source)
		if err != nil {
			return nil, err
		}
		r := row{id: id, old: old}
		r.org, r.company = tenantOf(m.Type(), id, v, func(name string) ent.Value { return old[name] })
		rows[i] = r
	}
	return rows, nil
}

// values reads every field of the row m updates, as it is before the write.
func values(ctx context.Context, m ent.Mutation) (map[string]ent.Value, error) {
	fields := gen.AuditedFields(m.Type())
	out := make(map[string]ent.Value, len(fields))
	for _, f := range fields {
		value, err := m.OldField(ctx, f.Name)
		if err != nil {
			// A row the viewer cannot reach is not found, exactly as the write would say.
			return nil, err
		}
		out[f.Name] = value
	}
	return out, nil
}

func idOf(m ent.Mutation) (pulid.ID, error) {
	if withID, ok := m.(interface{ ID() (pulid.ID, bool) }); ok {
		if id, set := withID.ID(); set {
			return id, nil
		}
	}
	return "", fmt.Errorf("auditlog: %s mutation has no ID", m.Type())
}

// tenantOf names the organization and company of the row id of type typ, whose fields field
// reads.
func tenantOf(typ string, id pulid.ID, v *viewer.Viewer, field func(string) ent.Value) (org, company pulid.ID) {
	switch typ {
	case gen.TypeOrganization:
		return id, ""
	case gen.TypeUser:
		return v.OrganizationID, ""
	case gen.TypeCompany:
		company = id
	default:
		company = asID(field(fieldCompany))
	}
	return asID(field(fieldOrganization)), company
}

func asID(v ent.Value) pulid.ID {
	switch id := v.(type) {
	case pulid.ID:
		return id
	case *pulid.ID:
		if id != nil {
			return *id
		}
	}
	return ""
}

// describe makes the events of a write that succeeded.
func describe(ctx context.Context, m mutation, rows []row, v *viewer.Viewer) ([]draft, error) {
	base := draft{entityType: m.Type(), requestID: requestID(ctx)}
	if v != nil && !viewer.IsSystem(ctx) {
		base.actor = v.UserID
	}
	var drafts []draft
	for _, r := range rows {
		d := base
		d.org, d.company, d.entityID = r.org, r.company, r.id
		var err error
		switch {
		case m.Op().Is(ent.OpCreate):
			d.action = change.Create
			d.changes, err = created(m, r)
		case m.Op().Is(ent.OpDelete | ent.OpDeleteOne):
			d.action = change.Delete
			d.changes, err = deleted(m.Type(), r)
		default:
			d.action, d.changes, err = updated(ctx, m, r)
		}
		if err != nil {
			return nil, err
		}
		if d.action == change.Update && len(d.changes) == 0 {
			continue // only bookkeeping changed
		}
		drafts = append(drafts, d)
	}
	return drafts, nil
}

func created(m mutation, r row) ([]change.Field, error) {
	var out []change.Field
	for _, f := range gen.AuditedFields(m.Type()) {
		value, set := m.Field(f.Name)
		if !set || bookkeeping[f.Name] || (f.Name == fieldCompany && asID(value) == r.company) {
			continue
		}
		after, err := encode(value)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		if after == nil {
			continue
		}
		out = append(out, field(f, nil, after))
	}
	return append(out, links(m)...), nil
}

func deleted(typ string, r row) ([]change.Field, error) {
	var out []change.Field
	for _, f := range gen.AuditedFields(typ) {
		if bookkeeping[f.Name] {
			continue
		}
		before, err := encode(r.old[f.Name])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		if before == nil {
			continue
		}
		out = append(out, field(f, before, nil))
	}
	return out, nil
}

func updated(ctx context.Context, m mutation, r row) (change.Action, []change.Field, error) {
	written := map[string]bool{}
	for _, names := range [][]string{m.Fields(), m.ClearedFields(), m.AddedFields()} {
		for _, name := range names {
			written[name] = true
		}
	}
	// A field incremented (Add…) has a value only the database knows.
	var now map[string]ent.Value
	if len(m.AddedFields()) > 0 {
		fresh, err := m.Client().RowMutation(m.Type(), r.id)
		if err != nil {
			return "", nil, err
		}
		if now, err = values(ctx, fresh); err != nil {
			return "", nil, err
		}
	}
	action := change.Update
	var out []change.Field
	for _, f := range gen.AuditedFields(m.Type()) {
		if !written[f.Name] || bookkeeping[f.Name] {
			continue
		}
		before, err := encode(r.old[f.Name])
		if err != nil {
			return "", nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		var value ent.Value
		if v, set := m.Field(f.Name); set {
			value = v
		} else if now != nil && !m.FieldCleared(f.Name) {
			value = now[f.Name]
		}
		after, err := encode(value)
		if err != nil {
			return "", nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		if same(before, after) {
			continue
		}
		if f.Name == fieldArchived {
			switch {
			case before == nil:
				action = change.Archive
			case after == nil:
				action = change.Restore
			}
		}
		out = append(out, field(f, before, after))
	}
	return action, append(out, links(m)...), nil
}

// field is the change of f, with a secret's values redacted.
func field(f gen.AuditedField, before, after *string) change.Field {
	if f.Sensitive {
		before, after = redact(before), redact(after)
	}
	return change.Field{Field: f.Name, Before: before, After: after}
}

// links are the changes of the edges that no field of the record holds.
func links(m ent.Mutation) []change.Field {
	var out []change.Field
	for _, edge := range gen.LinkEdges(m.Type()) {
		removed := idStrings(m.RemovedIDs(edge))
		if m.EdgeCleared(edge) {
			removed = []string{"*"}
		}
		added := idStrings(m.AddedIDs(edge))
		if len(removed) == 0 && len(added) == 0 {
			continue
		}
		out = append(out, change.Field{Field: edge, Before: jsonList(removed), After: jsonList(added)})
	}
	return out
}

func idStrings(ids []ent.Value) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, fmt.Sprint(id))
	}
	return out
}

func jsonList(ids []string) *string {
	if len(ids) == 0 {
		return nil
	}
	b, _ := json.Marshal(ids)
	s := string(b)
	return &s
}

// maxRequestID is the longest request id an event keeps (the request_id column).
const maxRequestID = 128

func requestID(ctx context.Context) string {
	id := requestid.From(ctx)
	if len(id) > maxRequestID {
		id = strings.ToValidUTF8(id[:maxRequestID], "")
	}
	return id
}
