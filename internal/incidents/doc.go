// Package incidents keeps a company's one channel for information security incidents (ISO/IEC
// 27001 Annex A 5.24–5.28, 6.8): every member reports, the company's rule routes the report, and
// the secretariat or the risk owner handles it to its closure.
//
// Rules this package owns:
//   - every member of the company reports, MEMBER included (a read-only AUDITOR does not); a
//     MEMBER reads only the incidents it reported, with their timelines (the read rule is in
//     ent/schema/incidents_policy.go);
//   - a report is numbered per company and routed by the company's rule (setIncidentRouting):
//     VIA_SECRETARIAT to the holder of the secretariat's INCIDENT_DESK (its LEADER when the desk
//     is not assigned); TO_RISK_OWNER to the owner of the highest-scored open risk of the affected
//     assets, falling back to the secretariat; the handler gets an URGENT task (source INCIDENT);
//   - an incident moves REPORTED → TRIAGED (severity set, handler confirmed or changed) →
//     CONTAINED → RESOLVED → CLOSED, skipping steps forward but never back; a REPORTED or TRIAGED
//     report is REJECTED as not an incident with a reason; closing completes the handler's task,
//     rejecting cancels the incident's open tasks;
//   - the timeline is appended to, never changed: the report, the triage, each step, comments
//     and actions (by the reporter on its own report, by editors on any), links and reports filed;
//   - an incident is linked to the assets it affected, the risks it raised or updated (never
//     unlinked), the Annex A controls it concerns, and the findings raised from it (package
//     audits, raiseFinding with incidentID);
//   - with personal data involved, each duty of package reportingduty becomes a deadline from the
//     day of discovery (Japan's calendar) with a task of the handler: the preliminary report in 5
//     days, the final one in 30, or 60 for a wrongful act; a deadline not filed by its day is
//     overdue; filing records the day (between the discovery and today) and completes the task;
//   - statistics total the incidents discovered in a period for the companies named, or for
//     every company the viewer reaches, by category, severity, state, company, site and month,
//     with the mean hours to triage and to closure.
package incidents
