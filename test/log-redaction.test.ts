import { ApplicationFailure } from '@temporalio/common';
import type { ActivityExecuteInput } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { ActivityErrorRedaction } from '../runtime/activity-error-redaction.ts';
import { errorSummary } from '../services/error-summary.ts';

// A library's error often quotes the values it was given; what the worker logs and Temporal keeps of
// a failed activity, and what the API logs of an unexpected error, are its kind and code only.

const SECRET = 'Aminata Ndiaye, NIN 1751198801234';
const input = { args: [], headers: {} } as unknown as ActivityExecuteInput;
const driverError = () =>
  Object.assign(new Error(`Invalid value for column "nom": ${SECRET}`), { name: 'DriverError', code: 'P2000' });

describe('activity errors', () => {
  it('leave the activity as their type and code, without their message', async () => {
    const failure = await new ActivityErrorRedaction('recordTransition')
      .execute(input, async () => {
        throw driverError();
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'DriverError', nonRetryable: false });
    const { message, stack } = failure as ApplicationFailure;
    expect(message).toContain('DriverError (P2000)');
    expect(message).toContain('recordTransition');
    expect(`${message}\n${stack}`).not.toContain('Aminata');
  });

  it('keep Siamo’s own failures as they are, and results too', async () => {
    const own = ApplicationFailure.nonRetryable('Le courriel n’est pas configuré.', 'courriel_non_configure');
    const redaction = new ActivityErrorRedaction('notify');
    await expect(
      redaction.execute(input, async () => {
        throw own;
      }),
    ).rejects.toBe(own);
    await expect(redaction.execute(input, async () => 42)).resolves.toBe(42);
  });
});

describe('errorSummary', () => {
  it('gives the kind, code and frames of an error and its causes, never a message', () => {
    const summary = errorSummary(new Error('wrapper', { cause: driverError() }));
    expect(summary).toMatchObject({ type: 'Error', cause: { type: 'DriverError', code: 'P2000' } });
    expect(summary.at).toMatch(/log-redaction\.test\.ts/);
    expect(JSON.stringify(summary)).not.toContain('Aminata');
    expect(JSON.stringify(summary)).not.toContain('wrapper');
    expect(errorSummary('texte')).toEqual({ type: 'string' });
  });
});
