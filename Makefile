# Secretariat — the everyday commands. `make help` lists them.
GO        ?= go
AUDIT_DIR := internal/server/gqlhttp/testdata/audit
GRAPHQLWS_DIR := internal/server/testdata/graphqlws
PKGS      := ./...
# The packages whose tests run without the race detector, in the background from the start, four
# tests at a time: packages with no concurrent code of their own (no go statement, channel, sync or
# sync/atomic outside their tests; TestRace_UnracedPackagesHaveNoConcurrencyOfTheirOwn in
# internal/layering keeps it so). internal/tenancy (the isolation suites, the edge-predicate
# suite's hundreds of thousands of generated queries among them) and internal/seed (bulk inserts)
# come first, as they take longest; then the domain modules, whose tests wait on SQL. The detector
# made them three to four times slower (internal/documents: 16.5 s of CPU against 4.4 s) while
# the code they share (ent, the database layer, the server) is raced by the other packages' tests.
# Their tests that start goroutines, which must have Concurrent in their names (the same test
# checks it), run under the detector instead (CONCURRENT_PKGS).
UNRACED := ./internal/tenancy ./internal/seed ./internal/documents ./internal/audits ./internal/excel ./internal/billing ./internal/meetings ./internal/members ./internal/tasks ./internal/auditlog ./internal/templates ./internal/risks ./internal/controls ./internal/training ./internal/companies ./internal/assets ./internal/baselines ./internal/incidents
# The tests of UNRACED that start goroutines, and the packages that have one.
CONCURRENT := ^Test[A-Za-z0-9_]*Concurrent
CONCURRENT_PKGS = $(sort $(patsubst %/,./%,$(dir $(shell grep -l '^func $(CONCURRENT:^%=%)' $(patsubst ./%,%/*_test.go,$(UNRACED)) 2>/dev/null))))
# What tests keep (the GraphiQL screenshot of the browser test).
ARTIFACTS ?= $(or $(TMPDIR),/tmp)/secretariat-test-artifacts
# The packages whose tests take longest: the race run starts them first, so that none of them
# starts last and runs alone at the end (.ci/test-times shows which they are).
SLOW_FIRST := ./internal/database ./ent/schema ./internal/auth/password ./cmd/secretariat ./internal/secretariat ./internal/portfolio
# The packages of the race pass: all but internal/server's and UNRACED, SLOW_FIRST first (go list
# keeps the order of its patterns and names each package once).
RACED = $(filter-out $(shell $(GO) list ./internal/server $(UNRACED)),$(shell $(GO) list $(SLOW_FIRST) $(PKGS)))
# Where `make test` records the time of each package (.ci/gotest-timed), printed at its end.
TEST_TIMES ?= $(or $(TMPDIR),/tmp)/secretariat-test-times.txt
GOTEST = GO=$(GO) bash .ci/gotest-timed $(TEST_TIMES)
# -trimpath keeps file paths out of what the build cache keys on, so that a fresh clone in another
# folder (CI) reuses the packages already compiled. -s -w leaves the debugger's tables (DWARF) out
# of the test binaries: linking each of the two dozen that hold the whole API takes a quarter
# less, and a failure's or a race's stack keeps its files and lines (they come from the Go
# runtime's own tables).
TESTFLAGS = -trimpath -ldflags='-s -w'
# The garbage collector's target for the test binaries: their heaps are small and the collector
# took a tenth of their CPU at the default of 100 (internal/documents: 4.4 s against 4.0 s at 400;
# the edge-predicate suite on SQLite 35 s against 31 s).
TEST_GOGC ?= 400
# The tests of internal/server that run under the race detector (and only there): the ones that
# drive its concurrent parts (WebSocket watchers and timers, graceful shutdown, the operation
# guard's deadline and response bound, rate limiters, the billing worker, sessions).
RACE_SERVER := TestWebSocket|TestSubscription|TestServer|TestHygiene|TestLimits|TestAuth|TestBilling
# The race detector instruments every package of ours and of the libraries we call, but not the
# embedded SQLite engine itself (modernc.org/sqlite/lib: SQLite's C source translated to Go), whose
# instrumented b-tree and bytecode loops made the SQLite half of the suite three to five times
# slower while it could find nothing of ours there. Its C runtime (modernc.org/libc), whose mutexes
# and atomics order what SQLite's callers do, stays instrumented: without it the detector misses
# that order and reports races that are not.
RACE = -race -gcflags='modernc.org/sqlite/lib=-race=false'

.PHONY: help run test generate check-generated check-schema check-relay check-schema-lint graphiql-assets migration check-migrations audit-deps stripe-mock vet bench bench-hot bench-memory bench-tenants bench-portfolio build test-long attack

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

run: ## serve with no configuration (SQLite in ./data, in-process cache, billing off)
	$(GO) run ./cmd/secretariat serve

build: ## build bin/secretariat
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/secretariat ./cmd/secretariat

test: audit-deps stripe-mock ## every test against SQLite, PostgreSQL, Redis, stripe-mock and the in-process fallback, with the race detector on all but the API suites and UNRACED (see below); ends with the time of each package
	@: > $(TEST_TIMES) && date +%s > $(TEST_TIMES).start
	mkdir -p $(ARTIFACTS)
	@echo "in the background, printed whole when it ends: $(UNRACED) without the race detector (see UNRACED), their Concurrent tests left to the race-concurrent pass after the race pass"
	@status=0; export GOTEST_BUFFER=1 GOGC=$(TEST_GOGC); \
	$(GOTEST) unraced $(TESTFLAGS) -count=1 -parallel 4 -timeout 30m -skip '$(CONCURRENT)' $(UNRACED) & unraced=$$!; \
	GOTEST_BUFFER= $(GOTEST) race $(TESTFLAGS) $(RACE) -count=1 -timeout 30m $(RACED) || status=1; \
	echo "the Concurrent tests of UNRACED under the race detector:"; \
	GOTEST_BUFFER= $(GOTEST) race-concurrent $(TESTFLAGS) $(RACE) -count=1 -timeout 30m -run '$(CONCURRENT)' $(CONCURRENT_PKGS) || status=1; \
	echo "in the background, printed whole when it ends: row-level security alone (data-layer filters off, build tag rlsalone)"; \
	$(GOTEST) rlsalone $(TESTFLAGS) -tags rlsalone -count=1 -parallel 4 -timeout 30m -run 'TestIsolation_NoOther|TestIsolation_Randomized|TestRowLevelSecurity|TestLayer1' ./internal/server ./internal/tenancy & rls=$$!; \
	echo "the API suites (internal/server), in parallel, without the race detector (the longest suite):"; \
	GOTEST_BUFFER= $(GOTEST) api $(TESTFLAGS) -count=1 -parallel 4 -timeout 30m -skip '^($(RACE_SERVER))_' -artifacts -outputdir $(ARTIFACTS) ./internal/server || status=1; \
	wait $$unraced || status=1; wait $$rls || status=1; \
	echo "the server's concurrent parts (sockets and their timers, shutdown, the operation guard, rate limits, billing), which the run above skips, under the race detector, alone (its deadlines are in milliseconds):"; \
	GOTEST_BUFFER= $(GOTEST) api-race $(TESTFLAGS) $(RACE) -count=1 -timeout 30m -run '^($(RACE_SERVER))_' ./internal/server || status=1; \
	bash .ci/test-times $(TEST_TIMES); exit $$status

stripe-mock: ## install stripe-mock and start it on loopback (127.0.0.1:12111) unless it answers
	@bash .ci/stripe-mock.sh

audit-deps: $(AUDIT_DIR)/node_modules/.package-lock.json $(GRAPHQLWS_DIR)/node_modules/.package-lock.json ## install the npm test clients: the GraphQL-over-HTTP audit suite and the graphql-ws browser-style client

$(AUDIT_DIR)/node_modules/.package-lock.json: $(AUDIT_DIR)/package-lock.json
	npm ci --prefix $(AUDIT_DIR) --no-audit --no-fund

$(GRAPHQLWS_DIR)/node_modules/.package-lock.json: $(GRAPHQLWS_DIR)/package-lock.json
	npm ci --prefix $(GRAPHQLWS_DIR) --no-audit --no-fund

generate: ## regenerate ent and gqlgen code
	$(GO) generate ./...

check-generated: generate ## fail when committed generated code is stale
	@git diff --exit-code --stat -- ent graph gqlgen.yml || { echo "generated code is stale: run 'make generate' and commit"; exit 1; }
	@test -z "$$(git status --porcelain -- ent graph)" || { git status --porcelain -- ent graph; echo "generation created files that are not committed"; exit 1; }

check-schema: ## fail on a breaking change to graph/schema.graphql since the previous commit that graph/CHANGELOG.md does not announce
	@if git cat-file -e HEAD~1:graph/schema.graphql 2>/dev/null; then \
		prev=$$(mktemp) && git show HEAD~1:graph/schema.graphql > "$$prev" && \
		$(GO) run ./graph/printschema -breaking "$$prev"; status=$$?; rm -f "$$prev"; exit $$status; \
	else echo "the previous commit has no graph/schema.graphql (or there is no previous commit): nothing to compare"; fi

check-relay: ## compile the Relay operations of graph/testdata/relay against graph/schema.graphql (relay-compiler from npm)
	npm ci --prefix graph/testdata/relay --no-audit --no-fund
	cd graph/testdata/relay && npx --no-install relay-compiler

check-schema-lint: ## lint graph/schema.graphql: every type, field, argument and enum value described, GraphQL naming (graphql-schema-linter from npm)
	npm ci --prefix graph/testdata/schemalint --no-audit --no-fund
	cd graph/testdata/schemalint && npx --no-install graphql-schema-linter

GRAPHIQL_VERSION := 3.9.0
REACT_VERSION    := 18.3.1
graphiql-assets: ## fetch the GraphiQL and React builds that internal/graphiql embeds (npm pack, unchanged)
	rm -rf .graphiql-pack && mkdir .graphiql-pack
	cd .graphiql-pack && npm pack --silent graphiql@$(GRAPHIQL_VERSION) react@$(REACT_VERSION) react-dom@$(REACT_VERSION) && \
		for f in *.tgz; do mkdir "$${f%.tgz}" && tar xzf "$$f" -C "$${f%.tgz}"; done
	cp .graphiql-pack/graphiql-$(GRAPHIQL_VERSION)/package/graphiql.min.js .graphiql-pack/graphiql-$(GRAPHIQL_VERSION)/package/graphiql.min.css \
		.graphiql-pack/react-$(REACT_VERSION)/package/umd/react.production.min.js \
		.graphiql-pack/react-dom-$(REACT_VERSION)/package/umd/react-dom.production.min.js internal/graphiql/assets/
	cp .graphiql-pack/graphiql-$(GRAPHIQL_VERSION)/package/LICENSE internal/graphiql/assets/LICENSE.graphiql
	cp .graphiql-pack/react-$(REACT_VERSION)/package/LICENSE internal/graphiql/assets/LICENSE.react
	rm -rf .graphiql-pack

migration: ## write a PostgreSQL migration for the ent schema changes: make migration name=add_x
	@test -n "$(name)" || { echo "usage: make migration name=what_changed"; exit 1; }
	$(GO) run ./internal/database/migdiff -name $(name)

check-migrations: ## fail when the ent schema changed without a migration
	$(GO) run ./internal/database/migdiff -check

attack: build ## start bin/secretariat on loopback and check that costly requests are refused within a second
	$(GO) run ./internal/attack -bin bin/secretariat

vet: ## go vet
	$(GO) vet ./...

test-long: ## the randomized isolation test in its long mode (10,000 attempts per database)
	go test -count=1 -run 'TestIsolation_Randomized' ./internal/tenancy -isolation.attempts=10000 -v

# How long BenchmarkHotReads spends on each read at each concurrency on each database (a third each
# for GraphQL, the hand-written handler and the raw statements); longer gives steadier figures.
HOT_READS_TIME ?= 6s

# How long BenchmarkTenantCount spends on each read at each concurrency on each database (half
# each for the database with few organizations and the one with many).
TENANTS_TIME ?= 10s

bench: bench-hot bench-memory bench-tenants bench-portfolio ## the hot-reads table (bench-hot), the memory at 200 clients (bench-memory), the tenant count's cost (bench-tenants), the portfolio's cache (bench-portfolio), then every other benchmark
	$(GO) test -run '^$$' -bench . -skip '^(BenchmarkHotReads|BenchmarkServeMemory|BenchmarkTenantCount|BenchmarkPortfolio)$$' -benchmem $(PKGS)

bench-portfolio: ## the portfolio of 200 clients: figures read, then cached in process and in Redis, both databases, with the speed-up and hit rate
	$(GO) test -run '^$$' -bench '^BenchmarkPortfolio$$' -benchtime 200x -timeout 30m ./internal/portfolio

bench-memory: ## the server binary's peak resident memory while 200 clients ask the portfolio of 200 companies, both databases
	$(GO) test -run '^$$' -bench '^BenchmarkServeMemory$$' -benchtime 2000x -timeout 30m ./cmd/secretariat

bench-hot: ## the hot reads: GraphQL ÷ a hand-written handler ÷ raw statements, both databases (HOT_READS_TIME=20s: steadier)
	$(GO) test -run '^$$' -bench '^BenchmarkHotReads$$' -timeout 30m ./internal/server -hotreads.time $(HOT_READS_TIME)

bench-tenants: ## the hot reads' p99 and p50 with 10 and with 1,000 organizations in the database, both databases (TENANTS_TIME=30s: steadier)
	$(GO) test -run '^$$' -bench '^BenchmarkTenantCount$$' -timeout 30m ./internal/server -tenants.time $(TENANTS_TIME)
