// The IPM's PEC pages work without JavaScript (a poor line): links and forms, the server answers.
export const csr = false;
