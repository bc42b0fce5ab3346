// Runs the graphql-http GraphQL-over-HTTP audit against the server URL given
// as the only argument (the full endpoint, e.g. http://127.0.0.1:1234/graphql).
// Prints one JSON line {"id","name","status","reason"} per audit and exits 1
// if any audit is not "ok". Driven by TestAudit_GraphQLOverHTTP.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql-url>');
  process.exit(2);
}

const results = await auditServer({ url });
let failed = false;
for (const { id, name, status, reason } of results) {
  console.log(JSON.stringify({ id, name, status, reason: reason ?? '' }));
  if (status !== 'ok') failed = true;
}
process.exit(failed ? 1 : 0);
