import type { Handle } from '@sveltejs/kit';

const SESSION_COOKIE = 'siamo_session';

export const handle: Handle = async ({ event, resolve }) => {
  event.locals.session = event.cookies.get(SESSION_COOKIE);
  const response = await resolve(event);
  // Pages show personal data: never cached by a shared proxy, never framed by another site.
  response.headers.set('cache-control', 'private, no-store');
  response.headers.set('x-frame-options', 'DENY');
  response.headers.set('referrer-policy', 'same-origin');
  return response;
};
