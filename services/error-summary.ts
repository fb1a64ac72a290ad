// What is logged of an unexpected error: its kind, its code and where it was thrown. Not its message,
// which for a database or library error often quotes the values it was given (a name, a NIN).

export interface ErrorSummary {
  type: string;
  code?: string;
  /** The stack's frames, without the first line (which repeats the message). */
  at?: string;
  cause?: ErrorSummary;
}

export function errorSummary(error: unknown, depth = 0): ErrorSummary {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  const frames = error.stack
    ?.split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 8)
    .map((line) => line.trim())
    .join(' | ');
  return {
    type: error.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}),
    ...(frames ? { at: frames } : {}),
    ...(error.cause !== undefined && depth < 3 ? { cause: errorSummary(error.cause, depth + 1) } : {}),
  };
}
