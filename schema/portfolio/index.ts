// The portfolio's part of the API: its projects, budget and milestones, and the import of its plan.
import './types.ts';
import './queries.ts';
import './import-portfolio.ts';
