// Package reportingduty holds, as data, the reporting duties that laws set for incidents: which
// reports are due to which authority, and in how many days from the discovery. Japan's Act on the
// Protection of Personal Information (個人情報保護法) is the one regime today; another is a new
// entry of Regimes, and nothing else changes.
package reportingduty

import "secretariat/internal/date"

// Kind is which report a duty asks for: PRELIMINARY (速報) or FINAL (確報).
type Kind string

// The reports a duty asks for.
const (
	Preliminary Kind = "PRELIMINARY"
	Final       Kind = "FINAL"
)

// Duty is one report a regime requires, due Days after the day the incident was discovered, or
// WrongfulDays when it comes from a wrongful act (an attack, a theft) and WrongfulDays is set.
type Duty struct {
	Kind         Kind
	Days         int
	WrongfulDays int
	// Title is the task's title, in Japanese, as secretariats name the report.
	Title string
}

// Regime is a law or rule that sets reporting duties for incidents that involve personal data.
type Regime struct {
	Code   string
	Name   string
	Duties []Duty
}

// APPI is Japan's Act on the Protection of Personal Information: a leak (or possible leak) of
// personal data that must be reported is reported to the Personal Information Protection
// Commission promptly (速報, about three to five days from the discovery: five here) and finally
// within 30 days (確報), 60 days when it comes from a wrongful act (Enforcement Rules art. 8).
var APPI = Regime{
	Code: "JP_APPI",
	Name: "個人情報保護法（個人情報保護委員会への報告）",
	Duties: []Duty{
		{Kind: Preliminary, Days: 5, Title: "個人情報保護委員会への速報"},
		{Kind: Final, Days: 30, WrongfulDays: 60, Title: "個人情報保護委員会への確報"},
	},
}

// Regimes are the regimes that apply to an incident involving personal data.
var Regimes = []Regime{APPI}

// Due is the last day of the duty for an incident discovered on the day given.
func (d Duty) Due(discovered date.Date, wrongful bool) date.Date {
	if wrongful && d.WrongfulDays > 0 {
		return discovered.AddDays(d.WrongfulDays)
	}
	return discovered.AddDays(d.Days)
}
