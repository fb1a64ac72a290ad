import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The system's tar (GNU tar or bsdtar, on every server Siamo runs on): it streams gigabytes of
 * documents without holding them in Node, keeps permissions (the key files stay owner-only), and
 * refuses members that would land outside the target folder.
 */
async function tar(args: string[]): Promise<void> {
  try {
    await run('tar', args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT')
      throw new Error('tar est introuvable : installez-le (Debian : apt-get install tar).');
    throw new Error(`tar a échoué : ${(failure.stderr ?? failure.message).trim()}`);
  }
}

/** One gzip archive from several folders, each with the paths (relative to it) to take. */
export async function createArchive(file: string, sources: { dir: string; paths: string[] }[]): Promise<void> {
  const args = ['-czf', file];
  for (const { dir, paths } of sources) {
    // "./" keeps a name that starts with "-" from being read as an option.
    if (paths.length) args.push('-C', dir, ...paths.map((p) => `./${p}`));
  }
  await tar(args);
}

export const extractArchive = (file: string, dir: string): Promise<void> => tar(['-xzpf', file, '-C', dir]);

export const readArchiveMember = async (file: string, member: string): Promise<string> => {
  try {
    const { stdout } = await run('tar', ['-xzOf', file, member], { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    throw new Error(
      `${member} est absent de l’archive ou illisible : ${((error as { stderr?: string }).stderr ?? '').trim()}`,
    );
  }
};
