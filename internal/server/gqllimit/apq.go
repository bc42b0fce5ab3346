package gqllimit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// PersistedQueries serves automatic persisted queries (Apollo's protocol, as gqlgen's
// extension.AutomaticPersistedQuery) but stores a document only once it has parsed, validated
// and passed every limit, and only when it is at most MaxBytes long. gqlgen's own extension
// stores whatever string comes with a matching hash before parsing it: an anonymous client could
// fill the shared cache (and, with Redis under an eviction policy, push other keys out) with
// megabytes of garbage kept for a day.
//
// Admit, when set, is asked before each store: a document it refuses runs all the same and is
// only not stored (the client sends it in full next time). It bounds how many documents are
// stored, which the size limit alone does not.
//
// It is two extensions: Lookup, used before anything that reads the document, and Store, used
// after every extension that may refuse it (limits, complexity, introspection), so that a
// refused document is not stored.
type PersistedQueries struct {
	Cache    graphql.Cache[string]
	MaxBytes int
	Admit    func(ctx context.Context) bool
}

// Lookup returns the extension that fills in a document from its hash, and checks a document
// sent with one.
func (p PersistedQueries) Lookup() graphql.HandlerExtension { return apqLookup{p} }

// Store returns the extension that stores an accepted document.
func (p PersistedQueries) Store() graphql.HandlerExtension { return apqStore{p} }

type (
	apqLookup struct{ PersistedQueries }
	apqStore  struct{ PersistedQueries }
)

var (
	_ graphql.OperationParameterMutator = apqLookup{}
	_ graphql.OperationContextMutator   = apqStore{}
)

// apqStatsKey is the key of gqlgen's APQ statistics (extension.GetApqStats reads it).
const apqStatsKey = "APQ"

// pendingKey marks an operation whose document is stored once it is accepted.
const pendingKey = "APQ.pending"

// ExtensionName implements graphql.HandlerExtension.
func (apqLookup) ExtensionName() string { return "AutomaticPersistedQuery" }

// ExtensionName implements graphql.HandlerExtension.
func (apqStore) ExtensionName() string { return "AutomaticPersistedQueryStore" }

// Validate implements graphql.HandlerExtension.
func (p PersistedQueries) Validate(graphql.ExecutableSchema) error {
	if p.Cache == nil || p.MaxBytes <= 0 {
		return errors.New("persisted queries need a cache and a positive size limit")
	}
	return nil
}

// MutateOperationParameters implements graphql.OperationParameterMutator: a hash alone is
// replaced by its stored document; a document with its hash is checked and marked for storing.
func (p apqLookup) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	ext, ok := raw.Extensions["persistedQuery"].(map[string]any)
	if raw.Extensions["persistedQuery"] == nil {
		return nil
	}
	if !ok {
		return gqlerror.Errorf("invalid APQ extension data")
	}
	hash, _ := ext["sha256Hash"].(string)
	if version, _ := toInt(ext["version"]); version != 1 {
		return gqlerror.Errorf("unsupported APQ version")
	}
	oc := graphql.GetOperationContext(ctx)
	if raw.Query == "" {
		query, found := p.Cache.Get(ctx, hash)
		if !found {
			err := gqlerror.Errorf("PersistedQueryNotFound")
			errcode.Set(err, "PERSISTED_QUERY_NOT_FOUND")
			return err
		}
		raw.Query = query
		oc.Stats.SetExtension(apqStatsKey, &extension.ApqStats{Hash: hash})
		return nil
	}
	sum := sha256.Sum256([]byte(raw.Query))
	if hex.EncodeToString(sum[:]) != hash {
		return gqlerror.Errorf("provided APQ hash does not match query")
	}
	oc.Stats.SetExtension(apqStatsKey, &extension.ApqStats{Hash: hash, SentQuery: true})
	if len(raw.Query) <= p.MaxBytes {
		oc.Stats.SetExtension(pendingKey, hash)
	}
	return nil
}

// MutateOperationContext implements graphql.OperationContextMutator: it runs once the document
// has parsed and validated and the extensions used before this one accepted it.
func (p apqStore) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if hash, ok := oc.Stats.GetExtension(pendingKey).(string); ok && (p.Admit == nil || p.Admit(ctx)) {
		p.Cache.Add(ctx, hash, oc.RawQuery)
	}
	return nil
}
