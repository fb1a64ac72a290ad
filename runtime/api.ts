import type { Config } from '../config/env.ts';
import type { ApiServices } from '../schema/context.ts';
import { apiRoutes } from '../schema/http/api-routes.ts';
import type { AuthSettings } from '../services/auth/settings.ts';
import type { CaseServiceContext } from '../services/context.ts';
import { linkDemoProviders } from '../services/controle/demo.ts';
import { loadDemoEnrolment } from '../services/demo/demo-enrolment.ts';
import { loadLivingDemo } from '../services/demo/living-demo.ts';
import { identityRegisterFrom } from '../services/enrolment/identity/index.ts';
import { DEMO_PASSWORD } from '../services/people/demo-accounts.ts';
import { ensureAdministrator } from '../services/people/ensure-administrator.ts';
import { loadDemoData } from '../services/people/load-demo-data.ts';
import { loadDemoPortfolio } from '../services/portfolio/load-demo-portfolio.ts';
import { loadShippedReferentials } from '../services/referentials/shipped.ts';
import type { RequestHandler } from './http-server.ts';
import { loadSignInKey } from './sign-in-key.ts';

export const authSettingsOf = (config: Config, signInKey: Buffer): AuthSettings => ({
  sessionDurationMs: config.SESSION_DURATION,
  lockAfterFailures: config.SIGNIN_LOCK_AFTER,
  lockDurationMs: config.SIGNIN_LOCK_DURATION,
  secureCookies: config.SECURE_COOKIES,
  passwordPolicy: { minLength: config.PASSWORD_MIN_LENGTH, maxAgeMs: config.PASSWORD_MAX_AGE ?? null },
  totpRequiredRoles: config.TOTP_REQUIRED_ROLES,
  signInKey,
});

/**
 * The API's start-up: the administrator of the configuration, the demo accounts and the master plan's
 * portfolio (unless SIAMO_DEMO_DATA=false) with, at the first start, the living demonstration (unless
 * SIAMO_DEMO_SCENARIO=false), then the API's HTTP routes.
 */
export async function prepareApi(
  config: Config,
  ctx: CaseServiceContext,
  log: (message: string) => void,
  payloadCodec?: ApiServices['payloadCodec'],
  mailCheck?: () => Promise<unknown>,
  dataKeys?: ApiServices['dataKeys'],
  mail?: ApiServices['mail'],
  checkDb?: ApiServices['checkDb'],
): Promise<RequestHandler[]> {
  const auth = authSettingsOf(
    config,
    loadSignInKey({ configured: config.SIAMO_SIGNIN_KEY, dataDir: config.dataDir, log }),
  );
  if (config.SIAMO_ADMIN_EMAIL && config.SIAMO_ADMIN_PASSWORD) {
    const outcome = await ensureAdministrator(
      ctx.prisma,
      { email: config.SIAMO_ADMIN_EMAIL, password: config.SIAMO_ADMIN_PASSWORD },
      auth,
    );
    if (outcome !== 'unchanged') {
      log(`Administrateur ${config.SIAMO_ADMIN_EMAIL} ${outcome === 'created' ? 'créé' : 'mis à jour'}.`);
    }
  }
  // The demo organisations first: the sample versions of the referentials each IPM and provider keeps
  // are shipped for those that exist.
  if (config.SIAMO_DEMO_DATA) {
    const created = await loadDemoData(ctx.prisma);
    if (created.length > 0) {
      log(`Comptes de démonstration créés (mot de passe ${DEMO_PASSWORD}) : ${created.join(', ')}`);
    }
  }
  // The administrative division is product data; the sample versions (« exemple ») come with the demo data,
  // before the living demonstration, whose new versions follow them.
  const referentials = await loadShippedReferentials(ctx.prisma, { examples: config.SIAMO_DEMO_DATA });
  if (referentials.length > 0) log(`Référentiels livrés chargés : ${referentials.join(', ')}.`);
  if (config.SIAMO_DEMO_DATA) await linkDemoProviders(ctx.prisma);
  if (config.SIAMO_DEMO_DATA) {
    if (config.SIAMO_DEMO_SCENARIO) {
      // Trying Siamo out must not hang on its demonstration: a failure is said, and Siamo starts.
      try {
        const made = await loadLivingDemo(ctx, {
          dataDir: config.dataDir,
          uploadMaxBytes: config.UPLOAD_MAX_BYTES,
          log,
        });
        if (made)
          log(
            'Démonstration prête : registre, corbeilles des comptes de démonstration, portefeuille décalé à aujourd’hui.',
          );
      } catch (error) {
        log(
          `La démonstration n’a pas pu être préparée entièrement (${error instanceof Error ? error.message : String(error)}) : ` +
            'Siamo démarre sans le reste. Pour la refaire, démarrez sur une base vide (nouveau SIAMO_DATA_DIR).',
        );
      }
      // Enrolment and collection, after the licences (an IPM's type is its latest licence's): at every
      // start, adding only what is missing. The NINs need the data keys, which a bare API test may lack.
      if (dataKeys) await loadEnrolmentDemo(ctx, dataKeys, log);
    }
    const portfolio = await loadDemoPortfolio(ctx);
    if (portfolio.opened.length > 0) {
      log(
        `Portefeuille du SDSI de démonstration : ${portfolio.opened.length} dossiers de projet ouverts ` +
          `(${portfolio.issues.length} points signalés par l’import).`,
      );
    }
  }
  const identity = identityRegisterFrom(config);
  log(
    identity
      ? `Embauches et imports vérifiés auprès du ${identity.label}.`
      : 'Aucun registre d’identités configuré (SIAMO_IDENTITY_URL) : embauches et imports ne sont pas vérifiés auprès du registre national.',
  );
  return apiRoutes(
    {
      cases: ctx,
      auth,
      dataDir: config.dataDir,
      uploadMaxBytes: config.UPLOAD_MAX_BYTES,
      payloadCodec,
      mailCheck,
      dataKeys,
      mail,
      checkDb,
      identity,
    },
    { introspection: config.GRAPHQL_INTROSPECTION },
  );
}

async function loadEnrolmentDemo(
  ctx: CaseServiceContext,
  keys: NonNullable<ApiServices['dataKeys']>,
  log: (message: string) => void,
): Promise<void> {
  const started = Date.now();
  try {
    const outcome = await loadDemoEnrolment(ctx, { keys, log });
    if (outcome.participantsImported > 0 || outcome.arrearsLoaded || outcome.duplicateOpened || outcome.memberLoaded)
      log(
        `Démonstration des adhésions et du recouvrement : ${outcome.participantsImported} participants et ` +
          `${outcome.dependantsImported} ayants droit importés, ${outcome.duplicateOpened ? 'un doublon entre IPM en arbitrage, ' : ''}` +
          `${outcome.arrearsLoaded ? 'un employeur en retard de cotisations relancé jusqu’à la suspension, ' : ''}` +
          `${outcome.memberLoaded ? 'l’assuré de démonstration avec ses quote-parts et remboursements, ' : ''}` +
          `en ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
  } catch (error) {
    log(
      `La démonstration des adhésions et du recouvrement n’a pas pu être préparée (${error instanceof Error ? error.message : String(error)}) : ` +
        'Siamo démarre sans elle. Pour la refaire, démarrez sur une base vide (nouveau SIAMO_DATA_DIR).',
    );
  }
}
