import {
  ActionAfterCompletion,
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  FlexibleTimeWindowMode,
  ResourceNotFoundException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { sanitizeSubject } from '../pager/limits.ts';
import { atExpression, type PageSchedule, type ReminderScheduler } from './port.ts';

/** Scheduler calls sns:Publish itself: no function runs for a reminder. */
export const SNS_PUBLISH_TARGET = 'arn:aws:scheduler:::aws-sdk:sns:publish';

export interface AwsReminderOptions {
  client: SchedulerClient;
  groupName: string;
  topicArn: string;
  /** The role Scheduler assumes: sns:Publish on the page topic (and its key). */
  roleArn: string;
}

/** One-time schedules that page the response team at a set time, in riposte's schedule group. */
export class AwsReminderScheduler implements ReminderScheduler {
  constructor(private readonly options: AwsReminderOptions) {}

  async createReminder(schedule: PageSchedule): Promise<{ created: boolean }> {
    const { page } = schedule;
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
            Arn: SNS_PUBLISH_TARGET,
            RoleArn: this.options.roleArn,
            Input: JSON.stringify({
              TopicArn: this.options.topicArn,
              Subject: sanitizeSubject(page.subject),
              Message: page.message,
              // The routing attributes every page carries (docs: message attributes).
              MessageAttributes: {
                kind: { DataType: 'String', StringValue: 'page' },
                incidentId: { DataType: 'String', StringValue: page.incidentId },
              },
            }),
            RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3_600 },
          },
        }),
      );
      return { created: true };
    } catch (error) {
      if (error instanceof ConflictException) return { created: false };
      throw error;
    }
  }

  async deleteReminder(name: string): Promise<{ deleted: boolean }> {
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
