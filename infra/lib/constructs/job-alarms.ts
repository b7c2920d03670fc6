import { CfnOutput, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface JobAlarmsProps {
  jobs: sqs.IQueue;
  deadJobs: sqs.IQueue;
  worker: lambda.IFunction;
  /** Alarm when the oldest waiting job is older than this. */
  maxJobAgeSeconds: number;
}

/**
 * What an operator is woken for: any job reaching the dead-letter queue (a job failed for good:
 * its error is on its record, `reportage jobs --state dead`, and in the dead-letter function's
 * log), jobs waiting too long (workers stuck, throttled or at their reserved concurrency), and
 * worker errors. Alarms go to an SNS topic the
 * operators subscribe to (its ARN is a stack output).
 */
export class JobAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly deadLetters: cloudwatch.Alarm;
  readonly jobAge: cloudwatch.Alarm;
  readonly workerErrors: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, { jobs, deadJobs, worker, maxJobAgeSeconds }: JobAlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'reportage job alarms' });
    const period = Duration.minutes(1);
    // The dead-letter function consumes each dead letter within seconds, so the queue's depth stays
    // near zero: count the messages it receives instead (every dead letter is received at least once).
    this.deadLetters = deadJobs.metricNumberOfMessagesReceived({ period: Duration.minutes(5), statistic: 'Sum' }).createAlarm(this, 'DeadLetters', {
      alarmDescription:
        'A job was dead-lettered (its render, if any, is marked failed): see its error with `reportage jobs --state dead` and the dead-letter function log.',
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.jobAge = jobs.metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum' }).createAlarm(this, 'JobAge', {
      alarmDescription: `The oldest waiting job is older than ${maxJobAgeSeconds} s: workers are stuck, failing or at their concurrency limit.`,
      threshold: maxJobAgeSeconds,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.workerErrors = worker.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }).createAlarm(this, 'WorkerErrors', {
      alarmDescription: 'The worker function failed (crash, timeout or out of memory), not a job error it recorded.',
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.deadLetters, this.jobAge, this.workerErrors]) alarm.addAlarmAction(new actions.SnsAction(this.topic));
    new CfnOutput(this, 'TopicArn', { value: this.topic.topicArn, description: 'Subscribe operators to job alarms here.' });
  }
}
