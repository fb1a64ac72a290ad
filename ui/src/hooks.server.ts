import type { Handle } from '@sveltejs/kit';

const SESSION_COOKIE = 'siamo_session';

export const handle: Handle = async ({ event, resolve }) => {
  event.locals.session = event.cookies.get(SESSION_COOKIE);
  const response = await resolve(event);
  // Pages show personal data: never cached by a shared proxy. Framing, referrer and the other
  // security headers are set for every answer by Siamo's HTTP server (runtime/security-headers.ts),
  // the pages' Content-Security-Policy by SvelteKit (kit.csp in svelte.config.js).
  response.headers.set('cache-control', 'private, no-store');
  return response;
};
