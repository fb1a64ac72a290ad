declare global {
  namespace App {
    interface Locals {
      /** The session secret the request carried, forwarded to the API. */
      session: string | undefined;
    }
  }
}

export {};
