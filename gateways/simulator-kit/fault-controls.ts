import type { z } from 'zod';

/**
 * What a simulator's tester page offers besides its JSON control API: faults a form arms, outages
 * it starts and one-off actions (expire tokens, pay late), each described for a tester. A gateway
 * keeps its own list in its simulator folder (`fault-panel.ts`); this module turns a submitted
 * form into a change of that simulator's faults and reads back what is armed.
 */

/** How a fault's value is typed in. */
export type FaultInput =
  /** Nothing to fill in: arming turns the fault on. */
  | { kind: 'flag' }
  | { kind: 'choice'; label: string; options: ReadonlyArray<readonly [value: string, label: string]> }
  /**
   * A whole number typed in `unit` (between `min` and `max`), kept as that number times `scale`:
   * seconds typed, milliseconds kept.
   */
  | { kind: 'number'; label: string; unit: string; min: number; max: number; scale?: number }
  | { kind: 'text'; label: string; maxLength: number };

export interface PanelFault<Name extends string = string> {
  /** The fault's field in the gateway's faults, as the JSON control API names it. */
  name: Name;
  title: string;
  /** What the simulator does while it is armed. */
  description: string;
  input: FaultInput;
}

/** One field of an action's form. */
export type ActionField =
  | { kind: 'text'; name: string; label: string; maxLength: number }
  | {
      kind: 'choice';
      name: string;
      label: string;
      options: ReadonlyArray<readonly [value: string, label: string]>;
    };

/** Something a tester makes happen now rather than arms (every token expires, a payment comes late). */
export interface PanelAction {
  name: string;
  title: string;
  description: string;
  fields: readonly ActionField[];
  button: string;
  /** Does it; answers what stopped it, in words for the tester, or null when done. */
  run(form: Readonly<Record<string, string>>): Promise<string | null>;
}

/** A file the simulator publishes for a date (a settlement report): a date form that downloads it. */
export interface PanelDownload {
  title: string;
  description: string;
  /** Under the simulator's base path; the form adds `?date=YYYY-MM-DD`. */
  path: string;
}

/** A simulator's outages as the panel drives them, whatever shape its own outage book has. */
export interface PanelOutages {
  /** What one outage can take away: an API and its label (one entry where the whole gateway goes down). */
  apis: ReadonlyArray<readonly [api: string, label: string]>;
  take(api: string, forMs: number): void;
  restore(api: string): void;
  /** When a taken-away API answers again (milliseconds, on the simulator's clock), or null. */
  downUntil(api: string): number | null;
}

/** The longest outage the JSON control APIs accept, in seconds: a week. */
export const MAX_OUTAGE_SECONDS = 7 * 24 * 3600;

export interface ArmedFault {
  name: string;
  /** The payment it is limited to, or null for every payment. */
  key: string | null;
  title: string;
  /** Its value in words (`504 Gateway Time-out`, `30 seconds`). */
  value: string;
}

export interface FaultPanel {
  /** What the gateway calls the payment a fault can be limited to (its merchant transaction id). */
  keyName: string;
  faults: readonly PanelFault[];
  outages: PanelOutages | null;
  actions: readonly PanelAction[];
  downloads: readonly PanelDownload[];
  /** Faults armed now: those for every payment first, then those per payment. */
  armed(): ArmedFault[];
  /** State a tester should see beside the faults (events held back). */
  notes(): string[];
  /** Arms one fault from a form's value; answers what is wrong with the value, or null. */
  arm(name: string, value: string | undefined, key: string | null): string | null;
  disarm(name: string, key: string | null): void;
  /** Disarms every fault and ends every outage; payments stay. */
  clear(): void;
  /** The simulator's clock, which outages are timed on. */
  now(): number;
}

/** The part of a gateway's fault book (simulator-kit/faults.ts) the panel works through. */
export interface ArmableFaults<F extends object> {
  arm(changes: Partial<F>, key?: string): void;
  disarm(name: keyof F, key?: string): void;
  entries(): Array<{ key: string | null; faults: F }>;
  clear(): void;
}

export interface FaultPanelOptions<F extends object> {
  keyName: string;
  faults: readonly PanelFault<keyof F & string>[];
  book: ArmableFaults<F>;
  /** The gateway's faults schema: every value a form arms passes it, as the JSON API's do. */
  schema: z.ZodType<F>;
  outages?: PanelOutages & { clear(): void };
  actions?: readonly PanelAction[];
  downloads?: readonly PanelDownload[];
  notes?: () => string[];
  now: () => number;
}

/** The form's value as the fault holds it, or what is wrong with it. */
function parseValue(input: FaultInput, raw: string | undefined): { value: unknown } | { error: string } {
  const text = (raw ?? '').trim();
  switch (input.kind) {
    case 'flag':
      return { value: true };
    case 'choice':
      return input.options.some(([value]) => value === text)
        ? { value: text }
        : { error: `choose one of ${input.options.map(([value]) => value).join(', ')}` };
    case 'number': {
      const number = /^-?\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(number) || number < input.min || number > input.max) {
        return { error: `${input.label}: a whole number from ${input.min} to ${input.max}` };
      }
      return { value: number * (input.scale ?? 1) };
    }
    case 'text':
      if (text === '' || text.length > input.maxLength) {
        return { error: `${input.label}: between 1 and ${input.maxLength} characters` };
      }
      return { value: text };
  }
}

function describeValue(input: FaultInput | undefined, value: unknown): string {
  switch (input?.kind) {
    case 'flag':
      return value === true ? 'on' : String(value);
    case 'choice':
      return input.options.find(([option]) => option === value)?.[1] ?? String(value);
    case 'number':
      return typeof value === 'number' ? `${value / (input.scale ?? 1)} ${input.unit}` : String(value);
    case 'text':
      return String(value);
    default:
      // Set through the JSON control API, and not one the page offers.
      return JSON.stringify(value);
  }
}

export function createFaultPanel<F extends object>(options: FaultPanelOptions<F>): FaultPanel {
  const byName = new Map<string, PanelFault>(options.faults.map((fault) => [fault.name, fault]));
  return {
    keyName: options.keyName,
    faults: options.faults,
    outages: options.outages ?? null,
    actions: options.actions ?? [],
    downloads: options.downloads ?? [],

    armed() {
      return options.book.entries().flatMap(({ key, faults }) =>
        Object.entries(faults)
          .filter(([, value]) => value !== undefined)
          .map(([name, value]) => {
            const fault = byName.get(name);
            return { name, key, title: fault?.title ?? name, value: describeValue(fault?.input, value) };
          }),
      );
    },

    notes: () => options.notes?.() ?? [],

    arm(name, raw, key) {
      const fault = byName.get(name);
      if (!fault) return `no such fault: ${name}`;
      const parsed = parseValue(fault.input, raw);
      if ('error' in parsed) return parsed.error;
      const checked = options.schema.safeParse({ [name]: parsed.value });
      if (!checked.success) {
        return checked.error.issues.map((issue) => `${fault.title}: ${issue.message}`).join('; ');
      }
      options.book.arm(checked.data as Partial<F>, key ?? undefined);
      return null;
    },

    disarm(name, key) {
      options.book.disarm(name as keyof F, key ?? undefined);
    },

    clear() {
      options.book.clear();
      options.outages?.clear();
    },

    now: options.now,
  };
}

/** Where the panel's forms post, under the simulator's path; shared by the page and its routes. */
export const PANEL_PATHS = {
  arm: '/__simulator/panel/arm',
  disarm: '/__simulator/panel/disarm',
  outage: '/__simulator/panel/outage',
  restore: '/__simulator/panel/restore',
  clear: '/__simulator/panel/clear',
  /** Followed by `/<action name>`. */
  actions: '/__simulator/panel/actions',
} as const;
