// Readable on a poor line too: no JavaScript, the date is a plain GET form.
export const csr = false;
