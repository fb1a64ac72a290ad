import type { LastBackup } from '../../services/backups/last-backup.ts';
import type { FailedEffect, FailedEffects } from '../../services/supervision/failed-effects.ts';
import type { ComponentHealth, Health } from '../../services/supervision/health.ts';
import type { FailedMail, MailOutbox } from '../../services/supervision/mail-outbox.ts';
import type { RetryingActivity, RetryingScan } from '../../services/supervision/retrying-effects.ts';
import type { RunningCount } from '../../services/supervision/running-cases.ts';
import type { SignInAlert, SignInAlerts } from '../../services/supervision/sign-in-alerts.ts';
import type { StuckCase } from '../../services/supervision/stuck-cases.ts';
import { readSupervision, type Supervision } from '../../services/supervision/supervision.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { GATE_ERRORS } from '../types/errors.ts';

// The administrators' view of the platform's health (portal page /admin/supervision).

const ComponentHealthRef = builder.objectRef<ComponentHealth>('ComponentHealth').implement({
  fields: (t) => ({ ok: t.exposeBoolean('ok'), detail: t.exposeString('detail') }),
});

const HealthRef = builder.objectRef<Health>('SupervisionHealth').implement({
  fields: (t) => ({
    temporal: t.field({ type: ComponentHealthRef, resolve: (h) => h.temporal }),
    database: t.field({ type: ComponentHealthRef, resolve: (h) => h.base }),
    mail: t.field({ type: ComponentHealthRef, resolve: (h) => h.courriel }),
  }),
});

const RunningCountRef = builder.objectRef<RunningCount>('RunningCaseCount').implement({
  description: 'Open cases of one process version in one state, from the projection.',
  fields: (t) => ({
    processId: t.exposeString('processId'),
    version: t.exposeInt('version'),
    state: t.exposeString('state'),
    stateLabel: t.exposeString('stateLabel'),
    count: t.exposeInt('count'),
  }),
});

const StuckCaseRef = builder.objectRef<StuckCase>('StuckCase').implement({
  fields: (t) => ({
    caseId: t.exposeString('caseId'),
    anomaly: t.exposeString('anomaly', { description: 'The SiamoAnomalie search attribute’s value.' }),
    runStartedAt: t.expose('runStartedAt', { type: 'DateTime', description: 'When the current run started.' }),
    reason: t.exposeString('reason'),
  }),
});

const RetryingActivityRef = builder.objectRef<RetryingActivity>('RetryingActivity').implement({
  fields: (t) => ({
    caseId: t.exposeString('caseId'),
    activity: t.exposeString('activity'),
    attempt: t.exposeInt('attempt'),
    lastFailure: t.exposeString('lastFailure', { nullable: true, description: 'The failure’s type, never its text.' }),
  }),
});

const RetryingScanRef = builder.objectRef<RetryingScan>('RetryingScan').implement({
  fields: (t) => ({
    running: t.exposeInt('running', { description: 'Running case workflows in Temporal.' }),
    examined: t.exposeInt('examined', { description: 'How many of them were described (the scan is bounded).' }),
    activities: t.field({ type: [RetryingActivityRef], resolve: (s) => s.activities }),
  }),
});

const FailedEffectRef = builder.objectRef<FailedEffect>('FailedEffect').implement({
  description: 'An effect given up after its last attempt.',
  fields: (t) => ({
    caseId: t.exposeString('caseId'),
    revision: t.exposeInt('revision'),
    effect: t.exposeString('effect'),
    failureType: t.exposeString('failureType'),
    attempts: t.exposeInt('attempts'),
    failedAt: t.expose('failedAt', { type: 'DateTime' }),
  }),
});

const FailedEffectsRef = builder.objectRef<FailedEffects>('FailedEffects').implement({
  fields: (t) => ({
    total: t.exposeInt('total'),
    recent: t.field({ type: [FailedEffectRef], resolve: (f) => f.recent }),
  }),
});

const FailedMailRef = builder.objectRef<FailedMail>('FailedMail').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    attempts: t.exposeInt('attempts'),
    caseIds: t.exposeStringList('caseIds'),
    error: t.exposeString('error', { nullable: true, description: 'The last error, addresses masked.' }),
  }),
});

const MailOutboxRef = builder.objectRef<MailOutbox>('MailOutbox').implement({
  fields: (t) => ({
    waiting: t.exposeInt('waiting'),
    sending: t.exposeInt('sending'),
    failed: t.exposeInt('failed'),
    oldestWaitingAt: t.expose('oldestWaitingAt', { type: 'DateTime', nullable: true }),
    recentFailures: t.field({ type: [FailedMailRef], resolve: (o) => o.recentFailures }),
  }),
});

const LastBackupRef = builder.objectRef<LastBackup>('LastBackup').implement({
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    archive: t.exposeString('archive'),
    bytes: t.exposeFloat('bytes'),
  }),
});

const SignInAlertRef = builder.objectRef<SignInAlert>('SignInAlert').implement({
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    account: t.exposeString('account', {
      description:
        'The person’s e-mail when the address typed is someone’s, else that address masked (« a…@ipm-a.sn »).',
    }),
    outcome: t.exposeString('outcome'),
    ip: t.exposeString('ip', { nullable: true }),
  }),
});

const LockedAccountRef = builder.objectRef<{ account: string; until: Date }>('LockedAccount').implement({
  fields: (t) => ({ account: t.exposeString('account'), until: t.expose('until', { type: 'DateTime' }) }),
});

const SignInAlertsRef = builder.objectRef<SignInAlerts>('SignInAlerts').implement({
  fields: (t) => ({
    since: t.expose('since', { type: 'DateTime' }),
    failures: t.exposeInt('failures'),
    locks: t.exposeInt('locks'),
    recent: t.field({ type: [SignInAlertRef], resolve: (s) => s.recent }),
    lockedAccounts: t.field({ type: [LockedAccountRef], resolve: (s) => s.lockedAccounts }),
  }),
});

const SupervisionRef = builder.objectRef<Supervision>('Supervision').implement({
  description: 'The platform’s health, as an administrator checks it.',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    health: t.field({ type: HealthRef, resolve: (s) => s.health }),
    databaseBytes: t.exposeFloat('databaseBytes', { nullable: true, description: 'pg_database_size, in bytes.' }),
    running: t.field({ type: [RunningCountRef], resolve: (s) => s.running }),
    stuck: t.field({
      type: [StuckCaseRef],
      nullable: true,
      description: 'Cases Temporal marks as stuck (null when Temporal did not answer).',
      resolve: (s) => s.stuck,
    }),
    retrying: t.field({ type: RetryingScanRef, nullable: true, resolve: (s) => s.retrying }),
    failedEffects: t.field({ type: FailedEffectsRef, resolve: (s) => s.failedEffects }),
    mail: t.field({ type: MailOutboxRef, resolve: (s) => s.mail }),
    lastBackup: t.field({ type: LastBackupRef, nullable: true, resolve: (s) => s.lastBackup }),
    lastBackupAgeSeconds: t.float({
      nullable: true,
      resolve: (s) => (s.lastBackup ? Math.round((s.at.getTime() - s.lastBackup.at.getTime()) / 1000) : null),
    }),
    signIns: t.field({ type: SignInAlertsRef, resolve: (s) => s.signIns }),
  }),
});

builder.queryField('supervision', (t) =>
  t.field({
    type: SupervisionRef,
    description: 'The platform’s health and alerts (administrators).',
    errors: { types: GATE_ERRORS },
    resolve: (_root, _args, ctx) => {
      authorize(ctx, 'supervision');
      return readSupervision({
        temporal: ctx.services.cases.temporal,
        prisma: ctx.prisma,
        dataDir: ctx.services.dataDir,
        lockDurationMs: ctx.services.auth.lockDurationMs,
        mailCheck: ctx.services.mailCheck,
      });
    },
  }),
);
