// Writes schema/qrcard.config.schema.json from the zod config schema (run after changing src/core/config.ts).
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/core/config.js';

const target = new URL('../schema/qrcard.config.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target.pathname}\n`);
