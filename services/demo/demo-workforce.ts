import type { TestIdentity } from '../enrolment/identity/test-register.ts';
import { WORKFORCE_COLUMNS } from '../enrolment/workforce-file.ts';
import { demoNin, demoPicker, LAST_NAMES, MEN_NAMES, WOMEN_NAMES } from './demo-names.ts';

// A demo employer's workforce as the file its payroll office would send (docs/enrolment-template.md):
// participants with made-up names and demo NINs, their spouses and children. Seeded: the same employer
// gives the same people at every start. Dates count back from the year of `today`, so that the
// children stay under the age limit; a participant's own facts (name, NIN, birth, hire) are fixed
// days, so that the demo's identities in the local test register do not change with the year. Each
// participant draws from its own generator, its dependants from another: a change in one changes no other.

export interface DemoWorkforceSpec {
  /** 0 to 9, distinct per employer: the NINs' register digit (./demo-names.ts). */
  register: number;
  /** The generator's seed. */
  seed: number;
  participants: number;
  /** A prefix of the matricules (de solde), the employer's own numbering. */
  matriculePrefix: string;
}

export interface DemoWorker extends TestIdentity {
  matricule: string;
  sex: 'M' | 'F';
  salary: number;
  hireDate: string;
}

export interface DemoWorkforce {
  workers: DemoWorker[];
  /** The file, UTF-8, one line per participant then one per dependant. */
  bytes: Uint8Array;
}

export function demoWorkforce(spec: DemoWorkforceSpec, today: string): DemoWorkforce {
  const year = Number(today.slice(0, 4));
  const lines: string[] = [WORKFORCE_COLUMNS.join(';')];
  const workers: DemoWorker[] = [];
  for (let i = 1; i <= spec.participants; i++) {
    const r = demoPicker(spec.seed * 1_000_003 + i * 2);
    const sex = r.between(0, 9) < 6 ? 'M' : 'F';
    const lastName = r.pick(LAST_NAMES);
    const firstNames = r.pick(sex === 'M' ? MEN_NAMES : WOMEN_NAMES);
    const birthDate = r.dayBetween('1964-01-01', '2001-12-31');
    const hireDate = r.dayBetween(`${Math.max(Number(birthDate.slice(0, 4)) + 20, 2012)}-01-01`, '2025-06-30');
    // Monthly salaries in FCFA, rounded to the thousand.
    const salary = r.between(90, 900) * 1000;
    const worker: DemoWorker = {
      identifier: demoNin(sex, spec.register, i),
      lastName,
      firstNames,
      birthDate,
      matricule: `${spec.matriculePrefix}${String(i).padStart(4, '0')}`,
      sex,
      salary,
      hireDate,
    };
    workers.push(worker);
    lines.push(
      [
        'P',
        worker.matricule,
        'NIN',
        worker.identifier,
        lastName,
        firstNames,
        birthDate,
        sex,
        String(salary),
        hireDate,
        '',
        '',
      ].join(';'),
    );
    const d = demoPicker(spec.seed * 1_000_003 + i * 2 + 1);
    // Most have a spouse; children born after the parent's twentieth year and under the age limit.
    if (d.between(0, 9) < 7) {
      const spouseSex = sex === 'M' ? 'F' : 'M';
      const spouse = d.pick(spouseSex === 'M' ? MEN_NAMES : WOMEN_NAMES);
      lines.push(
        dependant(
          worker.matricule,
          d.pick(LAST_NAMES),
          spouse,
          d.dayBetween(`${year - 58}-01-01`, `${year - 20}-12-31`),
          spouseSex,
          'conjoint',
        ),
      );
    }
    const firstChildYear = Math.max(Number(birthDate.slice(0, 4)) + 20, year - 18);
    if (firstChildYear < year) {
      const children = d.between(0, 4);
      const childLastName = sex === 'M' ? lastName : d.pick(LAST_NAMES);
      for (let c = 0; c < children; c++) {
        const childSex = d.between(0, 1) === 0 ? 'M' : 'F';
        lines.push(
          dependant(
            worker.matricule,
            childLastName,
            d.pick(childSex === 'M' ? MEN_NAMES : WOMEN_NAMES),
            d.dayBetween(`${firstChildYear}-01-01`, `${year - 1}-12-31`),
            childSex,
            'enfant',
          ),
        );
      }
    }
  }
  return { workers, bytes: new TextEncoder().encode(`${lines.join('\r\n')}\r\n`) };
}

function dependant(
  matricule: string,
  lastName: string,
  firstNames: string,
  birthDate: string,
  sex: 'M' | 'F',
  kind: 'conjoint' | 'enfant',
): string {
  return ['A', matricule, '', '', lastName, firstNames, birthDate, sex, '', '', kind, ''].join(';');
}
