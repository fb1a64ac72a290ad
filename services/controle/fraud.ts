import { frenchDay } from '../../processes/calendar.ts';
import { resolveSettings, type SettingValues } from '../../processes/settings.ts';
import { type AlertDependencies, raiseAlert } from './raise-alert.ts';

// The enumeration signal: one provider checking many unrelated members in a short time (cards or NINs
// tried one after the other). Members of one family are one subject (a participant and their
// dependants come together). Counted in memory per window of the clock, so that a check costs no extra
// statement; crossing the threshold records one alert per provider and window (RightsCheckAlert, unique),
// which the IPMs concerned and ICAMO read (`rightsCheckAlerts`) and receive by mail (raise-alert.ts).

export const ENUMERATION = 'enumeration';

interface Window {
  key: string;
  families: Set<string>;
  ipmIds: Set<string>;
  alerted: boolean;
}

const windows = new Map<string, Window>();

export interface CheckSeen {
  providerOrganisationId: string;
  providerName: string;
  family: string;
  /** The IPM whose member was checked; null for a number that names nobody. */
  ipmId: string | null;
  at: Date;
  settingOverrides: SettingValues;
}

/** Notes a check; records the alert when this one crosses the threshold. Never fails the check. */
export function noteForFraud(deps: AlertDependencies, seen: CheckSeen): Promise<void> | undefined {
  const settings = resolveSettings(
    ['controleAlerteBeneficiaires', 'controleAlerteFenetreMinutes'],
    seen.settingOverrides,
  ) as Record<string, number>;
  const minutes = settings.controleAlerteFenetreMinutes ?? 10;
  const threshold = settings.controleAlerteBeneficiaires ?? 40;
  const windowMs = minutes * 60_000;
  const key = new Date(seen.at.getTime() - (seen.at.getTime() % windowMs)).toISOString();
  let window = windows.get(seen.providerOrganisationId);
  if (!window || window.key !== key) {
    window = { key, families: new Set(), ipmIds: new Set(), alerted: false };
    windows.set(seen.providerOrganisationId, window);
  }
  window.families.add(seen.family);
  if (seen.ipmId) window.ipmIds.add(seen.ipmId);
  if (window.alerted || window.families.size < threshold) return undefined;
  window.alerted = true;
  const message =
    `Contrôles en série : le prestataire ${seen.providerName} a contrôlé les droits de ${window.families.size} assurés ` +
    `sans lien entre eux en moins de ${minutes} minutes (fenêtre ouverte le ${key.slice(0, 16).replace('T', ' ')} UTC). ` +
    'Vérifiez auprès de l’établissement qu’il ne s’agit pas d’un essai de cartes ou de NIN.';
  return raiseAlert(deps, {
    kind: ENUMERATION,
    providerOrganisationId: seen.providerOrganisationId,
    providerName: seen.providerName,
    windowKey: key,
    subjects: window.families.size,
    ipmIds: [...window.ipmIds],
    message,
  }).then(
    () => undefined,
    (error: unknown) => {
      // The check has been answered and logged; a lost alert is logged, for supervision to see.
      console.error('Alerte de contrôles en série non enregistrée :', (error as Error).message);
    },
  );
}

// The distant-checks signal: one member's card (or NIN) checked the same day by providers in two
// régions — a card lent or copied, since nobody is cared for in Dakar and in Ziguinchor on one day.
// Régions rather than kilometres: the providers referential holds a département, no coordinates, and
// two départements of one région are a few hours apart at most. The earlier check comes back from the
// log's insert (check-log.ts), so the signal costs no statement until it fires; then one alert per
// member and day (RightsCheckAlert's unique key), whichever provider and however many régions follow.

export const DISTANT = 'cartes_distantes';

export interface DistantCheck {
  providerOrganisationId: string;
  providerName: string;
  region: string;
  regionName: string;
  beneficiaryId: string;
  /** The IPM whose register holds the member. */
  ipmId: string;
  /** YYYY-MM-DD, Dakar. */
  day: string;
  checkNumber: string;
  earlier: { checkNumber: string; providerName: string; regionName: string };
}

export function noteDistantCheck(deps: AlertDependencies, seen: DistantCheck): Promise<void> {
  const message =
    `Carte contrôlée dans deux régions le même jour : un assuré de l’IPM a été contrôlé le ${frenchDay(seen.day)} ` +
    `par ${seen.earlier.providerName} (région de ${seen.earlier.regionName}, contrôle ${seen.earlier.checkNumber}) ` +
    `puis par ${seen.providerName} (région de ${seen.regionName}, contrôle ${seen.checkNumber}). ` +
    'Vérifiez que sa carte n’est ni prêtée ni copiée.';
  return raiseAlert(deps, {
    kind: DISTANT,
    providerOrganisationId: seen.providerOrganisationId,
    providerName: seen.providerName,
    windowKey: `${seen.day}:${seen.beneficiaryId}`,
    subjects: 1,
    ipmIds: [seen.ipmId],
    message,
    beneficiaryId: seen.beneficiaryId,
    day: seen.day,
    checkNumbers: [seen.earlier.checkNumber, seen.checkNumber],
  }).then(
    () => undefined,
    (error: unknown) => {
      console.error('Alerte de contrôles éloignés non enregistrée :', (error as Error).message);
    },
  );
}
