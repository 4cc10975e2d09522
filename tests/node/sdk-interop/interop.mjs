// Points the official @clerk/backend SDK at a running clerkctl emulator (CLERK_API_URL,
// CLERK_SECRET_KEY) and checks users, sessions, default and template tokens, and verifyToken
// both ways (JWKS fetched with the secret key, and the networkless jwtKey PEM).
import { createClerkClient, verifyToken } from '@clerk/backend';
import { createPublicKey } from 'node:crypto';

const apiUrl = process.env.CLERK_API_URL;
const secretKey = process.env.CLERK_SECRET_KEY;
const fail = (msg) => {
  console.error(`FAIL: ${msg}`);
  process.exit(1);
};
const check = (cond, msg) => {
  if (!cond) fail(msg);
};

const clerk = createClerkClient({ secretKey, apiUrl });
const user = await clerk.users.createUser({
  emailAddress: ['sdk@example.com'],
  firstName: 'Sdk',
  publicMetadata: { role: 'admin' },
});
check(user.id.startsWith('user_'), `user id ${user.id}`);
check(user.emailAddresses[0].emailAddress === 'sdk@example.com', 'email round-trips');
check(user.publicMetadata.role === 'admin', 'metadata round-trips');

const fetched = await clerk.users.getUser(user.id);
check(fetched.id === user.id, 'getUser');
const list = await clerk.users.getUserList({ emailAddress: ['sdk@example.com'] });
check(list.data.length === 1 && list.data[0].id === user.id, `getUserList ${JSON.stringify(list)}`);
const merged = await clerk.users.updateUserMetadata(user.id, { publicMetadata: { plan: 'pro' } });
check(merged.publicMetadata.role === 'admin' && merged.publicMetadata.plan === 'pro', 'metadata merge');

const session = await clerk.sessions.createSession({ userId: user.id });
check(session.id.startsWith('sess_') && session.status === 'active', 'createSession');
const sessions = await clerk.sessions.getSessionList({ userId: user.id });
check(sessions.data.length === 1 && sessions.totalCount === 1, `getSessionList ${JSON.stringify(sessions)}`);

const template = await clerk.jwtTemplates.create({
  name: 'interop',
  claims: { role: '{{user.public_metadata.role}}', aud: 'interop' },
  lifetime: 120,
});
check(template.name === 'interop' && template.lifetime === 120, 'jwtTemplates.create');
const templates = await clerk.jwtTemplates.list();
check(templates.data.length === 1, `jwtTemplates.list ${JSON.stringify(templates)}`);

const token = await clerk.sessions.getToken(session.id);
const jwt = typeof token === 'string' ? token : token.jwt;
const viaJwks = await verifyToken(jwt, { secretKey, apiUrl });
check(viaJwks.sub === user.id && viaJwks.sid === session.id, 'verifyToken via JWKS');

const jwks = await (await fetch(`${apiUrl}/v1/jwks`, { headers: { Authorization: `Bearer ${secretKey}` } })).json();
const pem = createPublicKey({ key: jwks.keys[0], format: 'jwk' }).export({ type: 'spki', format: 'pem' });
const viaPem = await verifyToken(jwt, { jwtKey: pem.toString() });
check(viaPem.sid === session.id, 'verifyToken via jwtKey');

const templated = await clerk.sessions.getToken(session.id, 'interop');
const tjwt = typeof templated === 'string' ? templated : templated.jwt;
const tclaims = await verifyToken(tjwt, { secretKey, apiUrl, audience: 'interop' });
check(tclaims.sub === user.id, 'template token verifies via JWKS');
const tpem = await verifyToken(tjwt, { jwtKey: pem.toString() });
check(tpem.aud === 'interop', 'template token verifies via jwtKey');
check(tclaims.role === 'admin', `template claim rendered: ${JSON.stringify(tclaims)}`);

const revoked = await clerk.sessions.revokeSession(session.id);
check(revoked.status === 'revoked', 'revokeSession');
await clerk.users.deleteUser(user.id);
console.log('OK sdk-interop');
