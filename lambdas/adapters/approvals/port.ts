/** Answers a task-token wait (an approval request) of a running playbook. */
export interface TaskAnswers {
  answer(taskToken: string, approve: boolean, by: string, reason: string): Promise<void>;
}
