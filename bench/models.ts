/**
 * BPMN models of the engine benchmark, generated as XML strings. Both engines run exactly the same
 * XML: Baton binds the service task by `camunda:type="external"` + `camunda:topic`, bpmn-engine by
 * the standard `implementation` attribute; conditions use `${environment.variables.x}`, which both
 * expression languages understand, and every exclusive gateway has a default flow.
 */

/** Process ids of the generated models. */
export const PROCESS = {
  straight: 'straight',
  parallel: 'parallel10',
  userTask: 'userTaskWait',
  chain: 'chain1000',
} as const;

/** The id of the user task in {@link userTaskModel}. */
export const USER_TASK_ID = 'approve';

/** The job type (Baton) and service name (bpmn-engine) of the service task in {@link straightModel}. */
export const SERVICE_NAME = 'check';

/** The end event reached when the gateway's condition holds (the default flow leads elsewhere). */
export const STRAIGHT_OK_END = 'endOk';

const NAMESPACES =
  'xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" ' +
  'targetNamespace="https://baton.dev/bench"';

function definitions(id: string, body: string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<definitions id="defs_${id}" ${NAMESPACES}>`,
    `  <process id="${id}" isExecutable="true">`,
    ...body.map((line) => `    ${line}`),
    '  </process>',
    '</definitions>',
    '',
  ].join('\n');
}

function flow(id: string, from: string, to: string): string {
  return `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
}

/**
 * (a) start -> service task (sets `ok`) -> exclusive gateway (`${environment.variables.ok}` or
 * default) -> end.
 */
export function straightModel(): string {
  return definitions(PROCESS.straight, [
    '<startEvent id="start" />',
    `<serviceTask id="checkTask" name="Check" camunda:type="external" camunda:topic="${SERVICE_NAME}"` +
      ` implementation="\${environment.services.${SERVICE_NAME}}" />`,
    '<exclusiveGateway id="decide" default="toDefault" />',
    `<endEvent id="${STRAIGHT_OK_END}" />`,
    '<endEvent id="endDefault" />',
    flow('toCheck', 'start', 'checkTask'),
    flow('toDecide', 'checkTask', 'decide'),
    `<sequenceFlow id="toOk" sourceRef="decide" targetRef="${STRAIGHT_OK_END}">`,
    '  <conditionExpression xsi:type="tFormalExpression">${environment.variables.ok}</conditionExpression>',
    '</sequenceFlow>',
    flow('toDefault', 'decide', 'endDefault'),
  ]);
}

/** (b) start -> parallel split into `branches` plain tasks -> parallel join -> end. */
export function parallelModel(branches = 10): string {
  const body = [
    '<startEvent id="start" />',
    '<parallelGateway id="split" />',
    '<parallelGateway id="join" />',
  ];
  body.push('<endEvent id="end" />', flow('toSplit', 'start', 'split'), flow('toEnd', 'join', 'end'));
  for (let i = 1; i <= branches; i++) {
    body.push(`<task id="branch${i}" />`, flow(`in${i}`, 'split', `branch${i}`));
    body.push(flow(`out${i}`, `branch${i}`, 'join'));
  }
  return definitions(PROCESS.parallel, body);
}

/** (c)/(d) start -> user task -> end: instances wait in the user task. */
export function userTaskModel(): string {
  return definitions(PROCESS.userTask, [
    '<startEvent id="start" />',
    `<userTask id="${USER_TASK_ID}" name="Approve" />`,
    '<endEvent id="end" />',
    flow('toTask', 'start', USER_TASK_ID),
    flow('toEnd', USER_TASK_ID, 'end'),
  ]);
}

/** (e) start -> `tasks` plain tasks in sequence -> end. */
export function chainModel(tasks = 1000): string {
  const body = ['<startEvent id="start" />', '<endEvent id="end" />'];
  let previous = 'start';
  for (let i = 1; i <= tasks; i++) {
    body.push(`<task id="t${i}" />`, flow(`f${i}`, previous, `t${i}`));
    previous = `t${i}`;
  }
  body.push(flow('fEnd', previous, 'end'));
  return definitions(PROCESS.chain, body);
}
