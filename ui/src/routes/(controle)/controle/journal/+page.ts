// Readable on a poor line too: no JavaScript, a link to the next page.
export const csr = false;
