// The SDK side of the differential test (tests/integration/verify_diff.rs): runs
// `verifyToken` of @clerk/backend on every token of every group and prints one JSON line per
// token: [group, index, answer]. The answer is null when the token is valid, the reason code of
// the error otherwise, and `no-reason:<Name>` for an error without a reason code (a TypeError).
//
// Usage: node verify.mjs CASES.json > ANSWERS.jsonl
// CASES.json: {"now": <unix ms>, "jwtKey": PEM, "secretKey": sk, "apiUrl": url,
//              "groups": [{"path": "pem"|"jwks", "audience": [...], "authorizedParties": [...],
//                          "tokens": [...]}]}
import { readFileSync } from 'node:fs';
import { verifyToken } from '@clerk/backend';

const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
// One instant for every check, the same one clerkctl gets with `--at`.
Date.now = () => cases.now;

const out = [];
const flush = () => {
  if (out.length > 0) {
    process.stdout.write(out.join('\n') + '\n');
    out.length = 0;
  }
};

for (const [g, group] of cases.groups.entries()) {
  const options = {
    audience: group.audience.length > 0 ? group.audience : undefined,
    authorizedParties: group.authorizedParties,
  };
  if (group.path === 'pem') {
    options.jwtKey = cases.jwtKey;
  } else {
    options.secretKey = cases.secretKey;
    options.apiUrl = cases.apiUrl;
  }
  for (const [i, token] of group.tokens.entries()) {
    let answer = null;
    try {
      // The package's verifyToken throws the first error (the `withLegacyReturn` wrapper).
      await verifyToken(token, options);
    } catch (e) {
      answer = e?.reason ?? `no-reason:${e?.name ?? typeof e}`;
    }
    out.push(JSON.stringify([g, i, answer]));
    if (out.length >= 1000) {
      flush();
    }
  }
}
flush();
