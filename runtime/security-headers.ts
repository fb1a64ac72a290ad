import type { ServerResponse } from 'node:http';

// The headers every answer of Siamo carries, set before any route runs: a route that needs otherwise
// (the portal's pages, a document previewed inside Siamo's own page, GraphiQL) sets its own over them.
// The default policy fits what the API answers — JSON and files — which never run scripts nor load
// anything: nothing is allowed, and no other site may frame it.

export const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Browser features Siamo never uses, so that an injected script cannot ask for them. */
const PERMISSIONS = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()';

export function setSecurityHeaders(response: ServerResponse, options: { https: boolean }): void {
  response.setHeader('content-security-policy', API_POLICY);
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('x-frame-options', 'DENY');
  response.setHeader('referrer-policy', 'same-origin');
  response.setHeader('permissions-policy', PERMISSIONS);
  response.setHeader('cross-origin-opener-policy', 'same-origin');
  // Only where Siamo is served over HTTPS (SECURE_COOKIES): over plain HTTP the header means nothing,
  // and sent by a test server on localhost it would stick in a browser for a year.
  if (options.https) response.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
}
