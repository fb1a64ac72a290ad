import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createPrisma } from '../../prisma/client.ts';
import { createCaseWorker } from '../../runtime/worker.ts';
import { createSmtpTransport } from '../../services/mail/transport.ts';
import { testDataConverter } from './payload-keys.ts';

// A case worker in an OS process of its own, so that a test can really kill it (SIGKILL): no shutdown,
// no finally, the sockets just drop. Started by `spawnWorkerProcess` (worker-process.ts), configured
// by the environment it is given; it prints « pret » once it polls its task queue.

const need = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} manquant pour le worker de test`);
  return value;
};

Runtime.install({ logger: new DefaultLogger('WARN') });
const address = need('TEMPORAL_ADDRESS');
const namespace = need('TEMPORAL_NAMESPACE');
const taskQueue = need('TASK_QUEUE');
const prisma = createPrisma(need('DATABASE_URL'));
const transport = createSmtpTransport(need('SMTP_URL'), { ignoreTLS: true });
const mail = {
  transport,
  from: 'Siamo <ne-pas-repondre@siamo.sante.test>',
  publicUrl: 'https://siamo.sante.test',
  leaseMs: Number(process.env.MAIL_LEASE_MS ?? 1000),
};
const dataConverter = testDataConverter();
const connection = await Connection.connect({ address });
const cases = {
  temporal: new Client({ connection, namespace, dataConverter }),
  prisma,
  taskQueue,
  durationOverrides: {},
  settingOverrides: {},
  transitionsPerRun: 500,
};
const { worker } = await createCaseWorker({
  address,
  namespace,
  taskQueue,
  bundle: { codePath: need('WORKFLOW_BUNDLE') },
  dataConverter,
  dependencies: { prisma, mail, dataDir: need('SIAMO_DATA_DIR'), cases },
});
const running = worker.run();
process.stdout.write('pret\n');
await running;
