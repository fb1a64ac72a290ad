import { graphql } from './api.ts';

export interface Me {
  id: string;
  displayName: string;
  email: string;
  roles: string[];
  organisation: { id: string; name: string; kind: string };
}

export async function loadMe(session: string | undefined): Promise<Me | null> {
  if (!session) return null;
  const { data } = await graphql<{ me: Me | null }>(
    session,
    `query { me { id displayName email roles organisation { id name kind } } }`,
  );
  return data.me;
}
