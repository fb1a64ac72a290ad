import type { CaseFacts } from '../../case-facts.ts';

/** One paragraph of a document's body. */
export type BodyParagraph = string | { text: string; bold?: boolean; center?: boolean; indent?: boolean };

/** What a template says; `render.ts` lays it out on the official letterhead. */
export interface DocumentContent {
  /** Centred title lines under the header (a decision's title). */
  heading?: string[];
  /** « Objet : … » of a letter. */
  object?: string;
  /** Who the letter goes to, one line each. */
  addressee?: string[];
  body: BodyParagraph[];
  signatory: { mention?: string; title: string };
}

export interface DocumentTemplate {
  /** Middle of the official number, issuing service and kind: `DPS/AGR` gives `2026/DPS/AGR/0001`. */
  prefix: string;
  /** Start of the file's name, e.g. `decision-agrement`. */
  fileName: string;
  build(facts: CaseFacts, number: string, related: RelatedFacts): DocumentContent;
}

/** What a document may cite beyond the case itself. */
export interface RelatedFacts {
  /** The official number an effect of the same transition gave (a licence's number, at its grant). */
  issuedNumber: string | null;
}
