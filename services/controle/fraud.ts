import type { PrismaClient } from '../../prisma/client.ts';
import { resolveSettings, type SettingValues } from '../../processes/settings.ts';

// The enumeration signal: one provider checking many unrelated members in a short time (cards or NINs
// tried one after the other). Members of one family are one subject (a participant and their
// dependants come together). Counted in memory per window of the clock, so that a check costs no extra
// statement; crossing the threshold records one alert per provider and window (RightsCheckAlert, unique),
// which the IPMs concerned and ICAMO read (`rightsCheckAlerts`).

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
export function noteForFraud(prisma: PrismaClient, seen: CheckSeen): Promise<void> | undefined {
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
  return prisma.rightsCheckAlert
    .createMany({
      data: [
        {
          kind: ENUMERATION,
          providerOrganisationId: seen.providerOrganisationId,
          windowKey: key,
          subjects: window.families.size,
          ipmIds: [...window.ipmIds],
          message,
        },
      ],
      skipDuplicates: true,
    })
    .then(
      () => undefined,
      (error: unknown) => {
        // The check has been answered and logged; a lost alert is logged, for supervision to see.
        console.error('Alerte de contrôles en série non enregistrée :', (error as Error).message);
      },
    );
}
