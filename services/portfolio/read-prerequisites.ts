// Reads the plan's prerequisites column: items separated by `|`, each either a reference to another
// project (« Projet 3 », « Projet 29 (déploiement des logiciels métier au niveau des IPMs) ») or an
// external condition in words (« Recrutement du RSI de l'ICAMO »).

export type WrittenPrerequisite =
  | { kind: 'reference'; project: number; note: string | null; text: string }
  | { kind: 'condition'; text: string; mentionsProject: boolean };

// Only the plan's own form counts as a reference: « Projet N », optionally followed by a note in
// brackets. Anything looser (« projets 12 et 13 », « voir projet 4 ») could mean several things.
const REFERENCE = /^projet[\s\u00a0]+(\d+)(?:[\s\u00a0]*\((.*)\))?$/i;
const MENTION = /\bprojets?[\s\u00a0]+(?:n[°o][\s\u00a0]*)?\d+/i;

export function readPrerequisites(column: string): WrittenPrerequisite[] {
  return column
    .split('|')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((text): WrittenPrerequisite => {
      const reference = REFERENCE.exec(text);
      if (reference) {
        const note = reference[2]?.trim() || null;
        return { kind: 'reference', project: Number(reference[1]), note, text };
      }
      return { kind: 'condition', text, mentionsProject: MENTION.test(text) };
    });
}
