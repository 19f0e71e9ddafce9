export interface LogWindow {
  start: Date;
  end: Date;
}

export interface Indicators {
  ips: string[];
  users: string[];
}

/** A log record as the source stored it, with where it came from. */
export interface LogRecord {
  source: string;
  timestamp: string;
  record: unknown;
}

/** One page of a read; `cursor` is where the next page starts (absent: the window is read whole). */
export interface LogPage {
  records: LogRecord[];
  cursor?: string;
}

/** Where authentication and access logs can be read back for evidence. */
export interface LogSource {
  /** Every record of the window that mentions one of the indicators (all records if none are given). */
  read(window: LogWindow, indicators: Indicators): Promise<LogRecord[]>;
  /** At most `limit` records of the same read, from `cursor` (undefined: the start). */
  readPage(
    window: LogWindow,
    indicators: Indicators,
    cursor: string | undefined,
    limit: number,
  ): Promise<LogPage>;
}
