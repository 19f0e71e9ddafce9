import {
  ActionAfterCompletion,
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  FlexibleTimeWindowMode,
  ResourceNotFoundException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { atExpression, type OneTimeSchedule, type Scheduler } from './port.ts';

/** The universal target: Scheduler calls sfn:StartExecution itself, so the execution name is ours. */
export const START_EXECUTION_TARGET = 'arn:aws:scheduler:::aws-sdk:sfn:startExecution';

export interface AwsSchedulerOptions {
  client: SchedulerClient;
  groupName: string;
  stateMachineArn: string;
  /** The role Scheduler assumes: states:StartExecution on that one state machine. */
  roleArn: string;
}

/** One-time schedules in riposte's group that start the relax state machine and delete themselves. */
export class AwsScheduler implements Scheduler {
  constructor(private readonly options: AwsSchedulerOptions) {}

  async createOnce(schedule: OneTimeSchedule): Promise<{ created: boolean }> {
    try {
      await this.options.client.send(
        new CreateScheduleCommand({
          Name: schedule.name,
          GroupName: this.options.groupName,
          ScheduleExpression: atExpression(schedule.at),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: FlexibleTimeWindowMode.OFF },
          ActionAfterCompletion: ActionAfterCompletion.DELETE,
          Target: {
            Arn: START_EXECUTION_TARGET,
            RoleArn: this.options.roleArn,
            Input: JSON.stringify({
              StateMachineArn: this.options.stateMachineArn,
              Name: schedule.executionName,
              Input: JSON.stringify(schedule.input),
            }),
            RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 86_400 },
          },
        }),
      );
      return { created: true };
    } catch (error) {
      if (error instanceof ConflictException) return { created: false };
      throw error;
    }
  }

  async cancel(name: string): Promise<{ deleted: boolean }> {
    try {
      await this.options.client.send(
        new DeleteScheduleCommand({ Name: name, GroupName: this.options.groupName }),
      );
      return { deleted: true };
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return { deleted: false };
      throw error;
    }
  }
}
