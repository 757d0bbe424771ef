// Finds what makes an SVG logo unsafe or non-portable to render: scripts, event handlers and
// references to anything outside the file (the renderer would fetch or read them).

/** Problems found in `svg`, one line each; empty when the SVG only draws itself. */
export function svgProblems(svg: string): string[] {
  const problems: string[] = [];
  if (/<script[\s>]/i.test(svg)) problems.push('contains a <script> element');
  if (/<foreignObject[\s>]/i.test(svg)) problems.push('contains a <foreignObject> element');
  if (/<!ENTITY/i.test(svg)) problems.push('declares XML entities');
  if (/<\?xml-stylesheet/i.test(svg)) problems.push('links an external stylesheet');
  if (/@import/i.test(svg)) problems.push('imports an external stylesheet');
  const handler = /\son[a-z]+\s*=/i.exec(svg);
  if (handler) problems.push(`has an event handler attribute (${handler[0].trim().replace(/\s*=$/, '')})`);
  for (const match of svg.matchAll(/(?:xlink:)?href\s*=\s*(["'])(.*?)\1/gi)) {
    const target = match[2]!.trim();
    if (!target.startsWith('#') && !/^data:image\//i.test(target)) problems.push(`references an external file (${target})`);
  }
  for (const match of svg.matchAll(/url\(\s*(["']?)(.*?)\1\s*\)/gi)) {
    const target = match[2]!.trim();
    if (!target.startsWith('#') && !/^data:image\//i.test(target)) problems.push(`references an external file (${target})`);
  }
  return [...new Set(problems)];
}

/** Whether `bytes` look like an SVG document rather than a raster image. */
export function looksLikeSvg(bytes: Buffer): boolean {
  const head = bytes
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return head.startsWith('<') && /<svg[\s>]/i.test(head);
}
