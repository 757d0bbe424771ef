// Coverage per folder of src/ from c8's json-summary, and the floors some folders are held to. c8 checks the
// overall floor itself (.c8rc.json) but knows no folders. `npm run coverage` runs this after c8.
// Usage: node --import tsx scripts/coverage-floors.ts [coverage/coverage-summary.json]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';

/** Minimum line and branch percentages per folder (its own files, not those of subfolders). Raise them, never lower them. */
const FOLDER_FLOORS: Readonly<Record<string, Floor>> = {
  deploy: { lines: 95, branches: 90 },
  'local/cloudformation': { lines: 95, branches: 90 },
  'local/cloudformation/provisioners': { lines: 95, branches: 90 },
};

interface Floor {
  readonly lines: number;
  readonly branches: number;
}

const counts = z.object({ total: z.number(), covered: z.number() });
const fileSummary = z.object({ lines: counts, branches: counts, functions: counts });
const summarySchema = z.record(z.string(), fileSummary);

type Counts = z.infer<typeof counts>;

interface FolderFigures {
  readonly folder: string;
  readonly lines: Counts;
  readonly branches: Counts;
  readonly functions: Counts;
}

const add = (a: Counts, b: Counts): Counts => ({ total: a.total + b.total, covered: a.covered + b.covered });

/** Per cent covered, 100 for nothing to cover (as istanbul reports it). */
function percent(figure: Counts): number {
  return figure.total === 0 ? 100 : (100 * figure.covered) / figure.total;
}

/** Sums the files of the summary by the folder below `sourceRoot` that holds them, sorted by folder. */
function folderFigures(summary: z.infer<typeof summarySchema>, sourceRoot: string): FolderFigures[] {
  const folders = new Map<string, FolderFigures>();
  for (const [file, figures] of Object.entries(summary)) {
    if (file === 'total') continue;
    const folder = path.dirname(path.relative(sourceRoot, file));
    const sum = folders.get(folder);
    folders.set(
      folder,
      sum === undefined
        ? { folder, lines: figures.lines, branches: figures.branches, functions: figures.functions }
        : {
            folder,
            lines: add(sum.lines, figures.lines),
            branches: add(sum.branches, figures.branches),
            functions: add(sum.functions, figures.functions),
          },
    );
  }
  return [...folders.values()].sort((a, b) => a.folder.localeCompare(b.folder));
}

/** One line per figure below its folder's floor; a floored folder with no files at all counts as failing. */
function floorFailures(figures: readonly FolderFigures[], floors: Readonly<Record<string, Floor>>): string[] {
  return Object.entries(floors).flatMap(([folder, floor]) => {
    const found = figures.find((entry) => entry.folder === folder);
    if (found === undefined) return [`${folder}: no coverage figures (is the folder still there?)`];
    return (['lines', 'branches'] as const)
      .filter((kind) => percent(found[kind]) < floor[kind])
      .map((kind) => `${folder}: ${kind} ${percent(found[kind]).toFixed(2)}% is below its floor of ${floor[kind]}%`);
  });
}

function table(figures: readonly FolderFigures[], floors: Readonly<Record<string, Floor>>): string {
  const width = Math.max(6, ...figures.map((entry) => entry.folder.length));
  const cell = (figure: Counts) => `${percent(figure).toFixed(2).padStart(7)}%`;
  const header = `${'folder'.padEnd(width)}     lines  branches functions  floor (lines/branches)`;
  const rows = figures.map((entry) => {
    const floor = floors[entry.folder];
    const floorText = floor === undefined ? '' : `  ${floor.lines}/${floor.branches}`;
    return `${entry.folder.padEnd(width)}  ${cell(entry.lines)}  ${cell(entry.branches)}  ${cell(entry.functions)}${floorText}`;
  });
  return [header, ...rows].join('\n');
}

function main(argv: readonly string[]): void {
  const summaryFile = path.resolve(argv[0] ?? 'coverage/coverage-summary.json');
  const summary = summarySchema.parse(JSON.parse(readFileSync(summaryFile, 'utf8')));
  const figures = folderFigures(summary, path.resolve('src'));
  process.stdout.write(`\nCoverage per folder of src/\n${table(figures, FOLDER_FLOORS)}\n`);
  const failures = floorFailures(figures, FOLDER_FLOORS);
  if (failures.length === 0) return;
  process.stderr.write(`\nERROR: folders below their coverage floor:\n${failures.map((line) => `  ${line}`).join('\n')}\n`);
  process.exitCode = 1;
}

main(process.argv.slice(2));
