import type { MessageContent, MessageData } from '../../mail/templates/layout.ts';

// A new version of a national referential is in force: IPMs and providers compute with it from its
// first day. The subject names the referential and the version, never a person.

export interface VersionNews {
  referentialTitle: string;
  number: number;
  /** AAAA-MM-JJ. */
  from: string;
  ajouts: number;
  retraits: number;
  modifications: number;
}

const frenchDay = (day: string) => day.split('-').reverse().join('/');
const count = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

export function versionEnVigueur(news: VersionNews) {
  return (data: MessageData): MessageContent => ({
    subject: `Référentiel « ${news.referentialTitle} » : version n°${news.number} en vigueur le ${frenchDay(news.from)}`,
    paragraphs: [
      `La version n°${news.number} du référentiel « ${news.referentialTitle} » est en vigueur depuis le ` +
        `${frenchDay(news.from)} ; elle remplace la précédente, archivée.`,
      `Changements : ${count(news.ajouts, 'code ajouté', 'codes ajoutés')}, ` +
        `${count(news.retraits, 'code retiré', 'codes retirés')}, ` +
        `${count(news.modifications, 'code modifié', 'codes modifiés')}.`,
    ],
    todo: [
      'Consulter la nouvelle version et son rapport dans le portail, et mettre à jour vos propres tables si besoin.',
    ],
    summary: `Référentiel « ${news.referentialTitle} » : version n°${news.number} en vigueur (${data.facts.businessKey}).`,
  });
}

/** The registered template (`referentiel_en_vigueur`), when only the case is known. */
export function referentielEnVigueur(data: MessageData): MessageContent {
  return {
    subject: `Dossier ${data.facts.businessKey} : nouvelle version de référentiel en vigueur`,
    paragraphs: ['Une nouvelle version d’un référentiel national est en vigueur ; la précédente est archivée.'],
    todo: ['Consulter la nouvelle version et son rapport dans le portail.'],
    summary: `Nouvelle version de référentiel en vigueur (${data.facts.businessKey}).`,
  };
}
