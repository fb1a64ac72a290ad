// The referentials' part of the API: the list, a version with its report and its rows, and as-of readings.
import './queries.ts';
import './rows.ts';
import './mutations.ts';
