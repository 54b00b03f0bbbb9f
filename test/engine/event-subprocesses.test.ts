import { describe, expect, it } from 'vitest';
import { bothModes } from '../support/harness.ts';

const HOUR = 3_600_000;

describe('event sub-processes and thrown events', () => {
  it('escalation runs a non-interrupting event sub-process; a message throw is a job; a Zeebe correlation key picks the instance; a timer cycle nags', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('event-subprocesses.bpmn');
      const { id } = h.engine.start('support', { variables: { ticket: 'T-7', vip: false } });
      const other = h.engine.start('support', { variables: { ticket: 'T-8', vip: false } }).id;
      // then: the escalation ran onSlow beside the flow; the message throw waits for a mail worker
      expect(h.path(id)).toEqual(expect.arrayContaining(['onSlow', 'logSlow']));
      expect(h.active(id)).toEqual(['notifyCustomer', 'work']);
      await h.waitPoint();
      const [mail] = h.engine.externalTasks.fetchAndLock('mailer', 5, [
        { topicName: 'send-mail', lockDuration: 1000 },
      ]);
      expect(mail.variables.ticket).toBe('T-7');
      h.engine.externalTasks.complete(mail.id, 'mailer');
      expect(h.active(id)).toEqual(['awaitReply', 'work']);
      await h.waitPoint();
      // when: an hour passes twice, the nagging timer fires each time and stays scheduled
      for (let i = 0; i < 2; i++) {
        h.advance(HOUR);
        h.engine.fireDueTimers();
      }
      expect(h.path(id).filter((e) => e === 'nagMail')).toHaveLength(2);
      expect(h.engine.events.timers.list().filter((t) => t.instanceId === id)).toHaveLength(1);
      await h.waitPoint();
      // when: the reply for T-7 is published
      h.engine.publishMessage('reply', { correlationKey: 'T-7', variables: { answer: 'thanks' } });
      // then
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.engine.instance(other).status).toBe('active');
      expect(h.engine.variables(id)).toMatchObject({ answer: 'thanks', validated: true });
    });
  });

  it('a script throwing BpmnError is caught by the error event sub-process of its scope', async () => {
    await bothModes(async (h) => {
      await h.deploy('event-subprocesses.bpmn');
      const { id } = h.engine.start('support', { variables: { ticket: '', vip: false } });
      expect(h.active(id)).toEqual(['fixTicket', 'onInvalid', 'work']);
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(id, 'fixTicket'));
      // the error interrupted the sub-process's flow; the event sub-process ended it
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });

  it('an interrupting conditional event sub-process starts when its condition becomes true', async () => {
    await bothModes(async (h) => {
      await h.deploy('event-subprocesses.bpmn');
      const { id } = h.engine.start('support', { variables: { ticket: 'T-9', vip: false } });
      await h.waitPoint();
      h.engine.setVariables(id, { variables: { vip: true } });
      expect(h.active(id)).toEqual(['vip', 'vipDesk']);
      expect(h.engine.events.timers.list().filter((t) => t.instanceId === id)).toEqual([]);
    });
  });

  it('redeploying a process replaces the schedule of its timer start event', async () => {
    await bothModes(async (h) => {
      const v1 = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="x">
  <bpmn:process id="report" isExecutable="true">
    <bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
    <bpmn:sequenceFlow id="f" sourceRef="tick" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
      await h.deploy(v1);
      expect(h.engine.events.timers.list().map((t) => t.dueAt - h.time)).toEqual([HOUR]);
      await h.deploy(v1.replace('R/PT1H', 'R/PT2H'));
      expect(h.engine.events.timers.list().map((t) => t.dueAt - h.time)).toEqual([2 * HOUR]);
      h.advance(2 * HOUR);
      h.engine.fireDueTimers();
      const started = h.engine.listInstances({ processId: 'report' });
      expect(started.map((i) => h.engine.definitionOf(i.id).version)).toEqual([2]);
    });
  });
});
