// The referentials' part of the API: the list, a version with its report, and as-of readings.
import './queries.ts';
import './mutations.ts';
