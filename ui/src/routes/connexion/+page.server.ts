import { fail, redirect } from '@sveltejs/kit';
import { ERROR_FIELDS, graphql, SESSION_COOKIE } from '$lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

type SignInResult =
  | { __typename: 'SignInPayload'; expiresAt: string }
  | { __typename: string; message: string; retryAfterSeconds?: number };

/** Only a path of this site: a link may not send someone elsewhere after signing in. */
const safeNext = (value: string | null): string => (value && /^\/(?!\/)/.test(value) ? value : '/');

export const load: PageServerLoad = async ({ parent, url }) => {
  const { me } = await parent();
  if (me) redirect(303, safeNext(url.searchParams.get('suite')));
  return {};
};

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!email || !password) {
      return fail(400, { email, message: 'Indiquez votre adresse électronique et votre mot de passe.' });
    }
    const { data, response } = await graphql<{ signIn: SignInResult }>(
      undefined,
      `mutation ($email: String!, $password: String!) {
        signIn(email: $email, password: $password) {
          __typename
          ... on SignInPayload { expiresAt }
          ... on AccountLockedError { retryAfterSeconds }
          ${ERROR_FIELDS}
        }
      }`,
      { email, password },
    );
    const result = data.signIn;
    if (result.__typename !== 'SignInPayload' || !('expiresAt' in result)) {
      return fail(result.__typename === 'AccountLockedError' ? 429 : 400, {
        email,
        message: (result as { message: string }).message,
      });
    }
    // The API set the session cookie on its own response; the browser talks to the portal, so the
    // portal sets the same cookie with the same attributes.
    const setCookie = response.headers.get('set-cookie') ?? '';
    const token = decodeURIComponent(new RegExp(`${SESSION_COOKIE}=([^;]*)`).exec(setCookie)?.[1] ?? '');
    cookies.set(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: /;\s*Secure/i.test(setCookie),
      expires: new Date(result.expiresAt),
    });
    redirect(303, safeNext(url.searchParams.get('suite')));
  },
};
