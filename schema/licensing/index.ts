// Licensing's part of the API: the public register of licensed IPMs.
import './register.ts';
