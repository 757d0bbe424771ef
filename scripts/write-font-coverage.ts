// Writes src/core/font-coverage-table.ts from the bundled fonts (run after changing assets/fonts or BUNDLED_FONTS).
import { writeFileSync } from 'node:fs';
import { COVERAGE_MODULE, fontCoverageModuleSource } from './font-coverage.js';

writeFileSync(COVERAGE_MODULE, fontCoverageModuleSource());
process.stdout.write(`wrote ${COVERAGE_MODULE.pathname}\n`);
