/**
 * The digital workers of the insurance claim example, as in-process handlers: a document bot, a
 * risk-scoring agent and the core banking payout. Real deployments run them as external workers.
 */
import type { Engine } from '../../engine/src/index.ts';

export function registerClaimWorkers(engine: Engine): void {
  engine.registerHandler('extract-documents', (job) => ({
    variables: {
      documents: ['claim-form.pdf', 'invoice.pdf'],
      claimant: job.variables.claimant ?? 'unknown',
    },
  }));
  engine.registerHandler('score-risk', (job) => {
    const amount = Number(job.variables.amount ?? 0);
    // A stand-in for a model call: larger claims and missing documents score riskier.
    const risk = Math.min(1, amount / 20000 + (Array.isArray(job.variables.documents) ? 0 : 0.5));
    return { variables: { risk: Math.round(risk * 100) / 100 } };
  });
  engine.registerHandler('pay-out', (job) => ({
    variables: { paidAt: new Date().toISOString(), payoutReference: `PAY-${job.instanceId.slice(0, 8)}` },
  }));
}
