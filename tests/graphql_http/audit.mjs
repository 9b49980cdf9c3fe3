// The GraphQL-over-HTTP spec's audit (graphql-http's auditServer) against a contactcard server:
//   node audit.mjs <url> <token>
// prints one JSON line per audit that is not "ok", then a summary line {total, errors, warnings}.
import { auditServer } from 'graphql-http';

const [url, token] = process.argv.slice(2);
const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers || {});
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};
const results = await auditServer({ url, fetchFn });
for (const r of results.filter((r) => r.status !== 'ok')) {
  console.log(JSON.stringify({ status: r.status, id: r.id, name: r.name, reason: r.reason }));
}
const count = (status) => results.filter((r) => r.status === status).length;
console.log(JSON.stringify({ total: results.length, errors: count('error'), warnings: count('warn') }));
