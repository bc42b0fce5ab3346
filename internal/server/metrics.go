package server

import (
	"context"
	"database/sql"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the Prometheus series the server exports at /metrics.
type metrics struct {
	requests    *prometheus.CounterVec
	httpLatency *prometheus.HistogramVec
	opLatency   *prometheus.HistogramVec
	errors      *prometheus.CounterVec
	kvDegraded  *prometheus.CounterVec

	// Operation names come from clients: only so many distinct ones become label values.
	namesMu sync.Mutex
	names   map[string]struct{}
}

const maxOperationNames = 200

func newMetrics(reg prometheus.Registerer, db *sql.DB) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "secretariat_http_requests_total",
			Help: "HTTP requests by route, method and status code.",
		}, []string{"route", "method", "code"}),
		httpLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "secretariat_http_request_duration_seconds",
			Help:    "HTTP request latency by route.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
		opLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "secretariat_graphql_operation_duration_seconds",
			Help:    "GraphQL operation latency by operation type and name.",
			Buckets: prometheus.DefBuckets,
		}, []string{"type", "operation"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "secretariat_graphql_errors_total",
			Help: "GraphQL errors by extensions.code.",
		}, []string{"code"}),
		kvDegraded: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "secretariat_kv_degraded_total",
			Help: "Rate-limit and cache operations served in process because Redis failed or was left alone after a failure, by operation.",
		}, []string{"op"}),
		names: map[string]struct{}{},
	}
	reg.MustRegister(m.requests, m.httpLatency, m.opLatency, m.errors, m.kvDegraded,
		collectors.NewDBStatsCollector(db, "secretariat"),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observeHTTP(route, method string, status int, elapsed time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.httpLatency.WithLabelValues(route).Observe(elapsed.Seconds())
}

func (m *metrics) countError(code string) { m.errors.WithLabelValues(code).Inc() }

var operationName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// label returns the operation name as a label value, bounded in shape and number.
func (m *metrics) label(name string) string {
	if name == "" {
		return "anonymous"
	}
	if !operationName.MatchString(name) {
		return "other"
	}
	m.namesMu.Lock()
	defer m.namesMu.Unlock()
	if _, ok := m.names[name]; !ok {
		if len(m.names) >= maxOperationNames {
			return "other"
		}
		m.names[name] = struct{}{}
	}
	return name
}

// operationMetrics is a gqlgen extension timing each operation.
type operationMetrics struct{ m *metrics }

var (
	_ graphql.HandlerExtension    = operationMetrics{}
	_ graphql.ResponseInterceptor = operationMetrics{}
)

func (operationMetrics) ExtensionName() string                   { return "OperationMetrics" }
func (operationMetrics) Validate(graphql.ExecutableSchema) error { return nil }

func (o operationMetrics) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	oc := graphql.GetOperationContext(ctx)
	opType, opName := "unknown", oc.OperationName
	if oc.Operation != nil {
		opType, opName = string(oc.Operation.Operation), oc.Operation.Name
	}
	start := time.Now()
	resp := next(ctx)
	o.m.opLatency.WithLabelValues(opType, o.m.label(opName)).Observe(time.Since(start).Seconds())
	return resp
}
