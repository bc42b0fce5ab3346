package graph

import (
	"context"
	"reflect"
	"slices"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"secretariat/ent"
	"secretariat/internal/baselines"
	"secretariat/internal/pulid"
)

// A field computed by a module's service (not an ent edge, which field collection loads) would
// cost its statements once per record of a list. batch computes it once for every record of the
// list the record is in: the resolver of the first record asks the service for all of them, and
// the others take their part. The list is found in the field contexts above the resolver (a
// connection's edges or nodes, or a plain list), and the answers are kept for the operation by
// Memo, so a list costs the same statements for one record or a hundred.

type memoKey struct{}

// memo holds the batches computed in one operation.
type memo struct {
	mu    sync.Mutex
	calls map[batchKey]*batchCall
	// cursors is cursorsSelected of each connection field's selection set (pagination.go).
	cursors map[selectionKey]bool
	// connections is what the field middleware makes of each connection field's arguments
	// (fields.go).
	connections map[connectionKey]*preparedConnection
}

type batchKey struct {
	field string
	list  uintptr // the list's backing array
	n     int
}

type batchCall struct {
	once sync.Once
	val  any
	err  error
}

// Memo is the operation middleware (gqlgen's AroundOperations) that lets the resolvers of one
// operation share a batch. Without it every record is computed alone.
func Memo(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	return next(context.WithValue(ctx, memoKey{}, &memo{calls: map[batchKey]*batchCall{}, cursors: map[selectionKey]bool{}, connections: map[connectionKey]*preparedConnection{}}))
}

// batch returns id's part of load over the IDs of the list id is in: ids reads the IDs of a
// list the field can be in (nil for any other value). A record in no such list, or an operation
// without Memo, is loaded alone.
func batch[T any](ctx context.Context, field string, id pulid.ID, ids func(list any) []pulid.ID, load func([]pulid.ID) (map[pulid.ID]T, error)) (T, error) {
	m, _ := ctx.Value(memoKey{}).(*memo)
	var all []pulid.ID
	var key batchKey
	for fc := graphql.GetFieldContext(ctx); m != nil && fc != nil; fc = fc.Parent {
		if list := ids(fc.Result); slices.Contains(list, id) {
			all, key = list, batchKey{field: field, list: reflect.ValueOf(fc.Result).Pointer(), n: len(list)}
			break
		}
	}
	if all == nil {
		got, err := load([]pulid.ID{id})
		return got[id], err
	}
	m.mu.Lock()
	c := m.calls[key]
	if c == nil {
		c = &batchCall{}
		m.calls[key] = c
	}
	m.mu.Unlock()
	c.once.Do(func() { c.val, c.err = load(all) })
	var zero T
	if c.err != nil {
		return zero, c.err
	}
	return c.val.(map[pulid.ID]T)[id], nil
}

// campaignIDs reads the IDs of a list of campaigns (a connection's edges or nodes) for batch.
func campaignIDs(list any) []pulid.ID {
	var ids []pulid.ID
	switch l := list.(type) {
	case []*ent.TrainingCampaignEdge:
		for _, e := range l {
			if e != nil && e.Node != nil {
				ids = append(ids, e.Node.ID)
			}
		}
	case []*ent.TrainingCampaign:
		for _, c := range l {
			if c != nil {
				ids = append(ids, c.ID)
			}
		}
	}
	return ids
}

// baselineView is the drift and effective items of an adoption, computed for every adoption of
// its list at once.
func (r *Resolver) baselineView(ctx context.Context, id pulid.ID) (*baselines.View, error) {
	return batch(ctx, "BaselineAdoption.view", id, adoptionIDs, func(ids []pulid.ID) (map[pulid.ID]*baselines.View, error) {
		return r.Modules.Baselines.Views(ctx, ids)
	})
}

// adoptionIDs reads the IDs of a list of baseline adoptions (a connection's edges or nodes) for
// batch.
func adoptionIDs(list any) []pulid.ID {
	var ids []pulid.ID
	switch l := list.(type) {
	case []*ent.BaselineAdoptionEdge:
		for _, e := range l {
			if e != nil && e.Node != nil {
				ids = append(ids, e.Node.ID)
			}
		}
	case []*ent.BaselineAdoption:
		for _, a := range l {
			if a != nil {
				ids = append(ids, a.ID)
			}
		}
	}
	return ids
}
