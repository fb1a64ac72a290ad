import { DefaultLogger, Runtime } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createPrisma } from '../../prisma/client.ts';
import { createCaseWorker } from '../../runtime/worker.ts';
import { testDataConverter } from './payload-keys.ts';

// The product's worker in a process of its own, so that a test can kill it (SIGKILL) like a crashed
// machine. Configured by the environment; says « prêt » on stdout once it polls its task queue.

Runtime.install({ logger: new DefaultLogger('WARN') });
const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} manque dans l’environnement du worker de test.`);
  return value;
};
// Mail that goes nowhere: batches send none, and this file must not load vitest (harness.ts does).
const NO_MAIL = {
  transport: nodemailer.createTransport({ jsonTransport: true }),
  from: 'Siamo <ne-pas-repondre@siamo.test>',
  publicUrl: 'http://siamo.test',
};
const prisma = createPrisma(env('BATCH_TEST_DATABASE_URL'));
const { worker } = await createCaseWorker({
  address: env('BATCH_TEST_TEMPORAL_ADDRESS'),
  namespace: env('BATCH_TEST_TEMPORAL_NAMESPACE'),
  taskQueue: env('BATCH_TEST_TASK_QUEUE'),
  bundle: { codePath: env('BATCH_TEST_BUNDLE_PATH') },
  dataConverter: testDataConverter(),
  dependencies: { prisma, mail: NO_MAIL },
});
const running = worker.run();
process.stdout.write('prêt\n');
await running;
