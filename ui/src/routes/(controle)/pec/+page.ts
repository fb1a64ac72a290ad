// The PEC page works without JavaScript (a poor line): the form posts, the server answers the page.
export const csr = false;
