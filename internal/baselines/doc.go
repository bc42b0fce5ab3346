// Package baselines keeps the master baselines of multi-site firms (and of consultancies for
// their clients): the head office publishes a baseline — SoA decisions per control, master
// documents (copies of approved versions) and the risk method — in immutable versions, and each
// site or company adopts a version and adds only its own items on top (its overlay).
//
// Its rules:
//   - Each baseline item carries its inheritance rule. LOCKED: used as published. EXTEND: the
//     adopter may add to it and tighten it (include an excluded control, supplement a master
//     document, lower the risk acceptance threshold), never loosen or replace it. OVERRIDABLE:
//     the adopter may also replace it, with a reason; the replacement is PENDING until the head
//     office (OWNER, ADMIN, CONSULTANT, someone other than who proposed it) approves it.
//     Anything a rule does not allow is refused naming the item, the baseline version and the
//     rule. What the baseline does not have (a control, a local procedure) is simply added.
//   - An adopter is IN_SYNC (the latest version, no approved override), BEHIND (an older
//     version) or DEVIATING (approved overrides in effect); its drift lists the changes an
//     upgrade brings and its local items.
//   - An upgrade moves the adopter to the latest version in one transaction, keeping its
//     overlay; an addition the new version now holds is inherited instead, and an item the new
//     rules refuse stops the upgrade, named in the error.
//   - A local addition can be promoted into the baseline's next version, under a rule the head
//     office chooses.
//   - Baselines are read by everyone of the organization but an AUDITOR; a company's adoptions
//     and overlays by the people of that company.
package baselines
