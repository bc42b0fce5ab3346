package auditlog

// WithoutTrail switches the trail off for a context, for the benchmark that measures its cost.
var WithoutTrail = withoutTrail
