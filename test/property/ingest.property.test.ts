import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUTH_LOG_FORMATS } from '../../lambdas/core/auth-event.ts';
import { normalizeRecord, parseAuthLog, UnparsableRecordError } from '../../lambdas/core/ingest/index.ts';

/** Records that look like each format, with any values in their fields: the adapters' worst inputs. */
const FIELDS = [
  'EventID',
  'TargetUserName',
  'IpAddress',
  'Status',
  'SubStatus',
  '@timestamp',
  'WorkstationName',
  'LogonType',
  'eventSource',
  'eventName',
  'eventTime',
  'userIdentity',
  'responseElements',
  'sourceIPAddress',
  'eventType',
  'published',
  'actor',
  'client',
  'outcome',
  'target',
  'userPrincipalName',
  'status',
  'createdDateTime',
  'ipAddress',
  'location',
  'properties',
  'type',
  'date',
  'user_name',
  'ip',
  'detail',
  'detail-type',
  'eventResponse',
  'userName',
  'eventTimestamp',
  'challenges',
  'time',
  'user',
  'Event',
  'System',
  'winlog',
];
const record = fc.dictionary(fc.constantFrom(...FIELDS), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 12 });

describe('normalizeRecord on arbitrary JSON', () => {
  it('returns an event or throws UnparsableRecord, nothing else', () => {
    fc.assert(
      fc.property(
        fc.oneof(record, fc.jsonValue()),
        fc.option(fc.constantFrom(...AUTH_LOG_FORMATS)),
        (value, format) => {
          try {
            const e = normalizeRecord(value, format ?? undefined);
            expect(Number.isFinite(e.time)).toBe(true);
            expect(typeof e.user).toBe('string');
          } catch (error) {
            expect(error).toBeInstanceOf(UnparsableRecordError);
            expect((error as Error).name).toBe('UnparsableRecord');
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('parseAuthLog accounts for every non-blank line, as an event or a rejection', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            record.map((r) => JSON.stringify(r)),
            fc.string(),
          ),
          { maxLength: 20 },
        ),
        (lines) => {
          const clean = lines.map((l) => l.replace(/[\r\n]/g, ' '));
          // A first line that is not JSON keeps the reader on JSON lines (not a whole-file array or object).
          const text = ['# export', ...clean].join('\n');
          const log = parseAuthLog(text);
          expect(log.events.length + log.rejected.length).toBe(
            1 + clean.filter((l) => l.trim() !== '').length,
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
