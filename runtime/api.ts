import type { Config } from '../config/env.ts';
import type { ApiServices } from '../schema/context.ts';
import { apiRoutes } from '../schema/http/api-routes.ts';
import type { AuthSettings } from '../services/auth/settings.ts';
import type { CaseServiceContext } from '../services/context.ts';
import { linkDemoProviders } from '../services/controle/demo.ts';
import { loadLivingDemo } from '../services/demo/living-demo.ts';
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
  // The administrative division is product data; the sample versions (« exemple ») come with the demo data,
  // before the living demonstration, whose new versions follow them.
  const referentials = await loadShippedReferentials(ctx.prisma, { examples: config.SIAMO_DEMO_DATA });
  if (referentials.length > 0) log(`Référentiels livrés chargés : ${referentials.join(', ')}.`);
  if (config.SIAMO_DEMO_DATA) await linkDemoProviders(ctx.prisma);
  if (config.SIAMO_DEMO_DATA) {
    const created = await loadDemoData(ctx.prisma);
    if (created.length > 0) {
      log(`Comptes de démonstration créés (mot de passe ${DEMO_PASSWORD}) : ${created.join(', ')}`);
    }
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
    }
    const portfolio = await loadDemoPortfolio(ctx);
    if (portfolio.opened.length > 0) {
      log(
        `Portefeuille du SDSI de démonstration : ${portfolio.opened.length} dossiers de projet ouverts ` +
          `(${portfolio.issues.length} points signalés par l’import).`,
      );
    }
  }
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
    },
    { introspection: config.GRAPHQL_INTROSPECTION },
  );
}
