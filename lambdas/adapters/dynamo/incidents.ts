import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type Closure,
  monthKey,
  monthKeys,
  type Suppression,
  suppressionKey,
  type VerdictRecord,
} from '../../core/case.ts';
import type { Incident, IncidentStatus, TimelineEntry } from '../../core/incident.ts';
import { batchPut } from './batch.ts';

/**
 * Incidents and their append-only timelines in one DynamoDB table:
 * pk = INCIDENT#<id>; sk = META for the incident, sk = E#<entry id> for each timeline entry.
 * Timeline entries are written with attribute_not_exists, so a re-delivered step never rewrites history.
 * The entry id alone is the key (not the time): a re-run step carries a later time but the same entry id.
 * The META item carries `listKey` (INCIDENTS#<month opened>): the ByMonth index (sort key openedAt) lists
 * incidents newest first without a scan.
 */
export class IncidentStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Create the incident, or return the one already open under this id (created: false). */
  async open(incident: Incident): Promise<{ incident: Incident; created: boolean }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: pk(incident.id), sk: 'META', [LIST_KEY]: monthKey(incident.openedAt), ...incident },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { incident, created: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.get(incident.id);
      if (!existing) throw error;
      return { incident: existing, created: false };
    }
  }

  /**
   * A later alert of the campaign joins: its id is added once, and the severity rises to the alert's if that
   * is higher — never lower. Both are conditional updates, so a re-delivered alert changes nothing.
   */
  async joinAlert(id: string, alert: { alertId: string; severity: number }, at: Date): Promise<void> {
    const updates = [
      {
        UpdateExpression: 'SET alertIds = list_append(alertIds, :ids), updatedAt = :u',
        ConditionExpression: 'attribute_exists(pk) AND NOT contains(alertIds, :id)',
        ExpressionAttributeValues: { ':ids': [alert.alertId], ':id': alert.alertId, ':u': at.toISOString() },
      },
      {
        UpdateExpression: 'SET severity = :s',
        ConditionExpression: 'attribute_exists(pk) AND severity < :s',
        ExpressionAttributeValues: { ':s': alert.severity },
      },
    ];
    for (const update of updates) {
      await this.client
        .send(new UpdateCommand({ TableName: this.tableName, Key: { pk: pk(id), sk: 'META' }, ...update }))
        .catch((error) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    }
  }

  async get(id: string): Promise<Incident | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: pk(id), sk: 'META' }, ConsistentRead: true }),
    );
    return Item ? toIncident(Item) : undefined;
  }

  /**
   * Append one entry. `entryId` makes the write idempotent: the same step re-run writes nothing new.
   * Returns false when the entry was already there.
   */
  async append(id: string, entryId: string, entry: TimelineEntry): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: pk(id), sk: `E#${entryId}`, entryId, ...entry },
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Append many entries at once (BatchWriteItem), for the writer that reports on thousands of incidents.
   * Entry keys are deterministic, so a re-run writes the same items again and adds nothing.
   */
  async appendMany(
    entries: readonly { incidentId: string; entryId: string; entry: TimelineEntry }[],
  ): Promise<void> {
    await batchPut(
      this.client,
      this.tableName,
      entries.map(({ incidentId, entryId, entry }) => ({
        pk: pk(incidentId),
        sk: `E#${entryId}`,
        entryId,
        ...entry,
      })),
    );
  }

  /** Remember which incident an approval request (task token) belongs to, so its answer lands there. */
  async rememberApproval(taskToken: string, incidentId: string, at: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: 'APPROVAL', sk: tokenKey(taskToken), incidentId, at },
      }),
    );
  }

  /** Record a human's answer to an approval request on its incident; false when the token is unknown. */
  async recordApprovalAnswer(taskToken: string, entry: TimelineEntry): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: 'APPROVAL', sk: tokenKey(taskToken) },
        ConsistentRead: true,
      }),
    );
    if (!Item) return false;
    await this.append(String(Item.incidentId), `approval-answer:${tokenKey(taskToken)}`, entry);
    return true;
  }

  /** An operator switch (e.g. the blocking kill switch), or undefined when never set. */
  async control(name: string): Promise<Control | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: 'CONTROL', sk: name }, ConsistentRead: true }),
    );
    return Item
      ? { on: Boolean(Item.on), by: String(Item.by), at: String(Item.at), reason: String(Item.reason) }
      : undefined;
  }

  async setControl(name: string, control: Control): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: 'CONTROL', sk: name, ...control } }),
    );
  }

  async timeline(id: string): Promise<TimelineEntry[]> {
    const entries: TimelineEntry[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :t)',
          ExpressionAttributeValues: { ':pk': pk(id), ':t': 'E#' },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const { pk: _pk, sk: _sk, entryId: _id, ...entry } of page.Items ?? [])
        entries.push(entry as TimelineEntry);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    // Time order; stable, so entries of the same instant stay in entry-id order.
    return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  async setStatus(id: string, status: IncidentStatus, at: Date): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: pk(id), sk: 'META' },
        UpdateExpression: 'SET #s = :s, updatedAt = :u',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': status, ':u': at.toISOString() },
      }),
    );
  }

  /** Claim the right to page about `status`; false when that status was already paged (re-delivery). */
  async claimPage(id: string, status: IncidentStatus): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pk(id), sk: 'META' },
          UpdateExpression: 'SET pagedStatus = :s',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(pagedStatus) OR pagedStatus <> :s)',
          ExpressionAttributeValues: { ':s': status },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Give back a page claim when the page could not be sent, so a retry pages again. */
  async releasePage(id: string, status: IncidentStatus): Promise<void> {
    await this.client
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pk(id), sk: 'META' },
          UpdateExpression: 'REMOVE pagedStatus',
          ConditionExpression: 'pagedStatus = :s',
          ExpressionAttributeValues: { ':s': status },
        }),
      )
      .catch((error) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  /**
   * Incidents opened at or after `since`, newest first, at most `limit`: one Query of the ByMonth index per
   * month from now back to `since` (no scan). `keep` filters before the limit counts.
   */
  async listSince(
    since: Date,
    now: Date,
    limit: number,
    keep: (incident: Incident) => boolean = () => true,
  ): Promise<Incident[]> {
    const out: Incident[] = [];
    for (const key of monthKeys(since, now)) {
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: LIST_INDEX,
            KeyConditionExpression: '#k = :k AND openedAt >= :since',
            ExpressionAttributeNames: { '#k': LIST_KEY },
            ExpressionAttributeValues: { ':k': key, ':since': since.toISOString() },
            ScanIndexForward: false,
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) {
          const incident = toIncident(item);
          if (keep(incident)) out.push(incident);
          if (out.length >= limit) return out;
        }
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }
    return out;
  }

  /**
   * Set case fields on an open case (owner, verdict) or close it: a conditional update, so a case closed
   * in the meantime is never changed. False when the incident is missing or already closed.
   */
  async updateCase(
    id: string,
    change: { owner: string } | { verdict: VerdictRecord } | { closure: Closure },
    at: Date,
  ): Promise<boolean> {
    const [field, value] = Object.entries(change)[0] as [string, unknown];
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pk(id), sk: 'META' },
          UpdateExpression: 'SET #f = :v, updatedAt = :u',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(closure)',
          ExpressionAttributeNames: { '#f': field },
          ExpressionAttributeValues: { ':v': value, ':u': at.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Propose a suppression (pk SUPPRESSION, sk <kind>:<value>): written once; a later false positive on the
   * same address keeps the first proposal (and an accepted or rejected decision) as it is.
   */
  async proposeSuppression(suppression: Suppression): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: 'SUPPRESSION', sk: suppressionKey(suppression), ...suppression },
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Every suppression, candidates and decided (one Query of the SUPPRESSION partition). */
  async suppressions(): Promise<Suppression[]> {
    const out: Suppression[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': 'SUPPRESSION' },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const { pk: _pk, sk: _sk, ...item } of page.Items ?? []) out.push(item as Suppression);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
  }

  /** Accept or reject a candidate; false when there is no such candidate (unknown, or decided already). */
  async decideSuppression(
    key: Pick<Suppression, 'kind' | 'value'>,
    decision: Required<Pick<Suppression, 'state' | 'decidedBy' | 'decidedAt' | 'decisionReason'>>,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: 'SUPPRESSION', sk: suppressionKey(key) },
          UpdateExpression: 'SET #s = :s, decidedBy = :b, decidedAt = :a, decisionReason = :r',
          ConditionExpression: 'attribute_exists(sk) AND #s = :candidate',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: {
            ':s': decision.state,
            ':b': decision.decidedBy,
            ':a': decision.decidedAt,
            ':r': decision.decisionReason,
            ':candidate': 'candidate',
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Every incident (a scan): for small local states and tools, not for the hot path (use listSince). */
  async list(): Promise<Incident[]> {
    const incidents: Incident[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'sk = :meta',
          ExpressionAttributeValues: { ':meta': 'META' },
          ExclusiveStartKey,
        }),
      );
      incidents.push(...(page.Items ?? []).map(toIncident));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return incidents.sort((a, b) => a.openedAt.localeCompare(b.openedAt));
  }
}

export interface Control {
  on: boolean;
  by: string;
  at: string;
  reason: string;
}

/** Task tokens can be a kilobyte long: key them by their digest. */
const tokenKey = (taskToken: string) => createHash('sha256').update(taskToken).digest('hex');

const pk = (id: string) => `INCIDENT#${id}`;

/** The index that lists incidents by the month they opened in (declared in lib/constructs/state-tables.ts). */
export const LIST_INDEX = 'ByMonth';
export const LIST_KEY = 'listKey';

function toIncident(item: Record<string, unknown>): Incident {
  const { pk: _pk, sk: _sk, [LIST_KEY]: _list, ...incident } = item;
  return incident as unknown as Incident;
}
