// French formats for the portal: dates in Africa/Dakar time, amounts in FCFA.

const TIME_ZONE = 'Africa/Dakar';

const dateTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const dateOnly = new Intl.DateTimeFormat('fr-FR', {
  timeZone: TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const amount = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

export const formatDateTime = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : '—');

export const formatDate = (iso: string | null | undefined): string => (iso ? dateOnly.format(new Date(iso)) : '—');

/** `1 250 000 FCFA`: French grouping, no decimals (the franc CFA has none). */
export const formatFcfa = (value: number): string => `${amount.format(value)} FCFA`;

/** « dans 3 jours », « en retard de 2 jours », « aujourd’hui » — for due dates. */
export function relativeDue(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const days = Math.round((new Date(iso).getTime() - now) / 86_400_000);
  if (days === 0) return new Date(iso).getTime() < now ? 'échéance dépassée aujourd’hui' : 'échéance aujourd’hui';
  if (days > 0) return `dans ${days} jour${days > 1 ? 's' : ''}`;
  return `en retard de ${-days} jour${days < -1 ? 's' : ''}`;
}

export const isOverdue = (iso: string | null | undefined, now = Date.now()): boolean =>
  Boolean(iso) && new Date(iso as string).getTime() < now;
