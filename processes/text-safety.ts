// Text that can never be stored: PostgreSQL refuses a NUL character in text and in jsonb, and a lone
// UTF-16 surrogate is not Unicode at all. Let through, such a value makes every write of the case fail
// for good. Pure: the case workflow's validator runs it too.

/** C0 control characters other than tab, line feed and carriage return, which forms legitimately hold. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** In Unicode mode a lone surrogate is a code point of its own, of category Cs; a proper pair is not. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Why a text cannot be accepted, in French, without repeating it; undefined when it is fine. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000'))
    return 'contient un caractère nul (U+0000), qui ne peut pas être enregistré : retirez-le (il vient souvent d’un copier-coller depuis un fichier binaire).';
  if (LONE_SURROGATE.test(text))
    return 'contient un caractère Unicode invalide (une moitié de paire de substitution) : ressaisissez le texte.';
  if (CONTROL.test(text)) return 'contient un caractère de contrôle invisible : retirez-le ou ressaisissez le texte.';
  return undefined;
}

const MAX_DEPTH = 20;

/**
 * Every text inside `value` — strings, and the names of an object's fields — that cannot be stored,
 * by path (`motif`, `jalons[2].libelle`). Empty when the whole value is safe.
 */
export function unsafeTexts(value: unknown, path = ''): Record<string, string> {
  const problems: Record<string, string> = {};
  const visit = (v: unknown, at: string, depth: number): void => {
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) problems[at || '_'] = problem;
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (depth > MAX_DEPTH) {
      problems[at || '_'] = `est imbriqué sur plus de ${MAX_DEPTH} niveaux : simplifiez la saisie.`;
      return;
    }
    if (Array.isArray(v)) {
      for (const [index, item] of v.entries()) visit(item, `${at}[${index}]`, depth + 1);
      return;
    }
    for (const [key, item] of Object.entries(v)) {
      const keyProblem = textProblem(key);
      const where = keyProblem ? `${at ? `${at}.` : ''}[nom de champ]` : at ? `${at}.${key}` : key;
      if (keyProblem) problems[where] = `un nom de champ ${keyProblem}`;
      else visit(item, where, depth + 1);
    }
  };
  visit(value, path, 0);
  return problems;
}
