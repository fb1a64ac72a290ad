/** A form's input: an object of fields (not a list, not a bare value). */
export const isInputObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
