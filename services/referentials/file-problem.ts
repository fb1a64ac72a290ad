// A reason the whole file is refused before any of its rows is read: nothing is stored, nothing
// activated. Each says what is wrong and what to do, in French, for the report and the API.

export type FileProblemCode =
  | 'fichier-vide'
  | 'fichier-trop-gros'
  | 'encodage'
  | 'fichier-binaire'
  | 'classeur-illisible'
  | 'separateur'
  | 'colonnes-manquantes'
  | 'colonnes-inconnues'
  | 'guillemet-non-ferme'
  | 'referentiel-inconnu'
  | 'proprietaire-inconnu';

export interface FileProblem {
  code: FileProblemCode;
  message: string;
  action: string;
}

export const fileProblem = (code: FileProblemCode, message: string, action: string): FileProblem => ({
  code,
  message,
  action,
});
