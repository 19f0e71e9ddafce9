/** Starts playbook executions (Step Functions StartExecution on AWS, the local runtime here). */
export interface PlaybookStarter {
  /** Resolves `duplicate: true` when an execution with this name already exists (re-delivered alert). */
  start(
    playbook: string,
    executionName: string,
    input: unknown,
  ): Promise<{ executionId: string; duplicate: boolean }>;
}
