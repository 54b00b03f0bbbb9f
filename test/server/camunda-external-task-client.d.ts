/** The parts of camunda-external-task-client-js (plain JavaScript, no types) the tests use. */
declare module 'camunda-external-task-client-js' {
  export interface TypedValue {
    value: unknown;
    type: string;
    valueInfo?: Record<string, unknown>;
  }

  export class Variables {
    get(name: string): unknown;
    getTyped(name: string): TypedValue | null;
    getAll(): Record<string, unknown>;
    set(name: string, value: unknown): this;
    setTyped(name: string, typedValue: TypedValue): this;
  }

  export interface Task {
    id: string;
    topicName: string;
    workerId: string;
    processInstanceId: string;
    activityId: string;
    businessKey: string | null;
    retries: number | null;
    variables: Variables;
  }

  export interface FailureOptions {
    errorMessage?: string;
    errorDetails?: string;
    retries?: number;
    retryTimeout?: number;
  }

  export interface TaskService {
    complete(task: Task, variables?: Variables, localVariables?: Variables): Promise<void>;
    handleFailure(task: Task, options: FailureOptions): Promise<void>;
    handleBpmnError(
      task: Task,
      errorCode: string,
      errorMessage?: string,
      variables?: Variables,
    ): Promise<void>;
    extendLock(task: Task, newDuration: number): Promise<void>;
    unlock(task: Task): Promise<void>;
  }

  export type Handler = (args: { task: Task; taskService: TaskService }) => Promise<void> | void;

  export interface ClientOptions {
    baseUrl: string;
    workerId?: string;
    maxTasks?: number;
    interval?: number;
    lockDuration?: number;
    autoPoll?: boolean;
    asyncResponseTimeout?: number;
    usePriority?: boolean;
  }

  export class Client {
    constructor(options: ClientOptions);
    subscribe(topic: string, handler: Handler): unknown;
    subscribe(topic: string, options: Record<string, unknown>, handler: Handler): unknown;
    start(): void;
    stop(): void;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
