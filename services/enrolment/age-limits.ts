import { type DayKey, dayKey, dayNumber, frenchDay } from '../../processes/calendar.ts';
import { formatCardNumber } from '../../processes/enrolment/card-number.ts';
import type { RightsSettings } from '../../processes/enrolment/rights.ts';
import { messageIdFor } from '../mail/settings.ts';
import type { SqlClient } from './sql.ts';

// The children's age limit, run once a day (workflows/age-limit-workflow.ts, on a Temporal Schedule):
// set-based statements that find in SQL the children whose rights end — by the same rule as
// `childRightsEnd` (processes/enrolment/rights.ts), written here as SQL — and
// 1. write the day their rights ended, with the settings applied, for every child at or past it;
// 2. record the family's notice, N days (`joursAvisLimiteAge`) before the day, to the participant's
//    e-mail when known, else to the employer's people (role `employeur` of the employer's
//    organisation), a chunk at a time: one AgeLimitNotice per child and day, its mails keyed so that
//    a run repeated or resumed writes none twice (delivery is the mail outbox's, exactly once).
// Nothing here is per child: a day with a thousand children is a few statements.

export interface AgeLimitSettings extends RightsSettings {
  joursAvisLimiteAge: number;
}

export const NOTICE_CHUNK = 1_000;
const END_CHUNK = 5_000;

/** The first day a child is no longer covered, in SQL over `d` (params: $1 the age limit, $2 the students'). */
const END_DAY = `(CASE
  WHEN d."studentCertificateUntil" IS NULL OR d."studentCertificateUntil" < (d."birthDate" + make_interval(years => $1::int))::date
    THEN (d."birthDate" + make_interval(years => $1::int))::date
  ELSE LEAST(d."studentCertificateUntil" + 1, (d."birthDate" + make_interval(years => $2::int))::date)
END)`;

const appliedSettings = (s: RightsSettings): RightsSettings => ({
  ageLimiteEnfant: s.ageLimiteEnfant,
  ageLimiteEnfantEtudiant: s.ageLimiteEnfantEtudiant,
});

/** Writes the end day of every child at or past its age limit on `day` whose end is not written yet; how many. */
export async function endRightsAtAgeLimit(db: SqlClient, day: DayKey, settings: RightsSettings): Promise<number> {
  dayNumber(day);
  let ended = 0;
  for (;;) {
    const { rows } = await db.query<{ id: string }>(
      `WITH due AS (
         SELECT d."id", ${END_DAY} AS "end" FROM "Dependant" d
          WHERE d."kind" = 'enfant' AND d."rightsEndedOn" IS NULL AND ${END_DAY} <= $3::date
          ORDER BY d."id" LIMIT $4 FOR UPDATE SKIP LOCKED)
       UPDATE "Dependant" t SET "rightsEndedOn" = due."end", "rightsEndSettings" = $5::jsonb
         FROM due WHERE t."id" = due."id"
       RETURNING t."id"`,
      [
        settings.ageLimiteEnfant,
        settings.ageLimiteEnfantEtudiant,
        day,
        END_CHUNK,
        JSON.stringify(appliedSettings(settings)),
      ],
    );
    ended += rows.length;
    if (rows.length < END_CHUNK) return ended;
  }
}

interface NoticeCandidate {
  id: string;
  cardNumber: string;
  endDay: string;
  email: string | null;
  employerEmails: string[] | null;
}

export interface NoticeChunk {
  noticed: number;
  /** The mails recorded for these notices, still to send (ids as text: they travel in a payload). */
  mailIds: string[];
  /** Whether more notices may be due this day (the chunk was full). */
  more: boolean;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The family's notice: no name, the card number only (subjects and logs never carry personal data). */
export function ageLimitMessage(
  candidate: { cardNumber: string; endDay: string },
  settings: RightsSettings,
): { subject: string; text: string; html: string } {
  const end = frenchDay(candidate.endDay);
  const lastCovered = frenchDay(dayKey(dayNumber(candidate.endDay) - 1));
  const subject = `Fin des droits d’un enfant ayant droit le ${end} (limite d’âge)`;
  const paragraphs = [
    'Madame, Monsieur,',
    `L’enfant ayant droit dont la carte d’assuré porte le numéro ${formatCardNumber(candidate.cardNumber)} atteint la limite d’âge de ${settings.ageLimiteEnfant} ans : il est couvert jusqu’au ${lastCovered} inclus, et n’a plus de droits à partir du ${end}.`,
    `S’il poursuit des études, remettez à votre IPM un certificat de scolarité en cours avant cette date : ses droits sont alors prolongés jusqu’à la fin du certificat, au plus jusqu’à ${settings.ageLimiteEnfantEtudiant} ans.`,
    'Ce message est envoyé automatiquement par Siamo.',
  ];
  return {
    subject,
    text: paragraphs.join('\n\n'),
    html: paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
  };
}

/**
 * Records the notices due on `day` — children whose end falls within the next `joursAvisLimiteAge`
 * days, affiliated that day, not told yet for that end — at most `limit` of them, with their mails.
 * Run in one transaction: a notice and its mails are written together or not at all.
 */
export async function recordAgeLimitNotices(
  db: SqlClient,
  day: DayKey,
  settings: AgeLimitSettings,
  mail: { from: string },
  limit = NOTICE_CHUNK,
): Promise<NoticeChunk> {
  dayNumber(day);
  const { rows } = await db.query<NoticeCandidate>(
    `SELECT d."id", d."cardNumber", to_char(${END_DAY}, 'YYYY-MM-DD') AS "endDay", p."email",
            (SELECT array_agg(u."email" ORDER BY u."email") FROM "User" u
              WHERE u."organisationId" = p."employerId" AND u."active" AND 'employeur' = ANY(u."roles")) AS "employerEmails"
       FROM "Dependant" d JOIN "Participant" p ON p."id" = d."participantId"
      WHERE d."kind" = 'enfant' AND d."rightsEndedOn" IS NULL
        AND ${END_DAY} > $3::date AND ${END_DAY} <= $3::date + $4::int
        AND NOT EXISTS (SELECT 1 FROM "AgeLimitNotice" n WHERE n."dependantId" = d."id" AND n."endDay" = ${END_DAY})
        AND EXISTS (SELECT 1 FROM "Affiliation" a WHERE a."participantId" = p."id"
                     AND a."validFrom" <= $3::date AND (a."validTo" IS NULL OR a."validTo" > $3::date))
      ORDER BY d."id" LIMIT $5
      FOR UPDATE OF d SKIP LOCKED`,
    [settings.ageLimiteEnfant, settings.ageLimiteEnfantEtudiant, day, settings.joursAvisLimiteAge, limit],
  );
  if (rows.length === 0) return { noticed: 0, mailIds: [], more: false };

  const mails: { key: string; to: string; subject: string; text: string; html: string }[] = [];
  const notices = rows.map((row) => {
    const addresses = row.email ? [row.email] : (row.employerEmails ?? []);
    const recipient = row.email ? 'participant' : addresses.length > 0 ? 'employeur' : 'aucun';
    const message = ageLimitMessage(row, settings);
    const keys = addresses.map((to) => {
      const key = `limite-age:${row.id}:${row.endDay}:${to.toLowerCase()}`;
      mails.push({ key, to, ...message });
      return key;
    });
    return { id: row.id, endDay: row.endDay, recipient, keys };
  });
  if (mails.length > 0)
    await db.query(
      `INSERT INTO "MailMessage" ("key", "messageId", "toAddress", "subject", "text", "html")
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       ON CONFLICT ("key") DO NOTHING`,
      [
        mails.map((m) => m.key),
        mails.map((m) => messageIdFor(m.key, mail.from)),
        mails.map((m) => m.to),
        mails.map((m) => m.subject),
        mails.map((m) => m.text),
        mails.map((m) => m.html),
      ],
    );
  await db.query(
    `INSERT INTO "AgeLimitNotice" ("dependantId", "endDay", "noticeDay", "recipient", "mailKeys", "settings")
     SELECT x.id, x.fin, $5::date, x.destinataire, ARRAY(SELECT jsonb_array_elements_text(x.cles)), $6::jsonb
       FROM unnest($1::text[], $2::date[], $3::text[], $4::jsonb[]) AS x(id, fin, destinataire, cles)
     ON CONFLICT DO NOTHING`,
    [
      notices.map((n) => n.id),
      notices.map((n) => n.endDay),
      notices.map((n) => n.recipient),
      notices.map((n) => JSON.stringify(n.keys)),
      day,
      JSON.stringify({ ...appliedSettings(settings), joursAvisLimiteAge: settings.joursAvisLimiteAge }),
    ],
  );
  const { rows: ids } = await db.query<{ id: string }>(
    `SELECT "id"::text AS "id" FROM "MailMessage" WHERE "key" = ANY($1::text[]) AND "status" = 'a_envoyer' ORDER BY "id"`,
    [mails.map((m) => m.key)],
  );
  return { noticed: notices.length, mailIds: ids.map((r) => r.id), more: rows.length === limit };
}
