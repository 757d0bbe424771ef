// Prints size and safety figures of a source tree: the longest functions, `as` casts (not `as const`) and
// non-null assertions per folder. Usage: node --import tsx scripts/code-metrics.ts [dir] [--top N]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

interface FunctionSize {
  readonly file: string;
  readonly name: string;
  readonly lines: number;
}

interface FileFigures {
  readonly functions: FunctionSize[];
  readonly casts: number;
  readonly nonNull: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function functionName(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) return node.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText();
  return '(anonymous)';
}

function measure(file: string, root: string): FileFigures {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const relative = path.relative(root, file);
  const functions: FunctionSize[] = [];
  let casts = 0;
  let nonNull = 0;
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      if (node.body)
        functions.push({ file: relative, name: functionName(node), lines: lineOf(node.body.getEnd()) - lineOf(node.getStart(source)) + 1 });
    }
    if (ts.isAsExpression(node) && !(ts.isTypeReferenceNode(node.type) && node.type.typeName.getText() === 'const')) casts += 1;
    if (ts.isTypeAssertionExpression(node)) casts += 1;
    if (ts.isNonNullExpression(node)) nonNull += 1;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { functions, casts, nonNull };
}

function main(argv: readonly string[]): void {
  const topIndex = argv.indexOf('--top');
  const top = topIndex >= 0 ? Number(argv[topIndex + 1]) : 10;
  const root = path.resolve(argv.find((arg, index) => !arg.startsWith('--') && argv[index - 1] !== '--top') ?? 'src');
  const byFolder = new Map<string, { casts: number; nonNull: number }>();
  const functions: FunctionSize[] = [];
  for (const file of sourceFiles(root)) {
    const figures = measure(file, root);
    functions.push(...figures.functions);
    const folder = path.relative(root, file).split(path.sep)[0] ?? '.';
    const totals = byFolder.get(folder) ?? { casts: 0, nonNull: 0 };
    byFolder.set(folder, { casts: totals.casts + figures.casts, nonNull: totals.nonNull + figures.nonNull });
  }
  functions.sort((a, b) => b.lines - a.lines);
  console.log(`longest functions in ${root}:`);
  for (const fn of functions.slice(0, top)) console.log(`  ${String(fn.lines).padStart(4)}  ${fn.file}  ${fn.name}`);
  const local = functions.filter((fn) => fn.file.startsWith(`local${path.sep}`));
  console.log(
    `functions over 80 lines: ${functions.filter((fn) => fn.lines > 80).length} (in local/: ${local.filter((fn) => fn.lines > 80).length})`,
  );
  console.log('casts (as, not as const) and non-null assertions by folder:');
  let casts = 0;
  let nonNull = 0;
  for (const [folder, totals] of [...byFolder].sort()) {
    console.log(`  ${folder.padEnd(12)} ${String(totals.casts).padStart(4)} ${String(totals.nonNull).padStart(4)}`);
    casts += totals.casts;
    nonNull += totals.nonNull;
  }
  console.log(`  ${'total'.padEnd(12)} ${String(casts).padStart(4)} ${String(nonNull).padStart(4)}`);
}

main(process.argv.slice(2));
