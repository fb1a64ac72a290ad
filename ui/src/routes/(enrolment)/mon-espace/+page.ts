// The member's space works without JavaScript (a phone on a poor line): the date form is a plain GET.
export const csr = false;
