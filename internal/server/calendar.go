package server

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"secretariat/internal/apperr"
	"secretariat/internal/auth"
	"secretariat/internal/calendar"
	"secretariat/internal/date"
	"secretariat/internal/viewer"
)

// calendarPrefix is where the calendar feeds are served: /calendar/{token}.ics.
const calendarPrefix = "/calendar/"

// The window a calendar feed shows: from a month back to eleven months ahead (366 days, the
// calendar's bound), or, when that holds more entries than a calendar takes, a week back to three
// months ahead.
var feedWindows = [][2]int{{-30, 335}, {-7, 90}}

// calendarFeed serves GET /calendar/{token}.ics: the calendar of the member whose feed the token
// is (members.Service.CreateCalendarFeed), as iCalendar, for a calendar application that
// subscribes without signing in. The member is read as a bearer token's is, on every request, and
// the entries through its own client in one read-only operation, so the feed shows exactly what
// the member's calendar shows; a token of no feed, revoked, or of a member whose access ended is
// 404 like any unknown address. The request log leaves the token out (loggedPath).
func calendarFeed(d Deps, authService *auth.Service, cal *calendar.Service) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
		if !ok || token == "" || len(token) > 128 {
			http.NotFound(w, r)
			return
		}
		v, err := authService.FeedViewer(r.Context(), token)
		switch {
		case apperr.KindOf(err) == apperr.KindNotFound:
			http.NotFound(w, r)
			return
		case err != nil:
			fileFailure(w, r, d.Log, "calendar feed", err)
			return
		}
		ctx, op, err := d.DB.BeginOperation(viewer.NewContext(r.Context(), v), true)
		if err != nil {
			fileFailure(w, r, d.Log, "begin operation", err)
			return
		}
		defer func() { _ = op.Rollback() }()
		today := date.Today(time.Now())
		var entries []*calendar.Entry
		for _, window := range feedWindows {
			entries, err = cal.Entries(ctx, calendar.Input{From: today.AddDays(window[0]), To: today.AddDays(window[1])})
			if apperr.KindOf(err) != apperr.KindInvalid {
				break
			}
		}
		if err != nil {
			fileFailure(w, r, d.Log, "calendar feed", errors.Join(errors.New("the feed's calendar"), err))
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/calendar; charset=utf-8")
		h.Set("Content-Disposition", `inline; filename="secretariat.ics"`)
		h.Set("Cache-Control", "private, max-age=300")
		h.Set("X-Content-Type-Options", "nosniff")
		if err := calendar.WriteICS(w, "Secretariat", entries, time.Now()); err != nil {
			d.Log.InfoContext(r.Context(), "calendar feed not written", "error", err)
		}
	})
}
