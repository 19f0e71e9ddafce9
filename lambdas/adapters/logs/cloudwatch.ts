import { type CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { NamedError } from '../named-error.ts';
import type { Indicators, LogPage, LogRecord, LogSource, LogWindow } from './port.ts';

export interface CloudWatchLogSourceOptions {
  client: CloudWatchLogsClient;
  logGroups: string[];
  /** Refuse (EvidenceTruncated) rather than return a partial window above this many records in total. */
  maxRecords?: number;
}

const DEFAULT_MAX_RECORDS = 50_000;
// FilterLogEvents rejects longer filter patterns.
const MAX_PATTERN_LENGTH = 1024;

function quote(term: string): string {
  return `?"${term.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Filter patterns that together OR every indicator (`?"203.0.113.7" ?"alice"`), split so none exceeds
 * the API limit. Terms match as case-sensitive substrings, so users are also searched in lower case;
 * a plain IPv4 term already finds `::ffff:a.b.c.d` and `a.b.c.d/32`. An empty list means "no filter".
 */
export function filterPatterns(indicators: Indicators): string[] {
  const terms = new Set<string>(indicators.ips);
  for (const u of indicators.users) terms.add(u).add(u.toLowerCase());
  const patterns: string[] = [];
  let current = '';
  for (const term of [...terms].filter((t) => t !== '').map(quote)) {
    if (current !== '' && current.length + 1 + term.length > MAX_PATTERN_LENGTH) {
      patterns.push(current);
      current = '';
    }
    current = current === '' ? term : `${current} ${term}`;
  }
  if (current !== '') patterns.push(current);
  return patterns;
}

function parseMessage(message: string): unknown {
  const text = message.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return message;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return message;
  }
}

/**
 * Reads the window from CloudWatch Logs with FilterLogEvents. The server-side term match is kept as is
 * (it may over-include, e.g. 203.0.113.70 for 203.0.113.7): for evidence, a few extra records beat a
 * missed one. SDK errors (ThrottlingException, ResourceNotFoundException) propagate with AWS's names.
 */
export class CloudWatchLogSource implements LogSource {
  private readonly client: CloudWatchLogsClient;
  private readonly logGroups: string[];
  private readonly maxRecords: number;

  constructor(opts: CloudWatchLogSourceOptions) {
    this.client = opts.client;
    this.logGroups = opts.logGroups;
    this.maxRecords = opts.maxRecords ?? DEFAULT_MAX_RECORDS;
  }

  async read(window: LogWindow, indicators: Indicators): Promise<LogRecord[]> {
    const hasIndicators = indicators.ips.length > 0 || indicators.users.length > 0;
    const patterns: (string | undefined)[] = hasIndicators ? filterPatterns(indicators) : [undefined];
    const out: { at: number; record: LogRecord }[] = [];
    for (const logGroup of this.logGroups) {
      // With several patterns an event can match more than one; eventId keeps it once.
      const seen = new Set<string>();
      for (const filterPattern of patterns) {
        let nextToken: string | undefined;
        do {
          const page = await this.client.send(
            new FilterLogEventsCommand({
              logGroupName: logGroup,
              startTime: window.start.getTime(),
              endTime: window.end.getTime(),
              filterPattern,
              nextToken,
            }),
          );
          for (const e of page.events ?? []) {
            if (e.eventId !== undefined) {
              if (seen.has(e.eventId)) continue;
              seen.add(e.eventId);
            }
            if (out.length >= this.maxRecords) {
              throw new NamedError(
                'EvidenceTruncated',
                `reading log group ${logGroup} went past ${this.maxRecords} records for the window; narrow it or raise maxRecords`,
              );
            }
            const at = e.timestamp ?? 0;
            const record = parseMessage(e.message ?? '');
            out.push({ at, record: { source: logGroup, timestamp: new Date(at).toISOString(), record } });
          }
          nextToken = page.nextToken;
        } while (nextToken);
      }
    }
    // Stable sort: one timeline across log groups, original order for equal timestamps.
    return out.sort((a, b) => a.at - b.at).map((r) => r.record);
  }

  /**
   * One FilterLogEvents page (up to `limit` events) of one log group and one pattern; the cursor names
   * the group, the pattern and CloudWatch's nextToken, so the read resumes in another invocation.
   */
  async readPage(
    window: LogWindow,
    indicators: Indicators,
    cursor: string | undefined,
    limit: number,
  ): Promise<LogPage> {
    const hasIndicators = indicators.ips.length > 0 || indicators.users.length > 0;
    const patterns: (string | undefined)[] = hasIndicators ? filterPatterns(indicators) : [undefined];
    const at: PageCursor = cursor ? (JSON.parse(cursor) as PageCursor) : { group: 0, pattern: 0 };
    const logGroup = this.logGroups[at.group];
    if (logGroup === undefined) return { records: [] };
    const page = await this.client.send(
      new FilterLogEventsCommand({
        logGroupName: logGroup,
        startTime: window.start.getTime(),
        endTime: window.end.getTime(),
        filterPattern: patterns[at.pattern],
        nextToken: at.token,
        limit: Math.min(limit, MAX_PAGE),
      }),
    );
    const records = (page.events ?? []).map((e) => ({
      source: logGroup,
      timestamp: new Date(e.timestamp ?? 0).toISOString(),
      record: parseMessage(e.message ?? ''),
    }));
    const next = nextCursor(at, page.nextToken, patterns.length, this.logGroups.length);
    return { records, ...(next ? { cursor: JSON.stringify(next) } : {}) };
  }
}

interface PageCursor {
  group: number;
  pattern: number;
  token?: string;
}

/** The same read's next page; else the next pattern, then the next group; undefined when all are read. */
function nextCursor(
  at: PageCursor,
  token: string | undefined,
  patterns: number,
  groups: number,
): PageCursor | undefined {
  if (token) return { ...at, token };
  if (at.pattern + 1 < patterns) return { group: at.group, pattern: at.pattern + 1 };
  return at.group + 1 < groups ? { group: at.group + 1, pattern: 0 } : undefined;
}

/** FilterLogEvents returns at most 10,000 events per call. */
const MAX_PAGE = 10_000;
