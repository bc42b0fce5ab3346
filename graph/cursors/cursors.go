// Package cursors is how a connection's cursor carries the ordering it was made for. graph binds
// the ordering into every cursor it answers and refuses a cursor made for another ordering
// (graph.CheckPage); before a page is read from a cursor, the ordering is taken off again, by
// graph for a connection its resolver pages and by ent's field collection for one it loads with
// its parent (a company's sites under a list of companies).
package cursors

// Bind is a cursor's order value bound to the ordering it was made for.
func Bind(ordering string, value any) any { return []any{ordering, value} }

// Split takes a bound value apart into its ordering and its order value. A value that is not
// bound is returned whole, with no ordering.
func Split(value any) (ordering string, v any) {
	pair, ok := value.([]any)
	if !ok || len(pair) != 2 {
		return "", value
	}
	ordering, ok = pair[0].(string)
	if !ok {
		return "", value
	}
	return ordering, pair[1]
}
