import { type Cookies, fail, redirect } from '@sveltejs/kit';
import { ERROR_FIELDS, graphql, SESSION_COOKIE } from '$lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

// Signing in, in as many steps as the API asks for: the password; then the code of the authenticator
// app, or the enrolment in two-factor sign-in (the secret shown once, confirmed by a first code); then a
// new password if the old one expired. Each step's challenge travels in a hidden field of the next form,
// never in the address.

type StepResult = {
  __typename: string;
  message?: string;
  expiresAt?: string;
  challenge?: string;
  fields?: { field: string; message: string }[];
};

const STEP_FIELDS = `__typename
  ... on SignInPayload { expiresAt }
  ... on TwoFactorRequiredError { challenge }
  ... on TwoFactorEnrolmentRequiredError { challenge }
  ... on PasswordChangeRequiredError { challenge }
  ${ERROR_FIELDS}`;

/** Only a path of this site: a link may not send someone elsewhere after signing in. */
const safeNext = (value: string | null): string => (value && /^\/(?!\/)/.test(value) ? value : '/');

export const load: PageServerLoad = async ({ parent, url }) => {
  const { me } = await parent();
  if (me) redirect(303, safeNext(url.searchParams.get('suite')));
  return {};
};

/** What the next form needs, or the session once every step is passed. */
async function next(result: StepResult, response: Response, cookies: Cookies, url: URL, email = '') {
  switch (result.__typename) {
    case 'SignInPayload': {
      // The API set the session cookie on its own response; the browser talks to the portal, so the
      // portal sets the same cookie with the same attributes.
      const setCookie = response.headers.get('set-cookie') ?? '';
      const token = decodeURIComponent(new RegExp(`${SESSION_COOKIE}=([^;]*)`).exec(setCookie)?.[1] ?? '');
      cookies.set(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: /;\s*Secure/i.test(setCookie),
        expires: new Date(result.expiresAt as string),
      });
      redirect(303, safeNext(url.searchParams.get('suite')));
      break;
    }
    case 'TwoFactorRequiredError':
      return { step: 'code' as const, challenge: result.challenge, message: result.message };
    case 'PasswordChangeRequiredError':
      return { step: 'mot_de_passe' as const, challenge: result.challenge, message: result.message };
    case 'TwoFactorEnrolmentRequiredError': {
      const { data } = await graphql<{
        startTotpEnrolment: {
          __typename: string;
          message?: string;
          otpauthUri?: string;
          manualKey?: string;
          enrolment?: string;
        };
      }>(
        undefined,
        `mutation ($c: String) { startTotpEnrolment(challenge: $c) {
          __typename ... on TotpEnrolment { otpauthUri manualKey enrolment } ${ERROR_FIELDS} } }`,
        { c: result.challenge },
      );
      const enrolment = data.startTotpEnrolment;
      if (enrolment.__typename !== 'TotpEnrolment') return fail(400, { email, message: enrolment.message });
      return {
        step: 'inscription' as const,
        intro: result.message,
        enrolment: enrolment.enrolment,
        otpauthUri: enrolment.otpauthUri,
        manualKey: enrolment.manualKey,
      };
    }
    default:
      return fail(result.__typename === 'AccountLockedError' ? 429 : 400, {
        email,
        message: result.fields?.[0]?.message ?? result.message,
      });
  }
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '');

export const actions: Actions = {
  identifiants: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const email = text(form, 'email').trim();
    const password = text(form, 'password');
    if (!email || !password) {
      return fail(400, { email, message: 'Indiquez votre adresse électronique et votre mot de passe.' });
    }
    const { data, response } = await graphql<{ signIn: StepResult }>(
      undefined,
      `mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { ${STEP_FIELDS} } }`,
      { email, password },
    );
    return next(data.signIn, response, cookies, url, email);
  },

  code: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const challenge = text(form, 'challenge');
    const { data, response } = await graphql<{ signInWithCode: StepResult }>(
      undefined,
      `mutation ($c: String!, $k: String!) { signInWithCode(challenge: $c, code: $k) { ${STEP_FIELDS} } }`,
      { c: challenge, k: text(form, 'code').trim() },
    );
    const result = data.signInWithCode;
    // A mistyped code: the same step again, with the reason.
    if (result.__typename === 'InvalidCodeError' || result.__typename === 'InvalidInputError') {
      return fail(400, { step: 'code' as const, challenge, message: result.message });
    }
    return next(result, response, cookies, url);
  },

  inscription: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const enrolment = text(form, 'enrolment');
    const { data, response } = await graphql<{ confirmTotpEnrolment: StepResult }>(
      undefined,
      `mutation ($e: String!, $k: String!) { confirmTotpEnrolment(enrolment: $e, code: $k) { ${STEP_FIELDS} } }`,
      { e: enrolment, k: text(form, 'code').trim() },
    );
    const result = data.confirmTotpEnrolment;
    if (result.__typename === 'InvalidCodeError' || result.__typename === 'InvalidInputError') {
      return fail(400, {
        step: 'inscription' as const,
        enrolment,
        otpauthUri: text(form, 'otpauthUri'),
        manualKey: text(form, 'manualKey'),
        message: result.message,
      });
    }
    return next(result, response, cookies, url);
  },

  nouveau: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const challenge = text(form, 'challenge');
    const newPassword = text(form, 'newPassword');
    if (newPassword !== text(form, 'confirmation')) {
      return fail(400, {
        step: 'mot_de_passe' as const,
        challenge,
        message: 'Les deux saisies du nouveau mot de passe diffèrent : saisissez-le deux fois à l’identique.',
      });
    }
    const { data, response } = await graphql<{ changePassword: StepResult }>(
      undefined,
      `mutation ($c: String, $n: String!) { changePassword(challenge: $c, newPassword: $n) { ${STEP_FIELDS} } }`,
      { c: challenge, n: newPassword },
    );
    const result = data.changePassword;
    if (result.__typename === 'InvalidInputError') {
      return fail(400, {
        step: 'mot_de_passe' as const,
        challenge,
        message: result.fields?.[0]?.message ?? result.message,
      });
    }
    return next(result, response, cookies, url);
  },
};
