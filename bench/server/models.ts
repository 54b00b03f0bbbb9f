/** BPMN models of the server benchmark (`npm run bench:server`). */

const HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="https://baton.dev/bench">`;

function model(id: string, body: string): string {
  return `${HEAD}\n<bpmn:process id="${id}" isExecutable="true">\n${body}\n</bpmn:process>\n</bpmn:definitions>\n`;
}

/** start -> end */
export const STRAIGHT = model(
  'straight',
  `<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" /><bpmn:endEvent id="end" />`,
);

/** start -> script (JavaScript, sets `total`) -> end */
export const SCRIPT = model(
  'script',
  `<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="calc" />
<bpmn:scriptTask id="calc" scriptFormat="javascript" camunda:resultVariable="total"><bpmn:script>1 + 2</bpmn:script></bpmn:scriptTask>
<bpmn:sequenceFlow id="f2" sourceRef="calc" targetRef="end" /><bpmn:endEvent id="end" />`,
);

/** start -> user task `approve` -> end */
export const USER_TASK = model(
  'usertask',
  `<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve" />
<bpmn:userTask id="approve" /><bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="end" /><bpmn:endEvent id="end" />`,
);

/** start -> external service task (topic `bench`) -> end */
export const EXTERNAL = model(
  'external',
  `<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
<bpmn:serviceTask id="work" camunda:type="external" camunda:topic="bench" /><bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" /><bpmn:endEvent id="end" />`,
);

/** Every benchmark model, deployed by the server child. */
export const MODELS = { STRAIGHT, SCRIPT, USER_TASK, EXTERNAL };
