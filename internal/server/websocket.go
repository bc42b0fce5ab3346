package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"secretariat/internal/apperr"
	"secretariat/internal/auth"
	"secretariat/internal/live"
	"secretariat/internal/requestid"
	"secretariat/internal/viewer"
)

// Close codes of graphql-transport-ws for a socket whose credential stopped being good: 4401
// when the access token expired or was revoked (logout), 4403 when the membership ended or the
// account was disabled.
const (
	closeUnauthorized = 4401
	closeForbidden    = 4403
)

var errTokenExpired = apperr.Unauthenticated("invalid or expired access token", "アクセストークンが無効か、有効期限が切れています")

// sockets keeps the credential of each WebSocket connection and checks it again for every
// operation, as HTTP does for every request, so that a socket never outlives its session: the
// viewer is resolved afresh (membership, role, company access, denylist, expiry) before each
// operation runs, a timer closes the socket when the access token expires, and a check every
// interval closes it within that bound after a logout or a removal even when it sends nothing.
type sockets struct {
	authenticate func(*http.Request) (*viewer.Viewer, error)
	interval     time.Duration
	log          *slog.Logger
	present      graphql.ErrorPresenterFunc
	now          func() time.Time
}

// socket is one WebSocket connection's credential and the means to close it.
type socket struct {
	s *sockets
	// upgrade is the upgrade request: its headers carry the credential (or the connection_init
	// payload supplied one); each check runs it again under the operation's context.
	upgrade *http.Request

	mu        sync.Mutex
	conn      transport.WebsocketConn
	closed    bool
	expiresAt time.Time
	expiry    *time.Timer
	// subscriptions counts the subscriptions running on the socket.
	subscriptions int
}

type socketKey struct{}

func socketFrom(ctx context.Context) *socket {
	s, _ := ctx.Value(socketKey{}).(*socket)
	return s
}

// track gives each upgrade request its socket record; the record dies with the connection.
func (ss *sockets) track(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") == "" {
			next.ServeHTTP(w, r)
			return
		}
		sock := &socket{s: ss}
		r = r.WithContext(context.WithValue(r.Context(), socketKey{}, sock))
		sock.upgrade = r.Clone(r.Context())
		defer sock.stop()
		next.ServeHTTP(w, r)
	})
}

// implementation wraps the WebSocket implementation so that each accepted connection is known to
// its socket record, which can then close it with a code of its own.
type implementation struct {
	transport.WebsocketImplementation
}

func (i implementation) Accept(w http.ResponseWriter, r *http.Request, opts transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	conn, err := i.WebsocketImplementation.Accept(w, r, opts)
	if err == nil {
		if sock := socketFrom(r.Context()); sock != nil {
			sock.mu.Lock()
			sock.conn = conn
			sock.mu.Unlock()
		}
	}
	return conn, err
}

// init runs at connection_init. A browser cannot set headers on a WebSocket, so a socket opened
// without an Authorization header may carry one in the init payload (the usual
// {"Authorization": "Bearer …"}); the header wins when both are given. The credential is checked
// here, and the expiry timer and the periodic check start.
func (ss *sockets) init(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	sock := socketFrom(ctx)
	if sock == nil {
		return ctx, nil, nil
	}
	if sock.upgrade.Header.Get("Authorization") == "" && payload.Authorization() != "" {
		sock.upgrade.Header.Set("Authorization", payload.Authorization())
	}
	v, err := sock.check(ctx)
	if err != nil {
		code, reason := closeFor(err)
		ctx = transport.WithWebsocketCloseCode(transport.AppendCloseReason(ctx, reason), code)
		return ctx, nil, err
	}
	if v != nil {
		ctx = viewer.NewContext(ctx, v)
		go sock.watch(ctx)
	}
	return ctx, nil, nil
}

// check resolves the socket's viewer now: nil for an anonymous socket, an UNAUTHENTICATED error
// for a credential that is no longer good.
func (sock *socket) check(ctx context.Context) (*viewer.Viewer, error) {
	if sock.upgrade.Header.Get("Authorization") == "" {
		return nil, nil
	}
	sock.mu.Lock()
	expiresAt := sock.expiresAt
	sock.mu.Unlock()
	if !expiresAt.IsZero() && !sock.s.now().Before(expiresAt) {
		return nil, errTokenExpired
	}
	v, err := sock.s.authenticate(sock.upgrade.WithContext(ctx))
	if err != nil {
		return nil, err
	}
	if v != nil && v.Credential != nil {
		sock.expireAt(v.Credential.ExpiresAt)
	}
	return v, nil
}

// expireAt arms the timer that closes the socket when its access token expires.
func (sock *socket) expireAt(t time.Time) {
	sock.mu.Lock()
	defer sock.mu.Unlock()
	if sock.closed || t.Equal(sock.expiresAt) {
		return
	}
	sock.expiresAt = t
	if sock.expiry != nil {
		sock.expiry.Stop()
	}
	sock.expiry = time.AfterFunc(t.Sub(sock.s.now()), func() {
		sock.close(closeUnauthorized, "access token expired")
	})
}

// watch checks the credential every interval until the connection ends, so that a revoked
// session or a removed member loses an idle socket too.
func (sock *socket) watch(ctx context.Context) {
	tick := time.NewTicker(sock.s.interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if _, err := sock.check(ctx); err != nil {
				if apperr.KindOf(err) != apperr.KindUnauthenticated {
					sock.s.log.WarnContext(ctx, "websocket credential check", "error", err)
					continue
				}
				sock.close(closeFor(err))
				return
			}
		}
	}
}

// closeFor is the close code and reason of a credential that failed its check.
func closeFor(err error) (int, string) {
	if errors.Is(err, auth.ErrAccessEnded) {
		return closeForbidden, "membership ended"
	}
	return closeUnauthorized, "access token expired or revoked"
}

// close ends the connection with the code and reason; gqlgen's read loop then ends it.
func (sock *socket) close(code int, reason string) {
	sock.mu.Lock()
	defer sock.mu.Unlock()
	if sock.closed {
		return
	}
	sock.closed = true
	if sock.expiry != nil {
		sock.expiry.Stop()
	}
	if sock.conn != nil {
		_ = sock.conn.WriteClose(code, reason)
		_ = sock.conn.Close()
	}
}

// stop releases the timer when the connection has ended.
func (sock *socket) stop() {
	sock.mu.Lock()
	defer sock.mu.Unlock()
	sock.closed = true
	if sock.expiry != nil {
		sock.expiry.Stop()
	}
}

// operation resolves the viewer of each operation that arrives on a WebSocket. A credential
// that is no longer good gets the operation's error, then the socket is closed with 4401 or 4403.
func (ss *sockets) operation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	sock := socketFrom(ctx)
	if sock == nil {
		return next(ctx)
	}
	v, err := sock.check(ctx)
	if err != nil {
		resp := &graphql.Response{Errors: presentAll(ctx, ss.present, err)}
		if apperr.KindOf(err) != apperr.KindUnauthenticated {
			ss.log.ErrorContext(ctx, "websocket credential check", "request_id", requestid.From(ctx), "error", err)
			return graphql.OneShot(resp)
		}
		sent := false
		// The transport sends the first response, then asks for the next: the socket is
		// closed only once the client has been told why.
		return func(context.Context) *graphql.Response {
			if !sent {
				sent = true
				return resp
			}
			sock.close(closeFor(err))
			return nil
		}
	}
	if v != nil {
		ctx = viewer.NewContext(ctx, v)
	}
	return next(ctx)
}

// subscriptions counts the subscriptions running on each socket and for each user of an
// organization on this replica, and gives each its live.Stream: the viewer is resolved again
// for every event through the socket's check, and a credential that is no longer good closes
// the socket with 4401 or 4403, as the periodic check does.
type subscriptions struct {
	perSocket, perUser int

	mu     sync.Mutex
	byUser map[string]int
}

func (ss *sockets) subscriptions(s *subscriptions) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		oc := graphql.GetOperationContext(ctx)
		sock := socketFrom(ctx)
		v := viewer.FromContext(ctx)
		if oc == nil || oc.Operation == nil || oc.Operation.Operation != ast.Subscription || sock == nil || v == nil {
			return next(ctx)
		}
		release, err := s.acquire(sock, v)
		if err != nil {
			return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{ss.present(ctx, err)}})
		}
		stream := live.NewStream(func(ctx context.Context) (*viewer.Viewer, error) {
			v, err := sock.check(ctx)
			if err != nil && apperr.KindOf(err) == apperr.KindUnauthenticated {
				sock.close(closeFor(err))
			}
			if err == nil && v == nil {
				err = errTokenExpired
			}
			return v, err
		})
		respond := next(live.NewContext(ctx, stream))
		var once sync.Once
		end := func(resp *graphql.Response) *graphql.Response {
			if resp == nil {
				once.Do(release)
			}
			return resp
		}
		if !stream.Live() {
			// Refused before it started (an unknown company): its one answer, then the end.
			return func(ctx context.Context) *graphql.Response { return end(respond(ctx)) }
		}
		return func(ctx context.Context) *graphql.Response {
			// Each event's fields are resolved as its viewer, in its transaction; when the
			// stream has ended, the executor reports the end.
			eventCtx, done, _ := stream.Next(ctx)
			defer done()
			return end(respond(eventCtx))
		}
	}
}

// acquire counts one more subscription of the socket and the viewer's user, or refuses it when
// either is at its bound.
func (s *subscriptions) acquire(sock *socket, v *viewer.Viewer) (release func(), err error) {
	user := string(v.OrganizationID) + "/" + string(v.UserID)
	s.mu.Lock()
	defer s.mu.Unlock()
	sock.mu.Lock()
	defer sock.mu.Unlock()
	if sock.subscriptions >= s.perSocket {
		return nil, &apperr.Error{Kind: apperr.KindRateLimited, Text: apperr.Text{
			EN: fmt.Sprintf("at most %d subscriptions may run at once on one connection", s.perSocket),
			JA: fmt.Sprintf("1つの接続で同時に実行できる購読は %d 件までです", s.perSocket),
		}}
	}
	if s.byUser[user] >= s.perUser {
		return nil, &apperr.Error{Kind: apperr.KindRateLimited, Text: apperr.Text{
			EN: fmt.Sprintf("at most %d subscriptions may run at once for one user", s.perUser),
			JA: fmt.Sprintf("1人の利用者が同時に実行できる購読は %d 件までです", s.perUser),
		}}
	}
	sock.subscriptions++
	s.byUser[user]++
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		sock.mu.Lock()
		defer sock.mu.Unlock()
		sock.subscriptions--
		if s.byUser[user]--; s.byUser[user] <= 0 {
			delete(s.byUser, user)
		}
	}, nil
}
