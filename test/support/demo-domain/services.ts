import { registerDomainServices } from '../../../services/domain-services.ts';
import type { EffectRequest } from '../../../workflows/types.ts';
import './rules.ts';

// The test domain's server half: the activity of its effect, which keeps what it was asked to record.

export const DEMO_LOG: { caseId: string; revision: number; note: string }[] = [];

registerDomainServices({
  id: 'demo',
  effects: {
    consigner_demo: async (_deps, effect: EffectRequest) => {
      if (DEMO_LOG.some((e) => e.caseId === effect.caseId && e.revision === effect.revision)) return;
      DEMO_LOG.push({ caseId: effect.caseId, revision: effect.revision, note: String(effect.params.note) });
    },
  },
});
