import { error } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';

// The portal reads and acts only through Siamo's GraphQL API, with the user's own session: the
// API is the one place where roles and organisations are checked.

export const SESSION_COOKIE = 'siamo_session';

interface GraphqlResponse<T> {
  data?: T;
  errors?: { message: string }[];
}

export async function graphql<T>(
  session: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data: T; response: Response }> {
  const response = await post(session, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { data: await unwrap<T>(response), response };
}

/** A GraphQL multipart request (one file), for document uploads. */
export async function graphqlUpload<T>(
  session: string | undefined,
  query: string,
  variables: Record<string, unknown>,
  file: File,
): Promise<T> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query, variables: { ...variables, file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', file, file.name);
  // Yoga refuses multipart requests without this header: a browser form elsewhere cannot set it.
  const response = await post(session, { headers: { 'graphql-require-preflight': '1' }, body: form });
  // The API turns a file away before reading it (too large): its reason belongs on the form.
  if (response.status === 413) {
    const body = (await response.json().catch(() => ({}))) as GraphqlResponse<T>;
    throw new UploadRefused(body.errors?.[0]?.message ?? 'Le fichier est trop volumineux.');
  }
  return unwrap<T>(response);
}

/** A file the API refused before reading it, with its French reason. */
export class UploadRefused extends Error {}

async function post(session: string | undefined, init: { headers: Record<string, string>; body: BodyInit }) {
  const base = env.SIAMO_API_URL;
  if (!base) error(500, 'Le portail ne connaît pas l’adresse de l’API (SIAMO_API_URL).');
  try {
    return await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { ...init.headers, ...(session ? { cookie: `${SESSION_COOKIE}=${encodeURIComponent(session)}` } : {}) },
      body: init.body,
    });
  } catch {
    error(503, 'Le service Siamo ne répond pas pour le moment. Réessayez dans un instant.');
  }
}

async function unwrap<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as GraphqlResponse<T>;
  if (body.errors?.length || !body.data) {
    console.error('Erreur de l’API', response.status, body.errors);
    error(502, 'Le service Siamo a rencontré une erreur. L’incident est journalisé ; réessayez plus tard.');
  }
  return body.data;
}

/** The `__typename` of a result union, and its fields. */
export type Result<T extends string, F = object> = { __typename: T } & F;

export interface ApiError {
  __typename: string;
  code: string;
  message: string;
  fields?: { field: string; message: string }[];
}

// Nested in the interface so it is valid in any result union, whether or not it can be invalid input.
export const ERROR_FIELDS = `... on Error { code message ... on InvalidInputError { fields { field message } } }`;

/** Field errors by field name, from an InvalidInputError. */
export const fieldErrors = (e: ApiError): Record<string, string> =>
  Object.fromEntries((e.fields ?? []).map((f) => [f.field, f.message]));
