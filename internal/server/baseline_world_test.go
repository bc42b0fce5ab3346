package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"secretariat/ent/company"
	"secretariat/ent/department"
	"secretariat/ent/document"
	"secretariat/ent/documentversion"
	"secretariat/ent/user"
	"secretariat/internal/auth/token"
	"secretariat/internal/blob"
	"secretariat/internal/config"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/documents"
	"secretariat/internal/kv"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
	"secretariat/internal/seed"
	"secretariat/internal/server"
	"secretariat/internal/tasks"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// hotWorld is a consultancy seeded as `seed --demo` seeds it, served by the real server (real
// access tokens, no test viewers), with its owner signed in through the login mutation: the data
// the hot reads are compared and measured on.
type hotWorld struct {
	db *database.DB
	e  *env
	// tokens verifies access tokens as the server does (the same keys, issuer and audience).
	tokens *token.Issuer
	// token is the owner's access token.
	token string
	// companies are the client companies' IDs in the order of their IDs.
	companies []string
}

// hotSize sizes a hotWorld: the client companies of `seed --demo --companies N`, documents of
// the first client (four in five approved, so that they have a current version), and open tasks
// of the owner spread over the clients.
type hotSize struct {
	companies, documents, tasks int
}

// newMeasuredServer serves db with the real server, configured as in production but for access
// tokens that outlive a long measurement, and returns it with an issuer that verifies its tokens
// as it does. The server logs as in production, one line per request, to a text handler that
// writes nowhere (a test buffer would grow with every request measured).
func newMeasuredServer(t testing.TB, db *database.DB) (*env, *token.Issuer) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := config.Default()
	cfg.AccessTokenTTL = time.Hour // long measurements outlive the default 15 minutes
	require.NoError(t, cfg.Validate())
	signingKey, err := token.LoadOrGenerate(t.TempDir())
	require.NoError(t, err)
	keys := token.NewKeySet(signingKey)
	srv, err := server.New(server.Deps{Config: cfg, DB: db, KV: kv.NewMemory(), Log: log, Keys: keys})
	require.NoError(t, err)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	e := &env{t: t, db: db, url: ts.URL, viewers: map[string]*viewer.Viewer{}, logs: &testdb.LogBuffer{}, keys: keys, signingKey: signingKey, srv: srv}
	return e, token.NewIssuer(keys, cfg.TokenIssuer, cfg.TokenAudience, cfg.AccessTokenTTL)
}

// signIn signs in through the login mutation and returns the access token.
func signIn(t testing.TB, e *env, email, password string) string {
	t.Helper()
	res := e.post("", login, map[string]any{"input": map[string]any{"email": email, "password": password}})
	require.Empty(t, res.Errors)
	return field(res.Data, "login", "accessToken").(string)
}

// newHotWorld seeds db and serves it.
func newHotWorld(t testing.TB, db *database.DB, size hotSize) *hotWorld {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e, tokens := newMeasuredServer(t, db)
	w := &hotWorld{db: db, e: e, tokens: tokens}

	dataDir := t.TempDir()
	res, err := seed.Demo(ctx, db.Client, log, seed.Options{Companies: size.companies, DataDir: dataDir})
	require.NoError(t, err)
	org := res.Organization.ID
	sys := viewer.System(ctx, log, "hot reads fixture")
	// The demo leaves departments without a head; the portfolio shows heads, so the general
	// affairs department of every site gets the owner as its head.
	require.NoError(t, db.Client.Department.Update().Where(department.OrganizationID(org), department.Name("総務部")).SetHeadID(res.Owner.ID).Exec(sys))
	ids, err := db.Client.Company.Query().Where(company.OrganizationID(org)).Order(company.ByID()).IDs(sys)
	require.NoError(t, err)
	for _, id := range ids {
		w.companies = append(w.companies, string(id))
	}

	// The first client's documents, written by its secretariat lead (the demo's second user) and
	// approved by the owner, as the API requires (no one approves their own version).
	lead, err := db.Client.User.Query().Where(user.EmailHasPrefix("secretariat-" + strings.ToLower(string(org)))).Only(sys)
	require.NoError(t, err)
	as := func(u pulid.ID, role viewer.Role, companies ...pulid.ID) context.Context {
		return viewer.NewContext(ctx, &viewer.Viewer{UserID: u, OrganizationID: org, Role: role, CompanyIDs: companies, Locale: locale.Japanese})
	}
	first := ids[0]
	ownerCtx, leadCtx := as(res.Owner.ID, viewer.RoleOwner), as(lead.ID, viewer.RoleSecretariat, first)
	docs := documents.NewService(db.Client, blob.NewLocal(filepath.Join(dataDir, "blobs")), log)
	body, summary := "# 手順\n\n1. 目的\n2. 適用範囲\n", "初版"
	for i := range size.documents {
		owner := lead.ID
		if i%2 == 1 {
			owner = res.Owner.ID
		}
		doc, err := docs.CreateDocument(leadCtx, documents.CreateDocumentInput{
			CompanyID: first, Title: fmt.Sprintf("運用手順 %03d", i+1), Kind: document.KindPROCEDURE,
			OwnerID: &owner, Body: &body, ChangeSummary: &summary,
		})
		require.NoError(t, err)
		if i%5 == 4 {
			continue // a draft: no current version yet
		}
		v, err := db.Client.DocumentVersion.Query().Where(documentversion.DocumentID(doc.ID)).Only(sys)
		require.NoError(t, err)
		_, err = docs.Submit(leadCtx, documents.StepInput{ID: v.ID})
		require.NoError(t, err)
		_, err = docs.Approve(ownerCtx, documents.StepInput{ID: v.ID})
		require.NoError(t, err)
	}

	taskService := tasks.NewService(db.Client, log)
	owner := res.Owner.ID
	for i := range size.tasks {
		_, err := taskService.CreateTask(ownerCtx, tasks.CreateTaskInput{
			CompanyID: ids[i%len(ids)], Title: fmt.Sprintf("アクセス権の棚卸し %03d", i+1),
			DueDate: date.New(2027, time.Month(1+i%12), 1+i%28), AssigneeID: &owner,
		})
		require.NoError(t, err)
	}

	w.token = signIn(t, e, res.Owner.Email, res.OwnerPassword)
	return w
}
