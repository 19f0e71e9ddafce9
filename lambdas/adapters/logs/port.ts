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

/** Where authentication and access logs can be read back for evidence. */
export interface LogSource {
  /** Every record of the window that mentions one of the indicators (all records if none are given). */
  read(window: LogWindow, indicators: Indicators): Promise<LogRecord[]>;
}
