import { UsageError } from '../cli/target.ts';
import { evidenceEvents } from '../report/evidence-events.ts';
import { writeAll } from '../report/output.ts';
import { openIncidents, type ReadOptions, readIncidentRecords } from '../report/records.ts';
import { type IocBundle, iocBundle, type StixObject, TLP_LEVELS, type TlpLevel } from './stix.ts';

export const IOC_FORMATS = ['stix', 'csv'] as const;
export type IocFormat = (typeof IOC_FORMATS)[number];

export interface IocRequest extends ReadOptions {
  format: IocFormat;
  tlp: TlpLevel;
  anonymize: boolean;
  producer: string;
  out?: string;
}

export interface IocResult {
  format: IocFormat;
  tlp: TlpLevel;
  anonymized: boolean;
  indicators: number;
  bundleId: string;
  written: string[];
  stdout?: string;
  /** Why the export is empty, when it is. */
  empty?: string;
}

export function checkIocOptions(o: { format?: string; tlp?: string }): { format: IocFormat; tlp: TlpLevel } {
  const format = (o.format ?? 'stix').toLowerCase();
  if (!(IOC_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format takes ${IOC_FORMATS.join(' or ')}, not "${o.format}"`);
  const tlp = (o.tlp ?? 'amber').toLowerCase().replace(/^tlp:/, '');
  if (!(TLP_LEVELS as readonly string[]).includes(tlp))
    throw new UsageError(`--tlp takes ${TLP_LEVELS.join(', ')}, not "${o.tlp}"`);
  return { format: format as IocFormat, tlp: tlp as TlpLevel };
}

/** `riposte iocs INCIDENT`: the incident's indicators as a STIX 2.1 bundle or CSV, written all at once. */
export async function exportIocs(id: string, request: IocRequest): Promise<IocResult> {
  const reader = await openIncidents(request);
  let result: IocBundle;
  try {
    request.progress(`reading ${id} and its evidence…`);
    const records = await readIncidentRecords(reader, id);
    result = iocBundle({
      incident: records.incident,
      timeline: records.timeline,
      events: evidenceEvents(records.logs).events,
      tlp: request.tlp,
      anonymize: request.anonymize,
      producer: request.producer,
    });
  } finally {
    await reader.close();
  }
  const text =
    request.format === 'stix' ? `${JSON.stringify(result.bundle, null, 2)}\n` : toCsv(result, request.tlp);
  const base = {
    format: request.format,
    tlp: request.tlp,
    anonymized: request.anonymize,
    indicators: result.indicators,
    bundleId: result.bundle.id,
    ...(result.empty ? { empty: result.empty } : {}),
  };
  if (!request.out) return { ...base, written: [], stdout: text };
  return { ...base, written: writeAll([{ path: request.out, content: text }]) };
}

const CSV_HEAD = [
  'type',
  'value',
  'valid_from',
  'valid_until',
  'count',
  'first_seen',
  'last_seen',
  'techniques',
  'tlp',
];

/** One row per indicator, with its sighting and the techniques it indicates (RFC 4180 quoting). */
export function toCsv(result: IocBundle, tlp: TlpLevel): string {
  const objects = result.bundle.objects ?? [];
  const byId = new Map(objects.map((o) => [o.id, o]));
  const rows = objects
    .filter((o) => o.type === 'indicator')
    .map((indicator) => {
      const sighting = objects.find((o) => o.type === 'sighting' && o.sighting_of_ref === indicator.id);
      const techniques = objects
        .filter((o) => o.type === 'relationship' && o.source_ref === indicator.id)
        .map((r) => externalId(byId.get(String(r.target_ref))));
      const match = /^\[([a-z0-9-]+):.*= '(.*)'\]$/.exec(String(indicator.pattern));
      return [
        match?.[1] ?? 'pattern',
        (match?.[2] ?? String(indicator.pattern)).replaceAll("\\'", "'").replaceAll('\\\\', '\\'),
        String(indicator.valid_from ?? ''),
        String(indicator.valid_until ?? ''),
        String(sighting?.count ?? ''),
        String(sighting?.first_seen ?? ''),
        String(sighting?.last_seen ?? ''),
        techniques.join(' '),
        `TLP:${tlp.toUpperCase()}`,
      ];
    });
  return `${[CSV_HEAD, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function externalId(o: StixObject | undefined): string {
  const refs = o?.external_references as { external_id?: string }[] | undefined;
  return refs?.[0]?.external_id ?? '';
}

function csvCell(value: string): string {
  // A leading =, +, - or @ would run as a formula in a spreadsheet: prefix it with a quote.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
