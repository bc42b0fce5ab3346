package server_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"secretariat/internal/auth/token"
)

// The baseline of the hot reads (issue 15): a hand-written net/http handler over database/sql
// that does the work the GraphQL server does for the three reads of hotReads, and nothing more.
// It verifies the bearer token with the same verifier, then in one read-only transaction looks the
// viewer up with the same statement in the system scope and runs the read's statements — the very
// SQL text ent sends, written out here by hand — with the viewer's row-level security settings,
// and writes the same JSON. On SQLite, where the server opens no transaction for a read, neither
// does the baseline.
//
// It serves only viewers of the whole organization (OWNER, ADMIN): for the other roles the data
// layer adds company filters that the baseline does not write. TestBaseline_AnswersAsGraphQL
// checks that it sends the same statements and writes the same bytes as the server.

// handRead names one of the hot reads.
type handRead int

const (
	readPortfolio handRead = iota
	readDocuments
	readMyTasks
)

// handReads are the reads in the order of hotReads.
var handReads = []handRead{readPortfolio, readDocuments, readMyTasks}

// baseline is the hand-written handler.
type baseline struct {
	db       *sql.DB
	postgres bool
	tokens   *token.Issuer
	log      *slog.Logger
	// record, when set, is told every statement sent (the equality test on SQLite, where no
	// driver tracer sees database/sql).
	record func(query string, args []any)
}

func newBaseline(w *hotWorld, log *slog.Logger) *baseline {
	pool := w.db.SQL
	if r := w.db.ReadPool(); r != nil {
		pool = r // SQLite: the server reads on its read-only connections, so does the baseline
	}
	return &baseline{db: pool, postgres: w.db.Dialect == "postgres", tokens: w.tokens, log: log}
}

// handViewer is who asks: what the row-level security settings and the filters need.
type handViewer struct {
	user, org, role string
	companies       []string
}

// ServeHTTP answers POST /portfolio, POST /documents (variables.c names the company) and POST
// /my-tasks, each with the body a GraphQL client would send.
func (b *baseline) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	status := b.serve(w, r)
	b.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
		slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.Int("status", status), slog.Duration("duration", time.Since(start)))
}

func (b *baseline) serve(w http.ResponseWriter, r *http.Request) int {
	var read handRead
	switch r.URL.Path {
	case "/portfolio":
		read = readPortfolio
	case "/documents":
		read = readDocuments
	case "/my-tasks":
		read = readMyTasks
	default:
		http.NotFound(w, r)
		return http.StatusNotFound
	}
	var req struct {
		Variables struct {
			C string `json:"c"`
		} `json:"variables"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return http.StatusBadRequest
	}
	raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		http.Error(w, "unauthenticated", http.StatusUnauthorized)
		return http.StatusUnauthorized
	}
	claims, err := b.tokens.Verify(raw)
	if err != nil || claims.Session == "" {
		http.Error(w, "unauthenticated", http.StatusUnauthorized)
		return http.StatusUnauthorized
	}
	body, err := b.answer(r.Context(), read, claims, req.Variables.C)
	if err != nil {
		b.log.ErrorContext(r.Context(), "baseline", "error", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/graphql-response+json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
	return http.StatusOK
}

// answer runs the read for the token's claims and returns the JSON the server would write.
func (b *baseline) answer(ctx context.Context, read handRead, claims *token.Claims, companyID string) ([]byte, error) {
	data, err := b.load(ctx, read, claims, companyID)
	if err != nil {
		return nil, err
	}
	return json.Marshal(data)
}

// load is the database's part of a request: one transaction with the viewer's look-up and the
// read, their rows scanned into the answer's values. Run alone, without HTTP and JSON, it is the
// floor the benchmark calls "raw statements".
func (b *baseline) load(ctx context.Context, read handRead, claims *token.Claims, companyID string) (any, error) {
	var data any
	err := b.within(ctx, func(q querier) error {
		// The member's own rows, in the scope of the token's organization and user.
		member := [4]string{"", string(claims.Org), claims.Subject, "*"}
		if err := q.scope(ctx, member); err != nil {
			return err
		}
		v, err := b.viewer(ctx, q, claims)
		if err != nil {
			return err
		}
		if v.role != "OWNER" && v.role != "ADMIN" {
			return fmt.Errorf("the baseline serves viewers of the whole organization, not %s", v.role)
		}
		// A viewer of the whole organization reads in the same scope: no second setting.
		if read := [4]string{"", v.org, v.user, "*"}; read != member {
			if err := q.scope(ctx, read); err != nil {
				return err
			}
		}
		switch read {
		case readPortfolio:
			data, err = b.portfolio(ctx, q, v)
		case readDocuments:
			data, err = b.documents(ctx, q, v, companyID)
		case readMyTasks:
			data, err = b.myTasks(ctx, q, v)
		}
		return err
	})
	return data, err
}

// querier is the pool (SQLite) or the transaction (PostgreSQL) a request's statements go to.
type querier struct {
	q interface {
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	}
	b *baseline
}

func (q querier) query(ctx context.Context, pgText string, args ...any) (*sql.Rows, error) {
	text := pgText
	if !q.b.postgres {
		text = sqliteText(pgText)
	}
	if q.b.record != nil {
		q.b.record(text, args)
	}
	return q.q.QueryContext(ctx, text, args...)
}

// sqliteText is a statement written for PostgreSQL as ent writes it for SQLite: identifiers in
// backquotes, ? for $n.
func sqliteText(pg string) string {
	var s strings.Builder
	s.Grow(len(pg))
	for i := 0; i < len(pg); i++ {
		switch c := pg[i]; {
		case c == '"':
			s.WriteByte('`')
		case c == '$' && i+1 < len(pg) && pg[i+1] >= '0' && pg[i+1] <= '9':
			s.WriteByte('?')
			for i+1 < len(pg) && pg[i+1] >= '0' && pg[i+1] <= '9' {
				i++
			}
		default:
			s.WriteByte(c)
		}
	}
	return s.String()
}

// setScope is the statement that gives a PostgreSQL transaction its row-level security settings:
// app.system, app.organization_id, app.user_id and app.company_ids.
const setScope = `SELECT set_config('app.system', $1, true), set_config('app.organization_id', $2, true), ` +
	`set_config('app.user_id', $3, true), set_config('app.company_ids', $4, true)`

// within runs fn in a read-only transaction on one snapshot, committed at the end; on SQLite it
// runs fn on the pool.
func (b *baseline) within(ctx context.Context, fn func(querier) error) error {
	if !b.postgres {
		return fn(querier{q: b.db, b: b})
	}
	tx, err := b.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return err
	}
	if err := fn(querier{q: tx, b: b}); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}

// scope gives the transaction its row-level security settings (PostgreSQL; nothing on SQLite).
func (q querier) scope(ctx context.Context, settings [4]string) error {
	if !q.b.postgres {
		return nil
	}
	rows, err := q.q.QueryContext(ctx, setScope, settings[0], settings[1], settings[2], settings[3])
	if err != nil {
		return err
	}
	return rows.Close()
}

var errNoViewer = errors.New("no membership, a disabled user or an ended session")

// viewer looks up the member the token names, in one statement: the membership (live, not
// removed) with its user (not disabled), organization and company accesses, and whether a refresh
// token of the session is not revoked.
func (b *baseline) viewer(ctx context.Context, q querier, claims *token.Claims) (*handViewer, error) {
	rows, err := q.query(ctx, `SELECT "memberships"."role" AS "role", "u"."locale" AS "user_locale", "u"."disabled_at" AS "disabled_at", "o"."default_locale" AS "org_locale", "a"."company_id" AS "company_id", "a"."expires_at" AS "access_expires_at", (EXISTS (SELECT "rt"."id" FROM "refresh_tokens" AS "rt" WHERE "rt"."family" = $1 AND "rt"."user_id" = $2 AND "rt"."revoked_at" IS NULL)) AS "live" FROM "memberships" JOIN "users" AS "u" ON "memberships"."user_id" = "u"."id" JOIN "organizations" AS "o" ON "memberships"."organization_id" = "o"."id" LEFT JOIN "company_accesses" AS "a" ON "memberships"."id" = "a"."membership_id" WHERE (("memberships"."organization_id" = $3 AND "memberships"."user_id" = $4) AND ("memberships"."expires_at" IS NULL OR "memberships"."expires_at" > $5)) AND "memberships"."removed_at" IS NULL`,
		claims.Session, claims.Subject, string(claims.Org), claims.Subject, time.Now())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	v := &handViewer{org: string(claims.Org), user: claims.Subject}
	n := 0
	for rows.Next() {
		n++
		var userLocale, company sql.NullString
		var disabled, expires sql.NullTime
		var orgLocale string
		var live bool
		if err := rows.Scan(&v.role, &userLocale, &disabled, &orgLocale, &company, &expires, &live); err != nil {
			return nil, err
		}
		if disabled.Valid || !live {
			return nil, errNoViewer
		}
		if company.Valid && (!expires.Valid || expires.Time.After(time.Now())) {
			v.companies = append(v.companies, company.String)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errNoViewer
	}
	return v, nil
}

// The answers, field for field in the order of the queries of hotReads.
type (
	named struct {
		Name string `json:"name"`
	}
	counted struct {
		TotalCount int `json:"totalCount"`
	}
	dataOf[T any] struct {
		Data T `json:"data"`
	}

	portfolioData struct {
		Companies companyConnection `json:"companies"`
	}
	companyConnection struct {
		TotalCount int           `json:"totalCount"`
		Edges      []companyEdge `json:"edges"`
	}
	companyEdge struct {
		Node portfolioCompany `json:"node"`
	}
	portfolioCompany struct {
		ID           string         `json:"id"`
		Name         string         `json:"name"`
		Organization named          `json:"organization"`
		Sites        siteConnection `json:"sites"`
		Departments  counted        `json:"departments"`
	}
	siteConnection struct {
		TotalCount int        `json:"totalCount"`
		Edges      []siteEdge `json:"edges"`
	}
	siteEdge struct {
		Node portfolioSite `json:"node"`
	}
	portfolioSite struct {
		Name        string               `json:"name"`
		Departments departmentConnection `json:"departments"`
	}
	departmentConnection struct {
		Edges []departmentEdge `json:"edges"`
	}
	departmentEdge struct {
		Node portfolioDepartment `json:"node"`
	}
	portfolioDepartment struct {
		Name string `json:"name"`
		Head *named `json:"head"`
	}

	documentsData struct {
		Node *documentsCompany `json:"node"`
	}
	documentsCompany struct {
		Documents documentList `json:"documents"`
	}
	documentList struct {
		TotalCount int            `json:"totalCount"`
		Nodes      []documentNode `json:"nodes"`
	}
	documentNode struct {
		Code           string          `json:"code"`
		Title          string          `json:"title"`
		CurrentVersion *currentVersion `json:"currentVersion"`
		Owner          *named          `json:"owner"`
	}
	currentVersion struct {
		Number    string `json:"number"`
		Status    string `json:"status"`
		UpdatedAt string `json:"updatedAt"`
	}

	myTasksData struct {
		MyTasks taskList `json:"myTasks"`
	}
	taskList struct {
		TotalCount int        `json:"totalCount"`
		Nodes      []taskNode `json:"nodes"`
	}
	taskNode struct {
		Title    string  `json:"title"`
		DueDate  *string `json:"dueDate"`
		Status   string  `json:"status"`
		Company  named   `json:"company"`
		Assignee *named  `json:"assignee"`
	}
)

// pageSize is first: 100 of the queries; a page is read with one more row, which tells whether
// a next page exists.
const pageSize = 100

// placeholders writes "$from, …, $(from+n-1)".
func placeholders(from, n int) string {
	var s strings.Builder
	for i := range n {
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteByte('$')
		s.WriteString(strconv.Itoa(from + i))
	}
	return s.String()
}

// args is ids followed by more, as the arguments of a statement.
func args(ids []string, more ...any) []any {
	out := make([]any, 0, len(ids)+len(more))
	for _, id := range ids {
		out = append(out, id)
	}
	return append(out, more...)
}

// appendNew appends id to ids unless it is there already (ids in order of first appearance,
// as ent lists the keys of the rows an edge is loaded for).
func appendNew(ids []string, seen map[string]bool, id string) []string {
	if seen[id] {
		return ids
	}
	seen[id] = true
	return append(ids, id)
}

// userNames reads the names of the users ids, as the viewer may see them: themselves and the
// members of their organization.
func (b *baseline) userNames(ctx context.Context, q querier, v *handViewer, ids []string) (map[string]string, error) {
	names := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return names, nil
	}
	n := len(ids)
	rows, err := q.query(ctx, `SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" IN (`+placeholders(1, n)+`) AND ("users"."id" = $`+strconv.Itoa(n+1)+
		` OR "users"."id" IN (SELECT "memberships"."user_id" FROM "memberships" WHERE "memberships"."organization_id" = $`+strconv.Itoa(n+2)+`))`,
		args(ids, v.user, v.org)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		names[id] = name
	}
	return names, rows.Close()
}

// count reads one number.
func count(ctx context.Context, q querier, text string, arguments ...any) (int, error) {
	rows, err := q.query(ctx, text, arguments...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
	}
	return n, rows.Close()
}

// countsByCompany reads a GROUP BY company_id count.
func countsByCompany(ctx context.Context, q querier, text string, arguments ...any) (map[string]int, error) {
	rows, err := q.query(ctx, text, arguments...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Close()
}

// portfolio: every client company with its organization, sites, their departments and heads, and
// the number of its departments.
func (b *baseline) portfolio(ctx context.Context, q querier, v *handViewer) (dataOf[portfolioData], error) {
	var out dataOf[portfolioData]
	conn := &out.Data.Companies
	total, err := count(ctx, q, `SELECT COUNT("companies"."id") FROM "companies" WHERE "companies"."archived_at" IS NULL AND "companies"."organization_id" = $1`, v.org)
	if err != nil {
		return out, err
	}
	conn.TotalCount = total

	rows, err := q.query(ctx, `SELECT "companies"."id", "companies"."name", "companies"."organization_id" FROM "companies" WHERE "companies"."archived_at" IS NULL AND "companies"."organization_id" = $1 ORDER BY "companies"."id" LIMIT `+strconv.Itoa(pageSize+1), v.org)
	if err != nil {
		return out, err
	}
	type companyRow struct{ id, name, org string }
	var companies []companyRow
	for rows.Next() {
		var c companyRow
		if err := rows.Scan(&c.id, &c.name, &c.org); err != nil {
			rows.Close()
			return out, err
		}
		companies = append(companies, c)
	}
	if err := rows.Close(); err != nil {
		return out, err
	}
	conn.Edges = []companyEdge{}
	if len(companies) == 0 {
		return out, nil
	}
	// The row past the page only tells that a next page exists: nothing is read for it.
	companies = companies[:min(len(companies), pageSize)]
	companyIDs := make([]string, len(companies))
	var orgIDs []string
	seenOrg := map[string]bool{}
	for i, c := range companies {
		companyIDs[i] = c.id
		orgIDs = appendNew(orgIDs, seenOrg, c.org)
	}

	orgNames := map[string]string{}
	rows, err = q.query(ctx, `SELECT "organizations"."id", "organizations"."name" FROM "organizations" WHERE "organizations"."id" IN (`+placeholders(1, len(orgIDs))+`) AND "organizations"."id" = $`+strconv.Itoa(len(orgIDs)+1),
		args(orgIDs, v.org)...)
	if err != nil {
		return out, err
	}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return out, err
		}
		orgNames[id] = name
	}
	if err := rows.Close(); err != nil {
		return out, err
	}

	rows, err = q.query(ctx, `SELECT "sites"."id", "sites"."name", "sites"."company_id" FROM "sites" WHERE ("sites"."archived_at" IS NULL AND "sites"."company_id" IN (`+placeholders(1, len(companyIDs))+`)) AND "sites"."organization_id" = $`+strconv.Itoa(len(companyIDs)+1)+` ORDER BY "sites"."id"`,
		args(companyIDs, v.org)...)
	if err != nil {
		return out, err
	}
	type siteRow struct{ id, name, company string }
	var sites []siteRow
	for rows.Next() {
		var s siteRow
		if err := rows.Scan(&s.id, &s.name, &s.company); err != nil {
			rows.Close()
			return out, err
		}
		sites = append(sites, s)
	}
	if err := rows.Close(); err != nil {
		return out, err
	}

	type departmentRow struct {
		name, site string
		head       sql.NullString
	}
	var departments []departmentRow
	var headIDs []string
	if len(sites) > 0 {
		siteIDs := make([]string, len(sites))
		for i, s := range sites {
			siteIDs[i] = s.id
		}
		rows, err = q.query(ctx, `SELECT "departments"."id", "departments"."name", "departments"."head_id", "departments"."site_id" FROM "departments" WHERE ("departments"."archived_at" IS NULL AND "departments"."site_id" IN (`+placeholders(1, len(siteIDs))+`)) AND "departments"."organization_id" = $`+strconv.Itoa(len(siteIDs)+1)+` ORDER BY "departments"."id"`,
			args(siteIDs, v.org)...)
		if err != nil {
			return out, err
		}
		seenHead := map[string]bool{}
		for rows.Next() {
			var id string
			var d departmentRow
			if err := rows.Scan(&id, &d.name, &d.head, &d.site); err != nil {
				rows.Close()
				return out, err
			}
			departments = append(departments, d)
			if d.head.Valid {
				headIDs = appendNew(headIDs, seenHead, d.head.String)
			}
		}
		if err := rows.Close(); err != nil {
			return out, err
		}
	}
	heads, err := b.userNames(ctx, q, v, headIDs)
	if err != nil {
		return out, err
	}

	departmentCounts, err := countsByCompany(ctx, q, `SELECT "departments"."company_id", COUNT(*) FROM "departments" WHERE ("departments"."archived_at" IS NULL AND "departments"."company_id" IN (`+placeholders(1, len(companyIDs))+`)) AND "departments"."organization_id" = $`+strconv.Itoa(len(companyIDs)+1)+` GROUP BY "departments"."company_id"`,
		args(companyIDs, v.org)...)
	if err != nil {
		return out, err
	}

	// Assemble the page: departments under their sites, sites under their companies.
	bySite := map[string][]departmentEdge{}
	for _, d := range departments {
		var head *named
		if name, ok := heads[d.head.String]; d.head.Valid && ok {
			head = &named{Name: name}
		}
		bySite[d.site] = append(bySite[d.site], departmentEdge{Node: portfolioDepartment{Name: d.name, Head: head}})
	}
	byCompany := map[string][]siteEdge{}
	for _, s := range sites {
		edges := bySite[s.id]
		if edges == nil {
			edges = []departmentEdge{}
		}
		byCompany[s.company] = append(byCompany[s.company], siteEdge{Node: portfolioSite{Name: s.name, Departments: departmentConnection{Edges: edges}}})
	}
	page := companies[:min(len(companies), pageSize)]
	conn.Edges = make([]companyEdge, len(page))
	for i, c := range page {
		siteEdges := byCompany[c.id]
		if siteEdges == nil {
			siteEdges = []siteEdge{}
		}
		conn.Edges[i] = companyEdge{Node: portfolioCompany{
			ID: c.id, Name: c.name, Organization: named{Name: orgNames[c.org]},
			Sites:       siteConnection{TotalCount: len(siteEdges), Edges: siteEdges},
			Departments: counted{TotalCount: departmentCounts[c.id]},
		}}
	}
	return out, nil
}

// documents: a company's documents with their current version and owner.
func (b *baseline) documents(ctx context.Context, q querier, v *handViewer, companyID string) (dataOf[documentsData], error) {
	var out dataOf[documentsData]
	rows, err := q.query(ctx, `SELECT "companies"."id" FROM "companies" WHERE "companies"."id" = $1 AND "companies"."organization_id" = $2 LIMIT 2`, companyID, v.org)
	if err != nil {
		return out, err
	}
	found := 0
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return out, err
		}
		found++
	}
	if err := rows.Close(); err != nil {
		return out, err
	}
	if found != 1 {
		return out, nil // node: null, as for an ID that does not exist
	}

	rows, err = q.query(ctx, `SELECT "documents"."id", "documents"."code", "documents"."title", "documents"."current_version_id", "documents"."owner_id", "documents"."company_id" FROM "documents" WHERE ("documents"."archived_at" IS NULL AND "documents"."company_id" IN ($1)) AND "documents"."organization_id" = $2 ORDER BY "documents"."id" LIMIT `+strconv.Itoa(pageSize+1),
		companyID, v.org)
	if err != nil {
		return out, err
	}
	type documentRow struct {
		id, code, title, company string
		version, owner           sql.NullString
	}
	var docs []documentRow
	var ownerIDs, versionIDs []string
	seenOwner, seenVersion := map[string]bool{}, map[string]bool{}
	for rows.Next() {
		var d documentRow
		if err := rows.Scan(&d.id, &d.code, &d.title, &d.version, &d.owner, &d.company); err != nil {
			rows.Close()
			return out, err
		}
		docs = append(docs, d)
	}
	if err := rows.Close(); err != nil {
		return out, err
	}
	// The row past the page only tells that a next page exists: nothing is read for it.
	docs = docs[:min(len(docs), pageSize)]
	for _, d := range docs {
		if d.owner.Valid {
			ownerIDs = appendNew(ownerIDs, seenOwner, d.owner.String)
		}
		if d.version.Valid {
			versionIDs = appendNew(versionIDs, seenVersion, d.version.String)
		}
	}

	owners, err := b.userNames(ctx, q, v, ownerIDs)
	if err != nil {
		return out, err
	}

	versions := make(map[string]*currentVersion, len(versionIDs))
	if len(versionIDs) > 0 {
		rows, err = q.query(ctx, `SELECT "document_versions"."id", "document_versions"."major", "document_versions"."minor", "document_versions"."status", "document_versions"."updated_at" FROM "document_versions" WHERE "document_versions"."id" IN (`+placeholders(1, len(versionIDs))+`) AND "document_versions"."organization_id" = $`+strconv.Itoa(len(versionIDs)+1),
			args(versionIDs, v.org)...)
		if err != nil {
			return out, err
		}
		for rows.Next() {
			var id, status string
			var updated time.Time
			var major, minor int
			if err := rows.Scan(&id, &major, &minor, &status, &updated); err != nil {
				rows.Close()
				return out, err
			}
			versions[id] = &currentVersion{Number: strconv.Itoa(major) + "." + strconv.Itoa(minor), Status: status, UpdatedAt: updated.Format(time.RFC3339Nano)}
		}
		if err := rows.Close(); err != nil {
			return out, err
		}
	}

	counts, err := countsByCompany(ctx, q, `SELECT "documents"."company_id", COUNT(*) FROM "documents" WHERE ("documents"."archived_at" IS NULL AND "documents"."company_id" IN ($1)) AND "documents"."organization_id" = $2 GROUP BY "documents"."company_id"`,
		companyID, v.org)
	if err != nil {
		return out, err
	}

	page := docs[:min(len(docs), pageSize)]
	list := documentList{TotalCount: counts[companyID], Nodes: make([]documentNode, len(page))}
	for i, d := range page {
		n := documentNode{Code: d.code, Title: d.title}
		if d.version.Valid {
			n.CurrentVersion = versions[d.version.String]
		}
		if name, ok := owners[d.owner.String]; d.owner.Valid && ok {
			n.Owner = &named{Name: name}
		}
		list.Nodes[i] = n
	}
	out.Data.Node = &documentsCompany{Documents: list}
	return out, nil
}

// myTasks: the viewer's open tasks across the clients, by due date, with company and assignee.
func (b *baseline) myTasks(ctx context.Context, q querier, v *handViewer) (dataOf[myTasksData], error) {
	var out dataOf[myTasksData]
	const where = ` FROM "tasks" WHERE (("tasks"."assignee_id" = $1 AND "tasks"."status" IN ($2, $3, $4)) AND "tasks"."archived_at" IS NULL) AND "tasks"."organization_id" = $5`
	total, err := count(ctx, q, `SELECT COUNT("tasks"."id")`+where, v.user, "TODO", "IN_PROGRESS", "BLOCKED", v.org)
	if err != nil {
		return out, err
	}
	rows, err := q.query(ctx, `SELECT "tasks"."id", "tasks"."title", "tasks"."due_date", "tasks"."status", "tasks"."company_id", "tasks"."assignee_id"`+where+` ORDER BY "tasks"."due_date", "tasks"."id" LIMIT `+strconv.Itoa(pageSize+1),
		v.user, "TODO", "IN_PROGRESS", "BLOCKED", v.org)
	if err != nil {
		return out, err
	}
	type taskRow struct {
		title, status, company string
		due                    *string
		assignee               sql.NullString
	}
	var list []taskRow
	var companyIDs, assigneeIDs []string
	seenCompany, seenAssignee := map[string]bool{}, map[string]bool{}
	for rows.Next() {
		var id string
		var due any
		var t taskRow
		if err := rows.Scan(&id, &t.title, &due, &t.status, &t.company, &t.assignee); err != nil {
			rows.Close()
			return out, err
		}
		t.due, err = dayOf(due)
		if err != nil {
			rows.Close()
			return out, err
		}
		list = append(list, t)
	}
	if err := rows.Close(); err != nil {
		return out, err
	}
	// The row past the page only tells that a next page exists: nothing is read for it.
	list = list[:min(len(list), pageSize)]
	for _, t := range list {
		companyIDs = appendNew(companyIDs, seenCompany, t.company)
		if t.assignee.Valid {
			assigneeIDs = appendNew(assigneeIDs, seenAssignee, t.assignee.String)
		}
	}

	companies := make(map[string]string, len(companyIDs))
	if len(companyIDs) > 0 {
		rows, err = q.query(ctx, `SELECT "companies"."id", "companies"."name" FROM "companies" WHERE "companies"."id" IN (`+placeholders(1, len(companyIDs))+`) AND "companies"."organization_id" = $`+strconv.Itoa(len(companyIDs)+1),
			args(companyIDs, v.org)...)
		if err != nil {
			return out, err
		}
		for rows.Next() {
			var id, name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return out, err
			}
			companies[id] = name
		}
		if err := rows.Close(); err != nil {
			return out, err
		}
	}
	assignees, err := b.userNames(ctx, q, v, assigneeIDs)
	if err != nil {
		return out, err
	}

	page := list[:min(len(list), pageSize)]
	out.Data.MyTasks = taskList{TotalCount: total, Nodes: make([]taskNode, len(page))}
	for i, t := range page {
		n := taskNode{Title: t.title, DueDate: t.due, Status: t.status, Company: named{Name: companies[t.company]}}
		if name, ok := assignees[t.assignee.String]; t.assignee.Valid && ok {
			n.Assignee = &named{Name: name}
		}
		out.Data.MyTasks.Nodes[i] = n
	}
	return out, nil
}

// dayOf is a DATE column as YYYY-MM-DD: PostgreSQL gives a time, SQLite the text it stored
// (possibly a whole timestamp).
func dayOf(v any) (*string, error) {
	var s string
	switch v := v.(type) {
	case nil:
		return nil, nil
	case time.Time:
		s = v.Format(time.DateOnly)
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return nil, fmt.Errorf("due_date: unexpected %T", v)
	}
	if len(s) > len(time.DateOnly) {
		s = s[:len(time.DateOnly)]
	}
	return &s, nil
}
