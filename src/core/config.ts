// The qrcard.config.json schema: one zod schema for validation, defaults and the editor JSON Schema.
import * as z from 'zod';
import { isSupportedCountry } from 'libphonenumber-js/min';
import { CARD_TYPE_ID_PATTERN } from './identifiers.js';
import { LOG_RETENTION_DAYS } from './log-retention.js';
import { textLine } from './text.js';

export const CONFIG_FILE_NAME = 'qrcard.config.json';

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: 'must be a colour like "#1a73e8"' });

const resourceWord = (what: string, max: number) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, { message: `${what} must start with a lowercase letter and use only a-z, 0-9 and "-"` })
    .max(max, { message: `${what} must be at most ${max} characters` })
    .refine((value) => !value.endsWith('-') && !value.includes('--'), {
      message: `${what} must not end with "-" or contain "--"`,
    });

export const appNameSchema = resourceWord('app name', 24);
export const stageNameSchema = resourceWord('stage', 16);

export const cardTypeSchema = z.strictObject({
  id: z.string().regex(CARD_TYPE_ID_PATTERN, { message: 'card type id must be 1-32 of a-z, 0-9, "-", starting with a letter' }),
  label: z.string().trim().min(1, { message: 'label must not be empty' }).max(32, { message: 'label must be at most 32 characters' }),
  accent: hexColor,
});
export type CardType = z.infer<typeof cardTypeSchema>;

const defaultCardTypes: CardType[] = [
  { id: 'attendee', label: 'ATTENDEE', accent: '#1a73e8' },
  { id: 'speaker', label: 'SPEAKER', accent: '#d93025' },
  { id: 'staff', label: 'STAFF', accent: '#188038' },
];

export const brandingSchema = z.strictObject({
  logo: z.string().min(1).optional().describe('Path to a PNG or SVG logo, relative to the config file. Default: the qrcard logo.'),
  fonts: z
    .array(z.string().min(1))
    .default([])
    .describe('Extra TrueType/OpenType font files, tried before the bundled fonts, relative to the config file.'),
  colors: z
    .strictObject({
      background: hexColor.default('#ffffff'),
      text: hexColor.default('#202124'),
      muted: hexColor.default('#5f6368'),
    })
    .prefault({}),
});

/** Longest event name and tagline: the name fits two lines of the card's header, the tagline one line under it. */
export const EVENT_NAME_MAX = 48;
export const EVENT_TAGLINE_MAX = 48;

export const eventSchema = z
  .strictObject({
    name: textLine('event name', EVENT_NAME_MAX),
    tagline: z
      .optional(textLine('event tagline', EVENT_TAGLINE_MAX))
      .describe('A date, place or tagline under the event name, e.g. "12-14 May 2027 · Lisbon".'),
  })
  .describe(
    'The event the cards are for: its name (e.g. "Lisbon Tech Summit 2026") heads every card. Default: none, the logo alone heads the card.',
  );
export type CardEvent = z.infer<typeof eventSchema>;

export const qrSchema = z
  .strictObject({
    payload: z.enum(['vcard', 'tel', 'url']).default('vcard').describe('What the QR code encodes.'),
    url: z.string().optional().describe('For payload "url": a URL template; {user_id} and {type} are replaced.'),
  })
  .refine((qr) => qr.payload !== 'url' || (qr.url !== undefined && /^https?:\/\/\S+$/.test(qr.url)), {
    message: 'payload "url" needs "url", an http(s) URL template such as "https://example.com/u/{user_id}"',
    path: ['url'],
  });

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  app: appNameSchema.default('qrcard'),
  stage: stageNameSchema.default('dev').describe('Default stage; --stage overrides it.'),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'region must look like "us-east-1"' })
    .default('us-east-1'),
  architecture: z.enum(['arm64', 'x86_64']).default('arm64').describe('Lambda architecture.'),
  retainData: z
    .boolean()
    .optional()
    .describe('Keep the users table and cards bucket when the stack is deleted. Default: true for stages named like prod.'),
  logRetentionDays: z
    .literal(LOG_RETENTION_DAYS, { error: `log retention must be one of ${LOG_RETENTION_DAYS.join(', ')} days` })
    .default(30),
  defaultCountry: z
    .string()
    .refine((code) => isSupportedCountry(code), { message: 'defaultCountry must be an ISO 3166 country code such as "US" or "KR"' })
    .default('US')
    .describe('Country used to read phone numbers given without a +country code.'),
  cardTypes: z
    .array(cardTypeSchema)
    .min(1)
    .default(defaultCardTypes)
    .refine((types) => new Set(types.map((type) => type.id)).size === types.length, {
      message: 'card type ids must be unique',
    }),
  card: z
    .strictObject({
      width: z.int().min(300).max(4096).default(1050),
      height: z.int().min(200).max(4096).default(600),
    })
    .prefault({})
    .describe('Card size in pixels; the default is 3.5 x 2 in at 300 dpi.'),
  event: eventSchema.optional(),
  branding: brandingSchema.prefault({}),
  qr: qrSchema.prefault({}),
  api: z
    .strictObject({
      rateLimit: z.number().positive().default(50).describe('Steady requests per second across the API.'),
      burstLimit: z.int().positive().default(100),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/**
 * A config is parsed once per process, so zod's compiled fast path (built with `new Function` on a schema's
 * first parse) would cost more than it saves; bulk parsers of records keep it.
 */
export const PARSE_ONCE = { jitless: true } as const;

/** The configuration used when there is no qrcard.config.json. */
export function defaultConfig(): Config {
  return configSchema.parse({}, PARSE_ONCE);
}

/** Whether a stage keeps its data on delete: the config's choice, else true for prod-like stage names. */
export function retainsData(config: Pick<Config, 'retainData'>, stage: string): boolean {
  return config.retainData ?? /(^|-)prod(uction)?($|-)/.test(stage);
}

/** The JSON Schema for editors, derived from the zod schema. */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7' });
}
