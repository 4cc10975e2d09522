// Runs @clerk/backend's verifyToken on each case read from stdin and prints, per case, the
// reason code of the first failure (or null when valid) as one JSON line.
import { verifyToken } from '@clerk/backend';

const input = JSON.parse(await new Promise(resolve => {
  let text = '';
  process.stdin.on('data', chunk => (text += chunk));
  process.stdin.on('end', () => resolve(text));
}));

for (const c of input.cases) {
  let reason = null;
  try {
    const result = await verifyToken(c.token, {
      jwtKey: input.jwtKey,
      authorizedParties: c.authorizedParties,
      audience: c.audience,
    });
    if (result && result.errors && result.errors.length > 0) {
      reason = result.errors[0].reason ?? String(result.errors[0]);
    }
  } catch (e) {
    reason = e.reason ?? `exception: ${e.message}`;
  }
  console.log(JSON.stringify({ name: c.name, reason }));
}
