/**
 * `npm start` until the server lands: deploys the examples into an in-memory engine and walks one
 * insurance claim through it, printing every token move, so a newcomer sees the engine work.
 */
import { readFileSync } from 'node:fs';
import { registerClaimWorkers } from '../../examples/insurance-claim/workers.ts';
import { Engine, type EngineEvent } from './index.ts';

function describe(e: EngineEvent): string | undefined {
  switch (e.type) {
    case 'element.activated':
      return `  -> ${e.elementId} (${e.elementType.replace('bpmn:', '')})`;
    case 'element.waiting':
      return `     waiting: ${e.wait.kind === 'task' ? `user task for ${e.wait.task.candidateGroups?.join(', ') ?? 'anyone'}` : e.wait.kind}`;
    case 'variable.set':
      return `     ${e.name} = ${JSON.stringify(e.value)}`;
    case 'incident.raised':
      return `  !! incident at ${e.incident.elementId}: ${e.incident.message}`;
    case 'instance.completed':
      return '  instance completed';
    default:
      return undefined;
  }
}

const engine = await Engine.create();
engine.subscribe((events) => {
  for (const e of events) {
    const line = describe(e);
    if (line) console.log(line);
  }
});
const xml = readFileSync(new URL('../../examples/insurance-claim/claim.bpmn', import.meta.url), 'utf8');
const deployment = await engine.deploy(xml, { name: 'examples' });
console.log(`Deployed ${deployment.definitions.map((d) => `${d.key} v${d.version}`).join(', ')}`);
registerClaimWorkers(engine);

console.log('\nClaim C-1001 (15,000 EUR): high risk, goes to an underwriter');
const claim = engine.start('insuranceClaim', {
  businessKey: 'C-1001',
  variables: { amount: 15000, claimant: 'Ada' },
});
const [task] = engine.tasks.list({ processInstanceId: claim.id });
console.log(`\nUnderwriter approves task '${task.name}' (${task.id})`);
engine.tasks.complete(task.id, { variables: { approved: true } });
console.log(`\nFinal state: ${engine.instance(claim.id).status}`, engine.variables(claim.id));
console.log('\nThe REST server and web modeler arrive with their issues; see README.md.');
