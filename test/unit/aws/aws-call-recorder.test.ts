import { describe, expect, it } from 'vitest';
import { callsOf } from '../../../shared/adapters/aws/aws-call-recorder.ts';

/** The IAM requests each SDK command the adapters send is recorded as (the IAM tests evaluate these). */
const of = (service: 's3' | 'sqs' | 'dynamodb', command: string, input: Record<string, unknown>) =>
  callsOf({ service, command, input, region: 'us-east-1', accountId: '123456789012' });

describe('callsOf: SDK commands as IAM requests', () => {
  it('maps S3 object commands to the action that authorises them (HEAD is GetObject; multipart parts are PutObject)', () => {
    expect(of('s3', 'HeadObjectCommand', { Bucket: 'o', Key: 'originals/ab' })).toEqual([
      { action: 's3:GetObject', resource: 'arn:aws:s3:::o/originals/ab', command: 'HeadObjectCommand' },
    ]);
    for (const command of ['CreateMultipartUploadCommand', 'UploadPartCommand', 'CompleteMultipartUploadCommand', 'PutObjectCommand']) {
      expect(of('s3', command, { Bucket: 'o', Key: 'uploads/u' })[0]?.action, command).toBe('s3:PutObject');
    }
    expect(of('s3', 'ListPartsCommand', { Bucket: 'o', Key: 'uploads/u' })[0]?.action).toBe('s3:ListMultipartUploadParts');
    expect(of('s3', 'DeleteObjectCommand', { Bucket: 'o', Key: 'originals/ab', VersionId: 'v1' })[0]?.action).toBe('s3:DeleteObjectVersion');
    expect(of('s3', 'ListObjectsV2Command', { Bucket: 'o', Prefix: 'incoming/' })).toEqual([
      { action: 's3:ListBucket', resource: 'arn:aws:s3:::o', command: 'ListObjectsV2Command' },
    ]);
  });

  it('maps SQS batch commands to their single actions, on the queue ARN', () => {
    expect(of('sqs', 'DeleteMessageBatchCommand', { QueueUrl: 'http://127.0.0.1:4566/000000000000/jobs-1' })).toEqual([
      { action: 'sqs:DeleteMessage', resource: 'arn:aws:sqs:us-east-1:123456789012:jobs-1', command: 'DeleteMessageBatchCommand' },
    ]);
  });

  it('gives DynamoDB requests their partition key as dynamodb:LeadingKeys (plain or marshalled; the index key on an index)', () => {
    expect(of('dynamodb', 'GetItemCommand', { TableName: 't', Key: { pk: 'SESSION#x', sk: 'SESSION' } })[0]).toMatchObject({
      action: 'dynamodb:GetItem',
      resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/t',
      context: { 'dynamodb:LeadingKeys': ['SESSION#x'] },
    });
    expect(of('dynamodb', 'PutItemCommand', { TableName: 't', Item: { pk: { S: 'JOB#1' } } })[0]?.context).toEqual({ 'dynamodb:LeadingKeys': ['JOB#1'] });
    const query = {
      TableName: 't',
      KeyConditionExpression: '#gpk = :gpk',
      ExpressionAttributeNames: { '#gpk': 'gsi1pk' },
      ExpressionAttributeValues: { ':gpk': 'INVITES#p' },
      IndexName: 'gsi1',
    };
    expect(of('dynamodb', 'QueryCommand', query)[0]).toMatchObject({
      resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/t/index/gsi1',
      context: { 'dynamodb:LeadingKeys': ['INVITES#p'] },
    });
  });
});
