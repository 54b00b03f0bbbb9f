import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bothModes, type Harness } from '../support/harness.ts';

function work(h: Harness, topic: string, variables: Record<string, unknown> = {}): Record<string, unknown> {
  const [job] = h.engine.externalTasks.fetchAndLock('w', 1, [{ topicName: topic, lockDuration: 60_000 }]);
  expect(job, `a ${topic} job`).toBeDefined();
  h.engine.externalTasks.complete(job.id, 'w', { variables });
  return job.variables;
}

describe('compensation', () => {
  it('a compensation throw runs the handlers of completed activities in reverse order, inside sub-processes and per iteration', async () => {
    await bothModes(async (h) => {
      // given: a flight, then two hotels in a sub-process
      await h.deploy('compensation.bpmn');
      const { id } = h.engine.start('trip', { variables: { cities: ['Oslo', 'Rome'] } });
      work(h, 'book-flight');
      work(h, 'book-hotel');
      await h.waitPoint();
      work(h, 'book-hotel');
      await h.waitPoint();
      // when: the customer does not confirm
      h.engine.tasks.complete(h.taskId(id, 'confirm'), { variables: { confirmed: false } });
      await h.waitPoint();
      // then: Rome, then Oslo, then the flight are undone, one after another
      expect(work(h, 'cancel-hotel')).toMatchObject({ city: 'Rome' });
      await h.waitPoint();
      expect(work(h, 'cancel-hotel')).toMatchObject({ city: 'Oslo' });
      await h.waitPoint();
      expect(h.active(id)).toEqual(['cancelFlight', 'undoAll']);
      work(h, 'cancel-flight');
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.path(id).at(-1)).toBe('undone');
    });
  });

  it('nothing is compensated when the trip is confirmed', async () => {
    await bothModes(async (h) => {
      await h.deploy('compensation.bpmn');
      const { id } = h.engine.start('trip', { variables: { cities: ['Oslo'] } });
      work(h, 'book-flight');
      work(h, 'book-hotel');
      h.engine.tasks.complete(h.taskId(id, 'confirm'), { variables: { confirmed: true } });
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.path(id)).not.toContain('cancelFlight');
    });
  });
});

describe('transaction', () => {
  const EXEC = new URL('../../../shared/bpmn-corpus/exec/bpmn-elements/transaction.bpmn', import.meta.url);
  // bpmn-elements calls host services in its conditions; map them to plain variables for Baton.
  const xml = readFileSync(EXEC, 'utf8')
    .replace('${environment.services.compare(environment.output.areUSure,"Yes")}', '${areUSure == "Yes"}')
    .replace(
      '${environment.services.compare(environment.output.areUSure,"abort")}',
      '${areUSure == "abort"}',
    );

  it.each([
    ['No', ['compensateTask', 'cancelled', 'endCancelled'], 1],
    ['Yes', ['endComplete', 'end'], 0],
    ['abort', ['endInError', 'errored', 'endErrored'], 0],
  ])('bpmn-elements transaction.bpmn: answer %s', async (answer, expected, compensations) => {
    await bothModes(async (h) => {
      await h.deploy(xml);
      let compensated = 0;
      h.handle('${environment.services.compensate}', () => {
        compensated++;
      });
      const { id } = h.engine.start('Process_0');
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(id, 'areUSure'), { variables: { areUSure: answer } });
      expect(h.engine.instance(id).status).toBe('completed');
      const path = h.path(id);
      for (const el of expected) expect(path).toContain(el);
      expect(compensated).toBe(compensations);
    });
  });
});

describe('compensation event sub-process', () => {
  it('compensating a sub-process runs its compensation event sub-process, which compensates the inside', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('compensation-subprocess.bpmn');
      const { id } = h.engine.start('stay', { variables: { guest: 'Ada' } });
      work(h, 'book-hotel', { room: 12 });
      await h.waitPoint();
      // then: the throw re-created the sub-process to run onCompensate, which undid the hotel first
      expect(h.active(id)).toEqual(['booking', 'cancelHotel', 'onCompensate', 'undoBooking', 'undoInside']);
      expect(work(h, 'cancel-hotel')).toMatchObject({ room: 12, guest: 'Ada' });
      await h.waitPoint();
      expect(h.active(id)).toEqual(['booking', 'onCompensate', 'tellGuest', 'undoBooking']);
      // when
      h.engine.tasks.complete(h.taskId(id, 'tellGuest'));
      // then: nothing is left to compensate at the compensation end event
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.engine.state(id).compensations).toBeUndefined();
    });
  });
});
