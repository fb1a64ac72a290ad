import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./worker-entry.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface WorkerProcess {
  pid: number;
  /** SIGKILL, and resolves once the process is gone. */
  kill(): Promise<void>;
  /** What it wrote, for a failing test's message. */
  output(): string;
}

export interface WorkerProcessEnv {
  TEMPORAL_ADDRESS: string;
  TEMPORAL_NAMESPACE: string;
  TASK_QUEUE: string;
  DATABASE_URL: string;
  SMTP_URL: string;
  WORKFLOW_BUNDLE: string;
  SIAMO_DATA_DIR: string;
  MAIL_LEASE_MS?: string;
}

/** Starts worker-entry.ts as a child process and resolves once it polls its task queue. */
export async function spawnWorkerProcess(env: WorkerProcessEnv): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('pret\n')) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then(() => reject(new Error(`Le worker de test s’est arrêté au démarrage :\n${output}`)));
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  return {
    pid: child.pid ?? -1,
    kill: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    output: () => output,
  };
}
